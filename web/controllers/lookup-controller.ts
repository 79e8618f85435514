import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbortError } from '../api/client';

/** Typing pauses this long before a look-up is sent. */
export const LOOKUP_DELAY_MS = 250;

/**
 * A search box's look-up (the place and people pickers): the query as typed, sent after a
 * pause, the previous request cancelled, and the results, the "searching" state and the error
 * kept for the host to render. `fetch` gets the trimmed query and an abort signal.
 */
export class LookupController<T> implements ReactiveController {
  /** The text in the box. */
  query = '';
  /** The latest answer's items, or null when nothing was asked (or the results were closed). */
  results: T[] | null = null;
  /** A request is on its way. */
  searching = false;
  /** What the last request failed with, or null. */
  error: unknown = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _fetch: (query: string, signal: AbortSignal) => Promise<T[]>;
  private readonly _delay: number;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _abort: AbortController | null = null;

  constructor(host: ReactiveControllerHost, fetch: (query: string, signal: AbortSignal) => Promise<T[]>, options: { delay?: number } = {}) {
    this._host = host;
    this._fetch = fetch;
    this._delay = options.delay ?? LOOKUP_DELAY_MS;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this._timer);
    this._abort?.abort();
    this._abort = null;
  }

  /** The box's text changed: look it up after the pause. */
  type(query: string): void {
    this.query = query;
    this.schedule();
  }

  /** Looks the current text up after the pause (again). */
  schedule(): void {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this.search(), this._delay);
  }

  /** Looks the current text up now (Enter). */
  async search(): Promise<void> {
    clearTimeout(this._timer);
    const q = this.query.trim();
    this._abort?.abort();
    if (q === '') {
      this._abort = null;
      this.results = null;
      this.searching = false;
      this._host.requestUpdate();
      return;
    }
    const abort = new AbortController();
    this._abort = abort;
    this.searching = true;
    this.error = null;
    this._host.requestUpdate();
    try {
      const items = await this._fetch(q, abort.signal);
      if (abort.signal.aborted) return;
      this.results = items;
    } catch (err) {
      if (isAbortError(err) || abort.signal.aborted) return;
      this.error = err;
      this.results = null;
    } finally {
      if (this._abort === abort) {
        this.searching = false;
        this._abort = null;
      }
      this._host.requestUpdate();
    }
  }

  /** Closes the results (Escape), keeping the text. */
  close(): void {
    this.results = null;
    this._host.requestUpdate();
  }

  /** What the live region under the box says: searching, nothing found, or how many. */
  statusText(words: { searching: string; none: string; found: (count: number) => string }): string {
    if (this.searching) return words.searching;
    if (this.results === null) return '';
    return this.results.length === 0 ? words.none : words.found(this.results.length);
  }

  /** The box's input event: look the new text up. */
  readonly onInput = (event: Event): void => {
    this.type((event.target as HTMLInputElement).value);
  };

  /** A key in the box (within `root`): Enter looks up now, Down enters the results, Escape closes them. */
  onBoxKey(root: ParentNode, event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      void this.search();
    } else if (event.key === 'ArrowDown') {
      enterResults(root, event);
    } else if (event.key === 'Escape' && this.results !== null) {
      event.preventDefault();
      this.close();
    }
  }

  /** A key in the results list: arrows move, Escape closes the list and goes back to `input`. */
  onListKey(root: ParentNode, event: KeyboardEvent, input: HTMLElement | null): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      input?.focus();
      return;
    }
    moveInResults(root, event, input);
  }

  /** Empties the box and closes the results. */
  clear(): void {
    clearTimeout(this._timer);
    this._abort?.abort();
    this._abort = null;
    this.query = '';
    this.results = null;
    this.searching = false;
    this.error = null;
    this._host.requestUpdate();
  }
}

/**
 * Arrow keys in a results list under a search box: Down and Up move between the enabled
 * buttons, Up from the first goes back to the box. Returns whether the key was handled.
 */
export function moveInResults(root: ParentNode, event: KeyboardEvent, input: HTMLElement | null): boolean {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return false;
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('ul.results button:not(:disabled)')];
  const index = buttons.indexOf(event.target as HTMLButtonElement);
  if (index < 0) return false;
  event.preventDefault();
  const next = event.key === 'ArrowDown' ? buttons[index + 1] : buttons[index - 1];
  if (next) next.focus();
  else if (event.key === 'ArrowUp') input?.focus();
  return true;
}

/** Down from the search box: into the first enabled result, if there is one. */
export function enterResults(root: ParentNode, event: KeyboardEvent): void {
  const first = root.querySelector<HTMLButtonElement>('ul.results button:not(:disabled)');
  if (first) {
    event.preventDefault();
    first.focus();
  }
}
