import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where an AutosaveController keeps one user's draft (see web/api/visit-draft.ts). */
export interface DraftStore<D extends { savedAt: string }> {
  read(userId: number): D | null;
  /** False when the browser would not store it (private mode, full storage). */
  write(userId: number, draft: D): boolean;
  clear(userId: number): void;
  /** Does the draft hold anything the user typed or chose? */
  hasContent(draft: D): boolean;
}

/** What an AutosaveController saves, and for whom. */
export interface AutosaveOptions<D extends { savedAt: string }> {
  store: DraftStore<D>;
  /** The signed-in user (each user's draft is kept apart on a shared phone), or null. */
  userId: () => number | null;
  /** The form's content now, as a draft saved at `savedAt`. */
  snapshot: (savedAt: string) => D;
  /** How long typing pauses before the draft is saved. */
  delay?: number;
}

/**
 * A form's draft on the device (localStorage): saved as the user pauses, when the page is
 * hidden or left, and right before sending; a draft left from an earlier visit to the page
 * is offered for restoring (`offer`); cleared once the form's content is saved for good.
 * Restorable after a dropped connection or a closed tab.
 */
export class AutosaveController<D extends { savedAt: string }> implements ReactiveController {
  /** A saved draft from an earlier visit to this page, offered for restoring; null once answered. */
  offer: D | null = null;
  /** When the draft was last saved, or null. */
  savedAt: string | null = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _options: AutosaveOptions<D>;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  /** Has the user changed anything (restoring counts) since the page opened or the last send? */
  private _touched = false;

  private readonly _onPageHide = (): void => {
    if (this._touched) this.saveNow();
  };

  constructor(host: ReactiveControllerHost, options: AutosaveOptions<D>) {
    this._host = host;
    this._options = options;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this._onPageHide);
    const userId = this._options.userId();
    const draft = userId !== null ? this._options.store.read(userId) : null;
    if (draft && this._options.store.hasContent(draft)) this.offer = draft;
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this._onPageHide);
    if (this._touched) this.saveNow();
    clearTimeout(this._timer);
  }

  /** The user changed the form: save after a pause. */
  changed(): void {
    this._touched = true;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this.saveNow(), this._options.delay ?? 400);
  }

  /** Saves the form's content now (nothing when it is empty or nobody is signed in). */
  saveNow(): void {
    clearTimeout(this._timer);
    const userId = this._options.userId();
    if (userId === null) return;
    const draft = this._options.snapshot(new Date().toISOString());
    if (!this._options.store.hasContent(draft)) return;
    if (this._options.store.write(userId, draft)) {
      this.savedAt = draft.savedAt;
      this._host.requestUpdate();
    }
  }

  /** Takes the offered draft to put into the form; the form then counts as changed. */
  restore(): D | null {
    const draft = this.offer;
    if (!draft) return null;
    this.offer = null;
    this.savedAt = draft.savedAt;
    this._touched = true;
    this._host.requestUpdate();
    return draft;
  }

  /** Declines the offered draft; it is forgotten unless the user has typed a new one meanwhile. */
  discard(): void {
    const userId = this._options.userId();
    if (userId !== null && !this._touched) this._options.store.clear(userId);
    this.offer = null;
    this._host.requestUpdate();
  }

  /** The form's content is saved for good: forget the draft. */
  done(): void {
    clearTimeout(this._timer);
    const userId = this._options.userId();
    if (userId !== null) this._options.store.clear(userId);
    this._touched = false;
  }
}
