import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getSession, hasRole, subscribeSession, type SessionState } from '../api/session';
import type { Role } from '../../server/domain/roles';
import type { UserView } from '../../server/presenters/user.presenter';

/**
 * Gives its host the session (who is signed in) and re-renders it when that changes:
 * `private readonly _session = new SessionController(this);` then `this._session.user`.
 */
export class SessionController implements ReactiveController {
  private readonly _host: ReactiveControllerHost;
  private _unsubscribe: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    this._host = host;
    host.addController(this);
  }

  /** The whole session state. */
  get state(): SessionState {
    return getSession();
  }

  /** The signed-in user, or null. */
  get user(): UserView | null {
    return getSession().user;
  }

  /** False until GET /api/me has answered at boot. */
  get ready(): boolean {
    return getSession().status === 'ready';
  }

  /** May the signed-in user act as `role`? Admins count as holding every role. */
  hasRole(role: Role): boolean {
    return hasRole(role);
  }

  hostConnected(): void {
    this._unsubscribe = subscribeSession(() => this._host.requestUpdate());
  }

  hostDisconnected(): void {
    this._unsubscribe?.();
    this._unsubscribe = null;
  }
}
