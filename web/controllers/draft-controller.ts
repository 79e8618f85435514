import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { api, apiPath } from '../api/client';
import { DRAFT_BODY_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../server/domain/limits';
import type { DraftView } from '../../server/presenters/draft.presenter';
import { charCount } from '../text/char-count';

/** How long typing pauses before the draft is saved. */
const DRAFT_DELAY_MS = 800;

/** A draft's text. */
export interface DraftText {
  title: string;
  body: string;
  /** The post a reply draft answers; null or absent: the topic (or a new topic). */
  parentId?: number | null;
}

/**
 * The latest text of each draft scope in this page's life: a composer that closes and another
 * that opens on the same scope (moving a reply from one post to another) continue from it
 * without waiting for the server.
 */
const draftCache = new Map<string, DraftText>();

/** The draft controllers on the page, by scope: a send in one clears the others holding that text. */
const liveControllers = new Map<string, Set<DraftController>>();

/**
 * The body last sent from each scope in this page's life: a draft load that answers after
 * the send (it left before the server deleted the draft) must not bring the sent text back.
 */
const sentBodies = new Map<string, string>();

/** What a DraftController keeps a draft of. */
export interface DraftControllerOptions {
  /** The draft scope (`topic:<id>` or `board:<slug>`), or null to keep none. */
  scope: () => string | null;
  /** The text as it stands in the form. */
  text: () => DraftText;
  /**
   * Puts a loaded draft into the form (once per scope, when the form opens): from this page's
   * own cache (another composer of the scope had it) or from the server (a reload, a device).
   */
  restore: (draft: DraftText, source: 'page' | 'server') => void;
  /** Empties the form: another composer of the scope sent the text this one holds. */
  clear: () => void;
}

/**
 * A composer's server draft (GET, PUT and DELETE /api/drafts/:scope): loaded when a scope
 * opens, saved as the writer pauses, saved at once when the composer leaves the page, and
 * forgotten once the text is sent (the server clears its copy then). A draft that cannot
 * be saved stays in the form; the next pause tries again.
 */
export class DraftController implements ReactiveController {
  /** When the server last stored the draft, or null. */
  savedAt: string | null = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _options: DraftControllerOptions;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _loadedScope: string | null = null;
  /** The save in flight, awaited before sending so it cannot re-create a cleared draft. */
  private _saving: Promise<void> | null = null;

  constructor(host: ReactiveControllerHost, options: DraftControllerOptions) {
    this._host = host;
    this._options = options;
    host.addController(this);
  }

  hostUpdated(): void {
    const scope = this._options.scope();
    if (scope === this._loadedScope) return;
    this._unregister();
    this._loadedScope = scope;
    if (scope) {
      let peers = liveControllers.get(scope);
      if (!peers) liveControllers.set(scope, (peers = new Set()));
      peers.add(this);
      void this._load(scope);
    }
  }

  hostDisconnected(): void {
    // Leaving with unsaved typing: save it now rather than lose it.
    if (this._timer) {
      clearTimeout(this._timer);
      this._timer = null;
      void this.save();
    }
    this._unregister();
    this._loadedScope = null;
  }

  /** The writer changed the text: remember it for this page and save it after a pause. */
  changed(): void {
    const scope = this._options.scope();
    if (!scope) return;
    draftCache.set(scope, this._options.text());
    if (this._timer) clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._timer = null;
      this._saving = this.save().finally(() => {
        this._saving = null;
      });
    }, DRAFT_DELAY_MS);
  }

  /** Before sending: no save is scheduled any more, and the one in flight has finished. */
  async settle(): Promise<void> {
    if (this._timer) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    if (this._saving) await this._saving;
  }

  /** The text was sent: the server cleared the draft, and this page forgets it too. */
  sent(): void {
    const scope = this._options.scope();
    if (!scope) return;
    draftCache.delete(scope);
    this.savedAt = null;
    this._host.requestUpdate();
    const body = this._options.text().body;
    sentBodies.set(scope, body);
    // Every other composer of this scope that holds the sent text (the main reply box took
    // it from the page's cache while an inline reply was being written) empties, and saves
    // nothing more: the server has already deleted the draft with the send.
    for (const peer of liveControllers.get(scope) ?? []) {
      if (peer !== this && peer._options.text().body.trim() === body.trim()) peer._emptied();
    }
  }

  /** Another composer sent this one's text: forget the pending save and empty the form. */
  private _emptied(): void {
    if (this._timer) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    this.savedAt = null;
    this._options.clear();
    this._host.requestUpdate();
  }

  private _unregister(): void {
    if (this._loadedScope === null) return;
    const peers = liveControllers.get(this._loadedScope);
    peers?.delete(this);
    if (peers?.size === 0) liveControllers.delete(this._loadedScope);
  }

  /** Saves the text now (an empty text deletes the draft). */
  async save(): Promise<void> {
    const scope = this._options.scope();
    if (!scope) return;
    const { title: fullTitle, body, parentId = null } = this._options.text();
    const title = fullTitle.slice(0, TITLE_MAX_LENGTH);
    // Over the post limit is still kept (the composer says by how much); only beyond the
    // far larger draft limit is there nothing the server would store.
    if (charCount(body) > DRAFT_BODY_MAX_LENGTH) return;
    try {
      if (body.trim() === '' && title.trim() === '') {
        await api.del(apiPath`/api/drafts/${scope}`);
        this.savedAt = null;
      } else {
        const answer = await api.put<{ draft: DraftView }>(apiPath`/api/drafts/${scope}`, { title, body, parentId });
        this.savedAt = answer.draft.updatedAt;
      }
      this._host.requestUpdate();
    } catch {
      // A draft that could not be saved is still in the form; the next pause tries again.
    }
  }

  private async _load(scope: string): Promise<void> {
    const cached = draftCache.get(scope);
    if (cached) {
      this._options.restore(cached, 'page');
      return;
    }
    try {
      const answer = await api.get<{ draft: DraftView | null }>(apiPath`/api/drafts/${scope}`);
      if (scope !== this._options.scope() || !answer.draft) return;
      // The answer left before a send from this page deleted the draft: it is not a draft any more.
      if (sentBodies.get(scope) === answer.draft.body) return;
      const draft = { title: answer.draft.title, body: answer.draft.body, parentId: answer.draft.parentId };
      draftCache.set(scope, draft);
      this._options.restore(draft, 'server');
      this.savedAt = answer.draft.updatedAt;
      this._host.requestUpdate();
    } catch {
      // Without the draft the composer still works; the next save stores a new one.
    }
  }
}

