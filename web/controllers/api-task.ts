import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbortError } from '../api/client';
import { subscribeLocale } from '../i18n';

/** Where an ApiTask stands. */
export type ApiTaskStatus = 'initial' | 'pending' | 'complete' | 'error';

/** How an ApiTask fetches, and from what. */
export interface ApiTaskOptions<T, A extends readonly unknown[]> {
  /** Fetches the data for `args`; should pass `signal` on to the API client. */
  task: (args: A, signal: AbortSignal) => Promise<T>;
  /**
   * The inputs of the task, read before each render; when one changes (by ===) the task runs
   * again and an earlier run is cancelled. Without it the task runs once, on first render.
   */
  args?: () => A;
}

/** What ApiTask.render shows in each state. */
export interface ApiTaskRenderers<T, R> {
  initial?: () => R;
  pending?: () => R;
  complete?: (value: T) => R;
  error?: (error: unknown) => R;
}

function sameArgs(a: readonly unknown[] | null, b: readonly unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * Loads data for an element and re-renders it as the request progresses: the data-fetching
 * half of a page, kept out of its render code (STYLE.md rule 8). A small cousin of
 * @lit/task, specialised for the API client (cancellation, errors kept for display).
 *
 *   private readonly _boards = new ApiTask(this, {
 *     task: (_args, signal) => api.get<ItemList<Board>>('/api/boards', { signal }),
 *   });
 *   render() { return this._boards.render({ complete: (list) => ..., error: (e) => ... }); }
 */
export class ApiTask<T, A extends readonly unknown[] = readonly []> implements ReactiveController {
  /** Where the latest run stands. */
  status: ApiTaskStatus = 'initial';
  /** The latest successful result (kept while a re-run is pending). */
  value: T | undefined = undefined;
  /** The latest failure, when status is `error`. */
  error: unknown = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _options: ApiTaskOptions<T, A>;
  private _lastArgs: A | null = null;
  private _abort: AbortController | null = null;
  private _unsubscribeLocale: (() => void) | null = null;

  constructor(host: ReactiveControllerHost, options: ApiTaskOptions<T, A>) {
    this._host = host;
    this._options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // Reconnected after a cancelled run: render again so hostUpdate starts a fresh one.
    if (this._lastArgs === null && this.status !== 'initial') this._host.requestUpdate();
    // The server answers in the reader's language (names of boards, activities, phases):
    // after a switch, what was fetched is fetched again, in the new language.
    this._unsubscribeLocale ??= subscribeLocale(() => {
      if (this.status !== 'initial') void this.run();
    });
  }

  hostUpdate(): void {
    const args = this._options.args?.() ?? ([] as unknown as A);
    if (!sameArgs(this._lastArgs, args)) void this._start(args, false);
  }

  hostDisconnected(): void {
    this._abort?.abort();
    this._abort = null;
    this._lastArgs = null;
    this._unsubscribeLocale?.();
    this._unsubscribeLocale = null;
  }

  /** Runs the task again with the current arguments (after a change the page made itself). */
  run(): Promise<void> {
    const args = this._options.args?.() ?? ([] as unknown as A);
    return this._start(args, true);
  }

  /** Renders the function for the current state; nothing when that state has none. */
  render<R>(renderers: ApiTaskRenderers<T, R>): R | undefined {
    switch (this.status) {
      case 'initial':
        return renderers.initial?.();
      case 'pending':
        return renderers.pending?.();
      case 'complete':
        return renderers.complete?.(this.value as T);
      case 'error':
        return renderers.error?.(this.error);
    }
  }

  private async _start(args: A, requestUpdate: boolean): Promise<void> {
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    this._lastArgs = args;
    this.status = 'pending';
    this.error = null;
    // Inside hostUpdate the coming render already sees `pending`; elsewhere ask for one.
    if (requestUpdate) this._host.requestUpdate();
    try {
      const value = await this._options.task(args, abort.signal);
      if (abort.signal.aborted) return;
      this.value = value;
      this.status = 'complete';
    } catch (err) {
      if (abort.signal.aborted || isAbortError(err)) return;
      this.error = err;
      this.status = 'error';
    } finally {
      if (this._abort === abort) this._abort = null;
    }
    this._host.requestUpdate();
  }
}
