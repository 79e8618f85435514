import type { TemplateResult } from 'lit';
import type { Role } from '../server/domain/roles';
import { t } from './i18n';

/** Where the browser is, as the router sees it. */
export interface AppLocation {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/** Who may see a page: anyone (the default), anyone signed in, or holders of a role. */
export type RouteAccess = 'anyone' | 'signed-in' | Role;

/** One page of the app. The table of pages is `routes` in web/routes.ts. */
export interface Route {
  /** A path with `:name` segments, matched against the whole pathname: `/t/:id`. */
  readonly pattern: string;
  /** Who may see the page; others get a polite sign-in or not-allowed notice. */
  readonly access?: RouteAccess;
  /** The page's part of document.title; a page with a data-driven title may refine it later with setPageTitle(). */
  readonly title: (match: RouteMatch) => string;
  /** The page element, given the match (params and query); called once `load` has settled. */
  readonly render: (match: RouteMatch) => TemplateResult;
  /**
   * Imports the page's code (its area's chunk, which defines its element) with a dynamic
   * import. The shell calls it when the route is first entered and renders a loading state
   * until it answers; without it the page is part of the shell. See loadPageCode().
   */
  readonly load?: () => Promise<unknown>;
}

/** A route and what the pathname said for its parameters. */
export interface RouteMatch {
  readonly route: Route;
  /** The `:name` segments, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The query string. */
  readonly query: URLSearchParams;
  /** The pathname and query that matched, for `?next=` links. */
  readonly path: string;
}

interface CompiledRoute {
  route: Route;
  regexp: RegExp;
  names: string[];
}

const compiled = new WeakMap<readonly Route[], CompiledRoute[]>();

function compile(routes: readonly Route[]): CompiledRoute[] {
  let list = compiled.get(routes);
  if (!list) {
    list = routes.map((route) => {
      const names: string[] = [];
      const source = route.pattern
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, names, regexp: new RegExp(`^${source}/?$`) };
    });
    compiled.set(routes, list);
  }
  return list;
}

/** The first route whose pattern matches `location`'s pathname, or null (not found). */
export function matchRoute(routes: readonly Route[], location: AppLocation): RouteMatch | null {
  for (const { route, regexp, names } of compile(routes)) {
    const found = regexp.exec(location.pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    let valid = true;
    names.forEach((name, index) => {
      try {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      } catch {
        valid = false; // a malformed escape is not a page
      }
    });
    if (!valid) continue;
    return {
      route,
      params,
      query: new URLSearchParams(location.search),
      path: location.pathname + location.search,
    };
  }
  return null;
}

/** The code of a page could not be loaded (the network dropped, or a deploy replaced the chunk). */
export class PageCodeError extends Error {
  constructor(cause: unknown) {
    super('The page code could not be loaded', { cause });
    this.name = 'PageCodeError';
  }
}

/** Where a route's code stands: loaded (or in the shell), loading, or failed. */
export type PageCodeState =
  | { readonly status: 'ready' }
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: PageCodeError };

const READY: PageCodeState = { status: 'ready' };
const LOADING: PageCodeState = { status: 'loading' };
/** Per loader (several routes of an area share one): its state and its pending import. */
const pageCode = new Map<() => Promise<unknown>, { state: PageCodeState; pending: Promise<void> | null }>();

/** How far `route`'s code has come; `ready` for a page of the shell. */
export function pageCodeState(route: Route): PageCodeState {
  if (!route.load) return READY;
  return pageCode.get(route.load)?.state ?? LOADING;
}

/**
 * Imports `route`'s code once; answers when it is ready (never rejects: a failure is kept as
 * the `failed` state, with the error to show). After a failure the next call tries again.
 */
export function loadPageCode(route: Route): Promise<void> {
  const load = route.load;
  if (!load) return Promise.resolve();
  const entry = pageCode.get(load);
  if (entry?.state.status === 'ready') return Promise.resolve();
  if (entry?.pending) return entry.pending;
  const next: { state: PageCodeState; pending: Promise<void> | null } = { state: LOADING, pending: null };
  next.pending = load().then(
    () => {
      next.state = READY;
      next.pending = null;
    },
    (err: unknown) => {
      next.state = { status: 'failed', error: new PageCodeError(err) };
      next.pending = null;
    },
  );
  pageCode.set(load, next);
  return next.pending;
}

