import { getLocale } from '../i18n';
import type { ErrorBody } from '../../server/errors';

/**
 * A failed API request. `status` and `code` come from the API.md error body; a request that
 * never reached the server has status 0 and code `NETWORK`, and an answer that was not the
 * JSON error body keeps its status with code `BAD_RESPONSE`.
 */
export class ApiError extends Error {
  /** The HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** The stable UPPER_SNAKE code of API.md, or NETWORK / BAD_RESPONSE. */
  readonly code: string;
  /** For validation errors, the field at fault (a dotted path), when the server named one. */
  readonly field: string | null;
  /** The error body as the server sent it, when it sent one. */
  readonly body: ErrorBody | null;

  constructor(status: number, code: string, message: string, body: ErrorBody | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
    this.field = body?.field ?? null;
  }

  /** True when the request never reached the server (offline, refused, aborted by the network). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

/** Query-string values; undefined and null are left out. */
export type QueryValues = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Options of one request. */
export interface RequestOptions {
  /** Added to the path as a query string. */
  query?: QueryValues;
  /** Cancels the request; the promise then rejects with the AbortError (not an ApiError). */
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
let csrfRefresher: (() => Promise<string | null>) | null = null;

/** Sets the CSRF token sent as `x-csrf-token` on every request that is not a GET. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Sets how a fresh CSRF token is obtained when the server answers 403 `CSRF` (the session
 * changed in another tab): the request is then sent once more with the new token.
 */
export function setCsrfRefresher(refresh: (() => Promise<string | null>) | null): void {
  csrfRefresher = refresh;
}

/**
 * Builds an API path, encoding each interpolated value as one path segment:
 * apiPath`/api/users/${username}/journal`.
 */
export function apiPath(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  return strings.reduce(
    (path, part, index) => path + part + (index < values.length ? encodeURIComponent(String(values[index])) : ''),
    '',
  );
}

function withQuery(path: string, query: QueryValues | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body['code'] === 'string' && typeof body['message'] === 'string';
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

async function send(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    // The server writes its error sentences in the interface's language.
    'accept-language': getLocale(),
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: options.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
}

async function request<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, body, options);
  if (response.status === 403 && method !== 'GET' && csrfRefresher) {
    const answer = await readJson(response.clone());
    if (isErrorBody(answer) && answer.code === 'CSRF' && (await csrfRefresher()) !== null) {
      response = await send(method, path, body, options);
    }
  }
  if (response.status === 204) return undefined as T;
  const answer = await readJson(response);
  if (!response.ok) {
    if (isErrorBody(answer)) throw new ApiError(response.status, answer.code, answer.message, answer);
    throw new ApiError(response.status, 'BAD_RESPONSE', `${response.status} ${response.statusText}`);
  }
  if (answer === undefined) {
    throw new ApiError(response.status, 'BAD_RESPONSE', `Expected JSON from ${method} ${path}`);
  }
  return answer as T;
}

/**
 * The typed JSON client of the Grassroots API. Paths are absolute (`/api/...`); bodies are
 * sent as JSON; cookies go along (same origin); every request that is not a GET carries
 * `x-csrf-token`. A failed request rejects with an ApiError. The type parameter states the
 * answer's shape as API.md describes it; it is not checked at run time.
 */
export const api = {
  /** GET `path` and return its JSON answer. */
  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return request<T>('GET', path, undefined, options);
  },
  /** POST `body` as JSON to `path`. */
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return request<T>('POST', path, body, options);
  },
  /** PUT `body` as JSON to `path`. */
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return request<T>('PUT', path, body, options);
  },
  /** PATCH `path` with `body` as JSON. */
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return request<T>('PATCH', path, body, options);
  },
  /** DELETE `path`; resolves to undefined on 204 No Content. */
  del<T = void>(path: string, options?: RequestOptions): Promise<T> {
    return request<T>('DELETE', path, undefined, options);
  },
} as const;

/** Is `err` the AbortError of a cancelled request (which callers ignore)? */
export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/**
 * Sends a multipart form (a photo to POST /api/uploads) with the CSRF token, reporting the
 * upload's progress; XMLHttpRequest, since fetch reports no upload progress. Rejects with an
 * ApiError (status 0, `NETWORK`, when the connection failed).
 */
export function sendForm<T>(path: string, form: FormData, onProgress?: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', getLocale());
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.withCredentials = true;
    if (onProgress) xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload did not reach the server.'));
    xhr.onload = () => {
      let answer: unknown;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch {
        answer = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && answer !== undefined) return resolve(answer as T);
      if (isErrorBody(answer)) return reject(new ApiError(xhr.status, answer.code, answer.message, answer));
      reject(new ApiError(xhr.status, 'BAD_RESPONSE', `${xhr.status} ${xhr.statusText}`));
    };
    xhr.send(form);
  });
}
