import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Options of one request made through a Client. */
export interface RequestOptions {
  headers?: Record<string, string>;
  /** Leave out the x-csrf-token header (to test CSRF refusal). */
  noCsrf?: boolean;
  /** The client address the server sees (rate limits count per address). */
  remoteAddress?: string;
}

/** A response with its JSON body parsed. */
export type JsonResponse<T = Record<string, unknown>> = LightMyRequestResponse & { body: string; data: T };

/**
 * A browser-like client over app.inject: keeps the session cookie it is given and sends
 * the CSRF token on changes, like the web app does.
 */
export class Client {
  cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;

  constructor(readonly app: FastifyInstance) {}

  /** Makes a request and parses a JSON answer. */
  async request<T = Record<string, unknown>>(
    method: Method,
    url: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (method !== 'GET' && this.csrfToken && !options.noCsrf) headers['x-csrf-token'] = this.csrfToken;
    const response = await this.app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });
    const setCookie = response.headers['set-cookie'];
    const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    for (const c of cookies) {
      const pair = c.split(';')[0] ?? '';
      if (pair.startsWith('gr_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    let data: unknown = null;
    if (response.body && String(response.headers['content-type'] ?? '').includes('json')) data = JSON.parse(response.body);
    const token = (data as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof token === 'string') this.csrfToken = token;
    return Object.assign(response, { data: data as T });
  }

  get<T = Record<string, unknown>>(url: string, options?: RequestOptions) {
    return this.request<T>('GET', url, undefined, options);
  }
  post<T = Record<string, unknown>>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', url, body ?? {}, options);
  }
  put<T = Record<string, unknown>>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', url, body ?? {}, options);
  }
  patch<T = Record<string, unknown>>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', url, body ?? {}, options);
  }
  delete<T = Record<string, unknown>>(url: string, options?: RequestOptions) {
    return this.request<T>('DELETE', url, undefined, options);
  }
}
