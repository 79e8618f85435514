import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  currentLocation,
  handlePopState,
  historyEntryKey,
  interceptLinkClick,
  matchRoute,
  subscribeLocation,
  type AppLocation,
  type Route,
  type RouteMatch,
} from '../router';

/**
 * Routes the app: while its host is connected it listens for link clicks and the back and
 * forward buttons, and re-renders the host with the matching route after each navigation.
 * One host only (<gr-app>); other elements just use `<a href>` or navigate().
 */
export class RouterController implements ReactiveController {
  /** The current location. */
  location: AppLocation = currentLocation();
  /** How many navigations happened since boot (0 on first load). */
  navigations = 0;

  private readonly _host: ReactiveControllerHost;
  private readonly _routes: readonly Route[];
  private _unsubscribe: (() => void) | null = null;

  constructor(host: ReactiveControllerHost, routes: readonly Route[]) {
    this._host = host;
    this._routes = routes;
    host.addController(this);
  }

  /** The route for the current location, or null when no page has this path. */
  get match(): RouteMatch | null {
    return matchRoute(this._routes, this.location);
  }

  hostConnected(): void {
    // Keys the first history entry, so its scroll position is kept like the others'.
    historyEntryKey();
    document.addEventListener('click', interceptLinkClick);
    window.addEventListener('popstate', handlePopState);
    this._unsubscribe = subscribeLocation((location) => {
      this.location = location;
      this.navigations += 1;
      this._host.requestUpdate();
    });
    this.location = currentLocation();
  }

  hostDisconnected(): void {
    document.removeEventListener('click', interceptLinkClick);
    window.removeEventListener('popstate', handlePopState);
    this._unsubscribe?.();
    this._unsubscribe = null;
  }
}
