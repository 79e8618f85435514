import type { BrowserContext } from 'playwright-core';
import { baseUrl } from './browser';
import { TEST_ADMIN } from '../setup/test-config';

/** A signed-in API session against the e2e server: its cookie, its user and a caller. */
export interface ApiSession {
  cookie: string;
  user: { id: number; username: string; displayName: string; unitId: number | null };
  /** Calls the API as this session; a non-2xx answer throws with its status and body. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Calls the API as this session and returns the status and the JSON body, whatever the status. */
  raw(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Uploads a file as multipart field `file` (POST /api/uploads); a non-2xx answer throws. */
  upload<T>(path: string, file: { bytes: Uint8Array; name: string; type: string }): Promise<T>;
}

/**
 * Registers or signs in through the API, for the preconditions of a browser test; `base` is
 * another server than the shared one (a test file that starts its own, to write rows directly).
 */
export async function signIn(path: '/api/auth/login' | '/api/auth/register', body: unknown, base: string = baseUrl): Promise<ApiSession> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const answer = (await response.json()) as { user: ApiSession['user']; csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const raw = async (method: string, apiPath: string, payload?: unknown): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${base}${apiPath}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': answer.csrfToken,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: payload === undefined ? null : JSON.stringify(payload),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return {
    cookie,
    user: answer.user,
    raw,
    async upload<T>(apiPath: string, file: { bytes: Uint8Array; name: string; type: string }): Promise<T> {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      const res = await fetch(`${base}${apiPath}`, { method: 'POST', headers: { cookie, 'x-csrf-token': answer.csrfToken }, body: form });
      if (!res.ok) throw new Error(`POST ${apiPath}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async call<T>(method: string, apiPath: string, payload?: unknown): Promise<T> {
      const { status, body: result } = await raw(method, apiPath, payload);
      if (status >= 300) throw new Error(`${method} ${apiPath}: ${status} ${JSON.stringify(result)}`);
      return result as T;
    },
  };
}

/** The first admin, signed in. */
export function signInAdmin(): Promise<ApiSession> {
  return signIn('/api/auth/login', TEST_ADMIN);
}

/** Puts an API session's cookie into a browser context, so its pages are signed in. */
export async function useSession(context: BrowserContext, session: ApiSession, base: string = baseUrl): Promise<void> {
  const [name, ...value] = session.cookie.split('=');
  await context.addCookies([{ name: name ?? '', value: value.join('='), url: base }]);
}

/** YYYY-MM-DD `days` before today on this machine's calendar (the browser's too). */
export function daysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
