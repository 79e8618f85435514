import { ApiError, api, setCsrfRefresher, setCsrfToken } from './client';
import { hasRole as holdsRole, type Role } from '../../server/domain/roles';
import type { SessionAnswerView, UserView } from '../../server/presenters/user.presenter';

/** What the browser knows about who is signed in. */
export interface SessionState {
  /** `loading` until GET /api/me has answered once at boot. */
  readonly status: 'loading' | 'ready';
  /** The signed-in user, or null. */
  readonly user: UserView | null;
  /** The session's CSRF token, sent as `x-csrf-token` by the API client. */
  readonly csrfToken: string | null;
  /** Why the boot-time look-up failed, when it failed for another reason than 401. */
  readonly error: ApiError | null;
}

const listeners = new Set<(state: SessionState) => void>();

let state: SessionState = { status: 'loading', user: null, csrfToken: null, error: null };
let pendingLoad: Promise<SessionState> | null = null;

function update(next: SessionState): void {
  state = next;
  setCsrfToken(next.csrfToken);
  for (const listener of [...listeners]) listener(state);
}

/** The current session state. */
export function getSession(): SessionState {
  return state;
}

/** The signed-in user, or null. */
export function currentUser(): UserView | null {
  return state.user;
}

/**
 * May the signed-in user act as `role`? Admins count as holding every role, as on the
 * server. False when nobody is signed in.
 */
export function hasRole(role: Role): boolean {
  return state.user !== null && holdsRole(state.user, role);
}

/** Calls `listener` after every change of the session; returns the function that unsubscribes. */
export function subscribeSession(listener: (state: SessionState) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Asks GET /api/me who is signed in (401 means nobody) and stores the answer. Called once at
 * boot, and again when the server rejects the CSRF token. Concurrent calls share one request.
 */
export function loadSession(): Promise<SessionState> {
  pendingLoad ??= (async () => {
    try {
      const answer = await api.get<SessionAnswerView>('/api/me');
      update({ status: 'ready', user: answer.user, csrfToken: answer.csrfToken, error: null });
    } catch (err) {
      const error = err instanceof ApiError && err.status !== 401 ? err : null;
      update({ status: 'ready', user: null, csrfToken: null, error });
    } finally {
      pendingLoad = null;
    }
    return state;
  })();
  return pendingLoad;
}

/** Stores the `{user, csrfToken}` answer of POST /api/auth/register or /api/auth/login. */
export function startSession(answer: SessionAnswerView): void {
  update({ status: 'ready', user: answer.user, csrfToken: answer.csrfToken, error: null });
}

/** Replaces the signed-in user's record (after their profile or roles changed). */
export function updateCurrentUser(user: UserView): void {
  if (state.user?.id !== user.id) return;
  update({ ...state, user });
}

/**
 * Signs out with POST /api/auth/logout and forgets the session. A 401 (the session had
 * already ended) counts as signed out; other failures reject and keep the session.
 */
export async function signOut(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  update({ status: 'ready', user: null, csrfToken: null, error: null });
}

setCsrfRefresher(async () => (await loadSession()).csrfToken);
