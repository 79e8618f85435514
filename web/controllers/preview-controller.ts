import type { PreviewView } from '../../server/presenters/post.presenter';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { api } from '../api/client';
import { BODY_MAX_LENGTH } from '../../server/domain/limits';
import { charCount } from '../text/char-count';

/** How long typing pauses before the preview is rendered again. */
export const PREVIEW_DELAY_MS = 400;

/**
 * The composer's preview: the body rendered by the server (POST /api/preview) exactly as
 * the post would be stored, asked for when the preview shows and again as typing pauses.
 * An answer for a text that has changed meanwhile is dropped (a newer one is scheduled).
 */
export class PreviewController implements ReactiveController {
  /** The sanitised HTML of the latest preview, or null before the first one. */
  html: string | null = null;
  /** Why the latest preview failed, or null. */
  error: unknown = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _body: () => string;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _renderedFor = '';

  constructor(host: ReactiveControllerHost, body: () => string) {
    this._host = host;
    this._body = body;
    host.addController(this);
  }

  hostDisconnected(): void {
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
  }

  /** Renders the body again after `delay` ms of quiet (0: at once). */
  schedule(delay = PREVIEW_DELAY_MS): void {
    if (this._timer) clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._timer = null;
      void this._render();
    }, delay);
  }

  /** Forgets the preview (the text was sent). */
  reset(): void {
    this.html = null;
    this.error = null;
    this._renderedFor = '';
    this._host.requestUpdate();
  }

  private async _render(): Promise<void> {
    const body = this._body();
    if (body.trim() === '' || body === this._renderedFor) return;
    if (charCount(body) > BODY_MAX_LENGTH) return;
    try {
      const answer = await api.post<PreviewView>('/api/preview', { body });
      if (body !== this._body()) return; // typing went on; a newer preview is scheduled
      this._renderedFor = body;
      this.html = answer.html;
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this._host.requestUpdate();
  }
}
