import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long a post that just arrived stays highlighted. */
const FRESH_MS = 3500;

/** What a NewRepliesController needs of its page. */
export interface NewRepliesOptions {
  /** The element of a post on the page (to tell whether it is in view), or null. */
  node: (id: number) => HTMLElement | null;
}

/**
 * The "N new replies" bookkeeping of a live thread: posts that just arrived are `fresh`
 * (highlighted for a moment); those that arrived live out of view are `unseen` — behind
 * a bar instead of moving the page — until they scroll into view or the reader follows the
 * bar. Arrivals are checked after the render that shows them.
 */
export class NewRepliesController implements ReactiveController {
  /** Posts that just arrived (highlighted). */
  fresh: ReadonlySet<number> = new Set();
  /** Posts that arrived live out of view, oldest first. */
  unseen: readonly number[] = [];

  private readonly _host: ReactiveControllerHost;
  private readonly _options: NewRepliesOptions;
  /** Posts added live since the last render, to check whether they are in view. */
  private _arrived: number[] = [];
  private _observer: IntersectionObserver | null = null;
  private readonly _timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(host: ReactiveControllerHost, options: NewRepliesOptions) {
    this._host = host;
    this._options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this._observer = new IntersectionObserver((entries) => this._onIntersect(entries));
  }

  hostUpdated(): void {
    if (this._arrived.length > 0) this._checkArrived();
  }

  hostDisconnected(): void {
    this._observer?.disconnect();
    this._observer = null;
    for (const timer of this._timers) clearTimeout(timer);
    this._timers.clear();
  }

  /** Highlights a post that was just added (by the reader, or live). */
  markFresh(id: number): void {
    this.fresh = new Set([...this.fresh, id]);
    this._host.requestUpdate();
    const timer = setTimeout(() => {
      this._timers.delete(timer);
      const next = new Set(this.fresh);
      next.delete(id);
      this.fresh = next;
      this._host.requestUpdate();
    }, FRESH_MS);
    this._timers.add(timer);
  }

  /** A post arrived live: highlighted, and counted as new if it lands out of view. */
  arrived(id: number): void {
    this.markFresh(id);
    this._arrived.push(id);
  }

  /** The reader followed the bar: the first unseen post (to go to), and the count starts over. */
  takeFirstUnseen(): number | undefined {
    const [first] = this.unseen;
    this.unseen = [];
    this._observer?.disconnect();
    this._observer = new IntersectionObserver((entries) => this._onIntersect(entries));
    this._host.requestUpdate();
    return first;
  }

  private _checkArrived(): void {
    const ids = this._arrived;
    this._arrived = [];
    const unseen = [...this.unseen];
    for (const id of ids) {
      const node = this._options.node(id);
      if (!node) continue;
      const rect = node.getBoundingClientRect();
      const inView = rect.bottom > 0 && rect.top < window.innerHeight;
      if (!inView && !unseen.includes(id)) {
        unseen.push(id);
        this._observer?.observe(node);
      }
    }
    if (unseen.length !== this.unseen.length) {
      this.unseen = unseen;
      this._host.requestUpdate();
    }
  }

  private _onIntersect(entries: IntersectionObserverEntry[]): void {
    const seen = entries
      .filter((entry) => entry.isIntersecting)
      .map((entry) => Number((entry.target as HTMLElement).dataset['postId']));
    if (seen.length === 0) return;
    for (const entry of entries) if (entry.isIntersecting) this._observer?.unobserve(entry.target);
    this.unseen = this.unseen.filter((id) => !seen.includes(id));
    this._host.requestUpdate();
  }
}
