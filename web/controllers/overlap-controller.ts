import { isCalendarDate } from '../../server/domain/text';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { api, isAbortError } from '../api/client';
import type { OverlapView } from '../../server/presenters/visit.presenter';

/**
 * "Who else was or will be there": other units' visits and plans at a place near a date
 * (GET /api/overlaps), looked up as the form's place and date change — after `delay` ms of
 * quiet, the previous look-up cancelled, the same place and date not asked twice. The
 * warning is advice: a failed look-up (offline in a village) shows none and blocks nothing.
 */
export class OverlapController implements ReactiveController {
  /** The overlaps of the latest place and date, or none. */
  overlaps: OverlapView[] = [];

  private readonly _host: ReactiveControllerHost;
  private readonly _delay: number;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _abort: AbortController | null = null;
  /** The place and date the overlaps shown are for, or ''. */
  private _key = '';

  constructor(host: ReactiveControllerHost, options: { delay?: number } = {}) {
    this._host = host;
    this._delay = options.delay ?? 0;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this._timer);
    this._abort?.abort();
    this._abort = null;
  }

  /** Looks up the overlaps of a place on a date; none without a place or a valid date. */
  lookUp(placeId: number | null, date: string, options: { again?: boolean } = {}): void {
    clearTimeout(this._timer);
    if (placeId === null || !isCalendarDate(date)) {
      this._abort?.abort();
      this._key = '';
      this._show([]);
      return;
    }
    const key = `${placeId}|${date}`;
    if (key === this._key && !options.again) return;
    this._timer = setTimeout(() => void this._fetch(placeId, date, key), this._delay);
  }

  /** Shows overlaps the server sent with another answer (a plan just created). */
  set(overlaps: OverlapView[]): void {
    this._key = '';
    this._show(overlaps);
  }

  private async _fetch(placeId: number, date: string, key: string): Promise<void> {
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    try {
      const answer = await api.get<{ overlaps: OverlapView[] }>('/api/overlaps', { query: { placeId, date }, signal: abort.signal });
      if (abort.signal.aborted) return;
      this._key = key;
      this._show(answer.overlaps);
    } catch (err) {
      if (!isAbortError(err) && !abort.signal.aborted) this._show([]);
    } finally {
      if (this._abort === abort) this._abort = null;
    }
  }

  private _show(overlaps: OverlapView[]): void {
    this.overlaps = overlaps;
    this._host.requestUpdate();
  }
}