/**
 * Whether the signed-in user has a server draft for a scope, without opening a composer:
 * a closed composer's button says "草稿已保存 · 10:42" so the writer knows the text waits.
 * Follows the page's own drafts too (a composer of the scope saving or sending).
 */
export class DraftPeekController implements ReactiveController {
  /** When the draft was last saved, or null when there is none (or it is not known yet). */
  savedAt: string | null = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _scope: () => string | null;
  private _peeked: string | null = null;
  private _generation = 0;

  constructor(host: ReactiveControllerHost, scope: () => string | null) {
    this._host = host;
    this._scope = scope;
    host.addController(this);
  }

  hostUpdated(): void {
    const scope = this._scope();
    if (scope === this._peeked) return;
    this._peeked = scope;
    this.savedAt = null;
    if (scope) void this._peek(scope);
  }

  /** Looks again (a composer of the scope closed: it may have saved or sent). */
  refresh(): void {
    const scope = this._scope();
    if (scope) void this._peek(scope);
  }

  private async _peek(scope: string): Promise<void> {
    const generation = (this._generation += 1);
    try {
      const answer = await api.get<{ draft: DraftView | null }>(apiPath`/api/drafts/${scope}`);
      if (generation !== this._generation) return;
      const draft = answer.draft;
      this.savedAt = draft && (draft.body.trim() !== '' || draft.title.trim() !== '') && sentBodies.get(scope) !== draft.body ? draft.updatedAt : null;
      this._host.requestUpdate();
    } catch {
      // Not knowing about a draft changes nothing: the composer loads it when opened.
    }
  }
}