/** Paths the server answers itself: links to them load normally instead of being routed. */
const SERVER_PATHS = /^\/(api|columns|socket\.io)(\/|$)/;

/** The browser's current location. */
export function currentLocation(): AppLocation {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash };
}

const listeners = new Set<(location: AppLocation) => void>();

/** Calls `listener` after every navigation; returns the function that unsubscribes. */
export function subscribeLocation(listener: (location: AppLocation) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function notify(): void {
  const location = currentLocation();
  for (const listener of [...listeners]) listener(location);
}

/*
 * Scroll positions per history entry, as a browser keeps them for ordinary pages. Each
 * entry the app pushes carries a key in history.state; leaving an entry remembers its
 * scroll position under that key (in memory, and in sessionStorage for a reload), and the
 * back and forward buttons bring it back once the page has grown tall enough to show it.
 */

/** How the current entry was reached: the first load, a link (push) or back/forward (traverse). */
export type NavigationKind = 'load' | 'push' | 'traverse';

const SCROLL_STORAGE_KEY = 'gr.scroll';
/** How long a restore waits for the page to grow (its data to load) before giving up. */
const RESTORE_TIMEOUT_MS = 8000;
const scrollPositions = new Map<string, number>(readStoredPositions());
let lastNavigation: NavigationKind = 'load';
/** Whether the last navigation changed only the page's own state (a filter): focus and scroll stay. */
let lastInPlace = false;
let currentKey = '';
let cancelRestore: (() => void) | null = null;

function readStoredPositions(): Array<[string, number]> {
  try {
    const parsed: unknown = JSON.parse(globalThis.sessionStorage?.getItem(SCROLL_STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((e): e is [string, number] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number') : [];
  } catch {
    return [];
  }
}

function newEntryKey(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}

function stateKey(state: unknown): string | null {
  const key = (state as { grKey?: unknown } | null)?.grKey;
  return typeof key === 'string' ? key : null;
}

/** The key of the current history entry (given one on first use). */
export function historyEntryKey(): string {
  if (!currentKey) {
    currentKey = stateKey(window.history.state) ?? newEntryKey();
    if (stateKey(window.history.state) !== currentKey) window.history.replaceState({ grKey: currentKey }, '');
    window.history.scrollRestoration = 'manual';
    // A reload or a closed tab keeps the positions for this tab's history.
    window.addEventListener('pagehide', () => {
      rememberScroll();
      try {
        globalThis.sessionStorage?.setItem(SCROLL_STORAGE_KEY, JSON.stringify([...scrollPositions].slice(-50)));
      } catch {
        // Not kept across a reload, but kept for back and forward.
      }
    });
    // The first load of an entry that has a position (a reload) goes back to it too.
    const saved = scrollPositions.get(currentKey);
    if (saved !== undefined) restoreScroll(saved);
  }
  return currentKey;
}

/** How the current history entry was reached. */
export function navigationKind(): NavigationKind {
  return lastNavigation;
}

/**
 * True when the last navigation was a page's own `navigate(..., { inPlace: true })` (a
 * filter written into the query string): the shell then leaves focus where it is, on the
 * control that was changed, instead of moving it to the page heading.
 */
export function navigationInPlace(): boolean {
  return lastInPlace;
}

function rememberScroll(): void {
  if (currentKey) scrollPositions.set(currentKey, window.scrollY);
}

/**
 * Scrolls to `y` as soon as the page is tall enough (its data arrives after the route
 * renders); gives up when the reader scrolls, clicks or types first, or after a while.
 */
function restoreScroll(y: number): void {
  cancelRestore?.();
  const tryScroll = (): boolean => {
    const reachable = document.documentElement.scrollHeight - window.innerHeight;
    if (reachable + 1 < y) return false;
    window.scrollTo(0, y);
    return true;
  };
  if (tryScroll()) return;
  const observer = new ResizeObserver(() => {
    if (tryScroll()) stop();
  });
  const stop = (): void => {
    observer.disconnect();
    clearTimeout(timer);
    for (const type of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) window.removeEventListener(type, stop, true);
    if (cancelRestore === stop) cancelRestore = null;
  };
  const timer = setTimeout(stop, RESTORE_TIMEOUT_MS);
  for (const type of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) window.addEventListener(type, stop, true);
  observer.observe(document.documentElement);
  cancelRestore = stop;
}

/**
 * Goes to `to` (a same-origin path, optionally with query and hash) without reloading:
 * pushes a history entry (or replaces the current one) and tells the subscribers.
 * A path the server answers itself (/api, /columns) is loaded normally. `inPlace`: the
 * same page with other filters — no scroll to the top, focus stays (navigationInPlace()).
 */
export function navigate(to: string, options: { replace?: boolean; inPlace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin || SERVER_PATHS.test(url.pathname)) {
    window.location.assign(url.href);
    return;
  }
  const target = url.pathname + url.search + url.hash;
  const here = window.location.pathname + window.location.search + window.location.hash;
  const key = historyEntryKey();
  cancelRestore?.();
  if (options.replace || target === here) {
    window.history.replaceState({ grKey: key }, '', target);
  } else {
    rememberScroll();
    currentKey = newEntryKey();
    window.history.pushState({ grKey: currentKey }, '', target);
    lastNavigation = 'push';
  }
  lastInPlace = options.inPlace === true;
  if (!url.hash && !lastInPlace) window.scrollTo(0, 0);
  notify();
}

/**
 * A `?next=` value made safe to navigate to: a path of this app on `origin` (the page's own),
 * or null. Refuses other origins (`//evil`, `/\evil`, `https://...`, `javascript:`) and the
 * server's own paths. The answer is read as a URL once more by navigate(), so it must name
 * this origin by itself: `/.//evil.example` normalises to `//evil.example`, which a browser
 * reads as another host, and is refused.
 */
export function safeNextPath(value: string | null | undefined, origin: string = window.location.origin): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  const path = sameOriginPath(value, origin);
  if (path === null || path.startsWith('//') || path.startsWith('/\\') || SERVER_PATHS.test(path.split(/[?#]/)[0] ?? '')) return null;
  // Normalising again must change nothing: what is returned is exactly where the browser goes.
  return sameOriginPath(path, origin) === path ? path : null;
}

/** `value` resolved against `origin`, as pathname + search + hash, or null when it leaves `origin`. */
function sameOriginPath(value: string, origin: string): string | null {
  try {
    const url = new URL(value, origin);
    return url.origin === origin ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

/**
 * Handles a click anywhere in the document (shadow roots included, through composedPath):
 * a plain left click on a same-origin `<a href>` of the app becomes a navigate() call.
 * Modifier keys, other buttons, `target`, `download`, `rel="external"`, links to the
 * server's own paths and links to another spot on the same page keep the browser's behaviour.
 */
export function interceptLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
  if (!anchor || !anchor.hasAttribute('href')) return;
  const target = anchor.getAttribute('target');
  if ((target && target !== '_self') || anchor.hasAttribute('download')) return;
  if (anchor.relList.contains('external')) return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin || SERVER_PATHS.test(url.pathname)) return;
  const samePage = url.pathname === window.location.pathname && url.search === window.location.search;
  if (samePage && url.hash) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

/**
 * After the back and forward buttons: remembers where the entry left was scrolled, tells
 * the subscribers, and scrolls the entry reached back to where it was left.
 */
export function handlePopState(event?: PopStateEvent): void {
  historyEntryKey();
  rememberScroll();
  const key = stateKey(event?.state ?? window.history.state);
  // An entry the app did not push (a #fragment link the browser followed) gets a key now.
  currentKey = key ?? newEntryKey();
  if (!key) window.history.replaceState({ grKey: currentKey }, '');
  lastNavigation = 'traverse';
  lastInPlace = false;
  notify();
  const saved = scrollPositions.get(currentKey);
  if (saved !== undefined && !window.location.hash) restoreScroll(saved);
}

/**
 * Sets document.title to "<page> · 基层 Grassroots". The app calls it with the route's
 * title on every navigation; a page whose title depends on its data calls it again from
 * its own updated().
 */
export function setPageTitle(pageTitle: string): void {
  const site = t('app.titleSuffix');
  document.title = pageTitle ? `${pageTitle} · ${site}` : site;
}
