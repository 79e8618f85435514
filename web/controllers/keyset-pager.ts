import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Page } from '../../server/presenters/page.presenter';

/** How a KeysetPager fetches further pages and tells items apart. */
export interface KeysetPagerOptions<T> {
  /** Fetches the page after `cursor` of the list currently shown. */
  fetchPage: (cursor: string) => Promise<Page<T>>;
  /** An item's identity: an item already shown (moved by a live update) is not added twice. */
  key: (item: T) => string | number;
}

/**
 * The "load more" half of a keyset-paged list: the items shown, the next cursor, and the
 * state of fetching the next page. The view fetches the first page with its other data and
 * hands it to `reset()`; a further page that arrives after a reset (the view moved to
 * another board, query or user) is dropped rather than mixed in.
 */
export class KeysetPager<T> implements ReactiveController {
  /** The items shown, in order. */
  items: T[] = [];
  /** The cursor of the next page, or null when the list is complete. */
  cursor: string | null = null;
  /** True while a further page loads. */
  loadingMore = false;
  /** Why the last further page failed, for display beside the button. */
  moreError: unknown = null;

  private _generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: KeysetPagerOptions<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Starts the list over from its first page. */
  reset(page: Page<T>): void {
    this._generation += 1;
    this.items = page.items;
    this.cursor = page.nextCursor;
    this.loadingMore = false;
    this.moreError = null;
    this.host.requestUpdate();
  }

  /** Replaces the items shown (a live update moved or changed some); the cursor stays. */
  setItems(items: T[]): void {
    this.items = items;
    this.host.requestUpdate();
  }

  /** Fetches and appends the next page. */
  async loadMore(): Promise<void> {
    const cursor = this.cursor;
    if (cursor === null || this.loadingMore) return;
    const generation = this._generation;
    this.loadingMore = true;
    this.moreError = null;
    this.host.requestUpdate();
    try {
      const page = await this.options.fetchPage(cursor);
      if (generation !== this._generation) return;
      const known = new Set(this.items.map(this.options.key));
      this.items = [...this.items, ...page.items.filter((item) => !known.has(this.options.key(item)))];
      this.cursor = page.nextCursor;
    } catch (err) {
      if (generation === this._generation) this.moreError = err;
    } finally {
      if (generation === this._generation) {
        this.loadingMore = false;
        this.host.requestUpdate();
      }
    }
  }

  /** The error of the last further page and the "load more" button (while there is more). */
  renderMore(label: string, busyLabel: string = label): TemplateResult {
    return html`<div class="more">
      <gr-error-message polite .error=${this.moreError}></gr-error-message>
      ${this.cursor !== null
        ? html`<button type="button" class="secondary" ?disabled=${this.loadingMore} @click=${() => void this.loadMore()}>
            ${this.loadingMore ? busyLabel : label}
          </button>`
        : nothing}
    </div>`;
  }
}
