import type { BrowserContext } from 'playwright-core';
import { baseUrl } from './browser';
import { TEST_ADMIN } from '../setup/test-config';

/** A signed-in API session against the e2e server: its user, cookie and a typed caller. */
export interface ApiSession {
  cookie: string;
  user: { id: number; username: string; displayName: string; unitId: number | null };
  /** Calls the API as this user (CSRF header included); a non-2xx answer throws with its body. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Registers or signs in through the real API and returns the session. */
export async function signIn(path: '/api/auth/login' | '/api/auth/register', body: unknown): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const answer = (await response.json()) as { user: ApiSession['user']; csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    cookie,
    user: answer.user,
    async call<T>(method: string, apiPath: string, payload?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}${apiPath}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': answer.csrfToken,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: payload === undefined ? null : JSON.stringify(payload),
      });
      if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${await res.text()}`);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
  };
}

/** The first admin, signed in. */
export function signInAdmin(): Promise<ApiSession> {
  return signIn('/api/auth/login', TEST_ADMIN);
}

/** Puts an API session's cookie into a browser context, so its pages are signed in. */
export async function useSession(context: BrowserContext, session: ApiSession): Promise<void> {
  const [name, ...value] = session.cookie.split('=');
  await context.addCookies([{ name: name ?? '', value: value.join('='), url: baseUrl }]);
}

/** YYYY-MM-DD `days` before today on this machine's calendar (the browser's too). */
export function daysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
