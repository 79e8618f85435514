import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long events must stop arriving before a burst is announced. */
const QUIET_MS = 1200;

/**
 * A polite live region's text for events that come in bursts (new replies, notifications):
 * each event is noted, and once they stop arriving for a moment the region says the whole
 * burst in one sentence ("3 new replies"), so a screen reader speaks once, not per event.
 * The host renders `<div role="status" data-announcer>${announcer.text}</div>`, always in
 * the page (a region that appears with its text is not announced).
 */
export class LiveAnnouncer implements ReactiveController {
  /** What the region says now ('' until a burst has been noted). */
  text = '';

  private readonly _host: ReactiveControllerHost;
  private readonly _sentence: (count: number) => string;
  private _pending = 0;
  private _timer: ReturnType<typeof setTimeout> | null = null;

  constructor(host: ReactiveControllerHost, sentence: (count: number) => string) {
    this._host = host;
    this._sentence = sentence;
    host.addController(this);
  }

  /** One more event of the burst. */
  note(): void {
    this._pending += 1;
    if (this._timer) clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._timer = null;
      this.text = this._sentence(this._pending);
      this._pending = 0;
      this._host.requestUpdate();
    }, QUIET_MS);
  }

  hostDisconnected(): void {
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
    this._pending = 0;
  }
}
