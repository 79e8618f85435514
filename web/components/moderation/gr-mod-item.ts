import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { ApiError, api, apiPath } from '../../api/client';
import { ACTIONS_BY_TYPE, type QueueAction, type QueueItemView, type ReasonTemplateView } from '../../api/moderation-types';
import { FormController } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, t } from '../../i18n';
import { modItemStyles } from '../../styles/mod-queue.styles';
import { postContentStyles } from '../../styles/post-content.styles';
import { baseStyles } from '../../styles/shared.styles';
import './gr-feature-dialog';
import { actionName, userName } from './mod-labels';
import '../shell/gr-error-message';

/** Days of silence offered by default when "also silence the author" is ticked. */
const DEFAULT_SILENCE_DAYS = 7;

/**
 * One item of the moderators' queue: its type and age, the content as the author wrote it
 * (the post, its topic and board), the author's history, who flagged it and why, the claimed
 * visit or the appeal; who has claimed it; and its actions, one click each, with an optional
 * note (or a reason template) and, from the same item, locking the topic or silencing the
 * author. A 409 (someone else got there first) says who and fetches the item again.
 *
 * Fires `gr-item-changed` (detail: the item as the server now presents it) and
 * `gr-item-select` (detail: {id, selected}).
 */
@customElement('gr-mod-item')
export class GrModItem extends LitElement {
  static override styles = [baseStyles, postContentStyles, modItemStyles];

  /** The item shown. */
  @property({ attribute: false }) item: QueueItemView | null = null;
  /** The admins' reason templates, for the note. */
  @property({ attribute: false }) templates: readonly ReasonTemplateView[] = [];
  /** Ticked for a bulk action. */
  @property({ type: Boolean }) selected = false;

  @state() private _note = '';
  @state() private _lock = false;
  @state() private _silence = false;
  @state() private _days = DEFAULT_SILENCE_DAYS;
  @state() private _said = '';

  private readonly _session = new SessionController(this);
  private readonly _form = new FormController<'note'>(this, { fields: ['note'] });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    const item = this.item;
    if (!item) return nothing;
    const headingId = `item-${item.id}-h`;
    return html`
      <article aria-labelledby=${headingId} class=${item.status === 'resolved' ? 'resolved' : ''}>
        <header>
          ${item.status === 'open'
            ? html`<input type="checkbox" .checked=${this.selected} aria-label=${t('mod.select')} @change=${this._onSelect} />`
            : nothing}
          <h3 id=${headingId}><span class="type type-${item.type}">${t(`mod.type.${item.type}`)}</span>
            ${item.topic ? html`<a href=${item.post ? `/t/${item.topic.id}#post-${item.post.id}` : `/t/${item.topic.id}`}>${item.topic.title}</a>` : nothing}</h3>
          <span class="muted small">${item.board ? html`${item.board.name} · ` : nothing}<time datetime=${item.createdAt}>${formatDate(item.createdAt, 'datetime')}</time></span>
        </header>
        ${this._renderContent(item)}
        ${this._renderClaim(item)}
        ${item.resolution
          ? html`<p class="resolution">${t('mod.resolvedBy', { name: userName(item.resolution.by), action: actionName(item.resolution.action) })}
              ${item.resolution.note ? html`<span class="muted">— ${item.resolution.note}</span>` : nothing}
              <time class="muted small" datetime=${item.resolution.at}>${formatDate(item.resolution.at, 'datetime')}</time></p>`
          : nothing}
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        <p class="live visually-hidden" role="status">${this._said}</p>
        ${item.status === 'open' ? this._renderActions(item) : nothing}
      </article>
    `;
  }

  private _renderContent(item: QueueItemView): TemplateResult {
    const author = item.author;
    return html`
      ${author
        ? html`<p class="author"><a href=${`/u/${encodeURIComponent(author.username)}`}>${author.displayName || author.username}</a>
            <span class="muted small">${t('mod.authorHistory', { posts: author.postCount, actions: author.moderationCount })}
            ${author.silencedUntil ? html` · ${t('mod.authorSilenced', { time: formatDate(author.silencedUntil, 'datetime') })}` : nothing}</span></p>`
        : nothing}
      ${item.post?.html ? html`<div class="content">${unsafeHTML(item.post.html)}</div>` : nothing}
      ${item.flags.length > 0
        ? html`<div class="flags"><strong>${t('mod.flagCount', { count: item.flagCount })}</strong>
            <ul>${item.flags.map((flag) => html`<li>${t('mod.flagBy', { name: userName(flag.user), reason: t(`flag.reason.${flag.reason}`) })}
              ${flag.note ? html`<q>${flag.note}</q>` : nothing}</li>`)}</ul></div>`
        : nothing}
      ${item.visit
        ? html`<p class="visit"><strong>${t('mod.visit')}</strong>
            <a href=${`/visits/${item.visit.id}`}>${t('mod.visitLine', { place: item.visit.placeName, date: formatDate(item.visit.visitedOn) })}</a>
            <span class="muted small">${userName(item.visit.createdBy)}</span></p>`
        : nothing}
      ${item.appeal
        ? html`<div class="appeal"><p><strong>${t('mod.appealOf', { action: actionName(item.appeal.action.action) })}</strong>
            ${item.appeal.action.note ? html`<span class="muted">— ${item.appeal.action.note}</span>` : nothing}</p>
            <p><strong>${t('mod.appealText')}：</strong>${item.appeal.text}</p></div>`
        : nothing}
    `;
  }

  private _renderClaim(item: QueueItemView): TemplateResult | typeof nothing {
    if (item.status !== 'open') return nothing;
    const me = this._session.user?.id ?? null;
    const mine = item.claimedBy !== null && item.claimedBy.id === me;
    return html`<p class="claim">
      ${item.claimedBy
        ? html`<span class="claimed ${mine ? 'mine' : ''}">${mine ? t('mod.claimedByMe') : t('mod.claimedBy', { name: userName(item.claimedBy) })}</span>`
        : nothing}
      ${item.claimedBy === null
        ? html`<button type="button" class="secondary" ?disabled=${this._form.busy} @click=${this._claim}>${t('mod.claim')}</button>`
        : mine || this._session.hasRole('admin')
          ? html`<button type="button" class="secondary" ?disabled=${this._form.busy} @click=${this._release}>${t('mod.release')}</button>`
          : nothing}
    </p>`;
  }

  private _renderActions(item: QueueItemView): TemplateResult {
    const id = `item-${item.id}`;
    const post = item.type === 'flag' || item.type === 'held_post';
    return html`<div class="act">
      <div class="note-row">
        <div class="field">
          <label for=${`${id}-note`}>${t('mod.note')}</label>
          <textarea id=${`${id}-note`} name="note" rows="2" maxlength="1000" .value=${this._note} @input=${this._onNote}></textarea>
        </div>
        ${this.templates.length > 0
          ? html`<div class="field">
              <label for=${`${id}-tpl`}>${t('mod.template')}</label>
              <select id=${`${id}-tpl`} @change=${this._onTemplate}>
                <option value="">${t('mod.templateNone')}</option>
                ${this.templates.map((tpl) => html`<option value=${tpl.id}>${tpl.title}</option>`)}
              </select>
            </div>`
          : nothing}
      </div>
      ${post
        ? html`<div class="extras">
            <label><input type="checkbox" .checked=${this._lock} @change=${(e: Event) => (this._lock = (e.target as HTMLInputElement).checked)} /> ${t('mod.withLock')}</label>
            ${item.author
              ? html`<label><input type="checkbox" .checked=${this._silence} @change=${(e: Event) => (this._silence = (e.target as HTMLInputElement).checked)} /> ${t('mod.withSilence')}</label>
                  ${this._silence
                    ? html`<label>${t('mod.silenceDays')} <input type="number" min="1" max="3650" .value=${String(this._days)}
                        @input=${(e: Event) => (this._days = Number((e.target as HTMLInputElement).value) || DEFAULT_SILENCE_DAYS)} /></label>`
                    : nothing}`
              : nothing}
          </div>`
        : nothing}
      <div class="actions">
        ${ACTIONS_BY_TYPE[item.type].map((action, index) => html`<button type="button" class=${index === 0 ? '' : 'secondary'}
          ?disabled=${this._form.busy} @click=${() => this._resolve(action)}>${t(`mod.action.${action}`)}</button>`)}
        ${item.post && !item.post.held && !item.post.hidden && item.post.html !== null
          ? html`<button type="button" class="secondary" aria-haspopup="dialog" @click=${this._openFeature}>${t('featured.queueAction')}</button>
              <gr-feature-dialog .postId=${item.post.id}></gr-feature-dialog>`
          : nothing}
      </div>
    </div>`;
  }

  private _openFeature(event: Event): void {
    void this.renderRoot.querySelector('gr-feature-dialog')?.open(event.currentTarget as HTMLElement);
  }

  private _onSelect(event: Event): void {
    const selected = (event.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent('gr-item-select', { detail: { id: this.item?.id ?? 0, selected }, bubbles: true, composed: true }));
  }

  private _onNote(event: Event): void {
    this._note = (event.target as HTMLTextAreaElement).value;
  }

  private _onTemplate(event: Event): void {
    const id = Number((event.target as HTMLSelectElement).value);
    const tpl = this.templates.find((known) => known.id === id);
    if (tpl) this._note = tpl.text;
  }

  private _changed(item: QueueItemView, said: string): void {
    this._said = said;
    this.dispatchEvent(new CustomEvent('gr-item-changed', { detail: item, bubbles: true, composed: true }));
  }

  private _claim(): void {
    const item = this.item;
    if (!item) return;
    void this._form.submit({
      send: async () => {
        const answer = await api.post<{ item: QueueItemView }>(apiPath`/api/mod/queue/${item.id}/claim`, {});
        this._changed(answer.item, t('mod.claimedByMe'));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLButtonElement>('.claim button')?.focus();
      },
      failed: (err) => this._conflict(err),
    });
  }

  private _release(): void {
    const item = this.item;
    if (!item) return;
    void this._form.submit({
      send: async () => {
        const answer = await api.del<{ item: QueueItemView }>(apiPath`/api/mod/queue/${item.id}/claim`);
        this._changed(answer.item, t('mod.release'));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLButtonElement>('.claim button')?.focus();
      },
      failed: (err) => this._conflict(err),
    });
  }

  private _resolve(action: QueueAction): void {
    const item = this.item;
    if (!item) return;
    const note = this._note.trim();
    const body = {
      action,
      ...(note ? { note } : {}),
      ...(this._lock ? { lockTopic: true, ...(note ? { lockReason: note } : {}) } : {}),
      ...(this._silence ? { silenceUntil: new Date(Date.now() + this._days * 86_400_000).toISOString() } : {}),
    };
    void this._form.submit({
      send: async () => {
        const answer = await api.post<{ item: QueueItemView }>(apiPath`/api/mod/queue/${item.id}/resolve`, body);
        this._changed(answer.item, t('mod.done', { action: t(`mod.action.${action}`) }));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('h3 a')?.focus();
      },
      failed: (err) => this._conflict(err),
    });
  }

  /**
   * Someone else resolved or claimed the item first: say who (from the item fetched again),
   * and show the item as it now is.
   */
  private _conflict(err: unknown): { formError: unknown } | undefined {
    if (!(err instanceof ApiError) || (err.code !== 'ALREADY_RESOLVED' && err.code !== 'ALREADY_CLAIMED')) return undefined;
    const item = this.item;
    if (!item) return undefined;
    void api.get<{ item: QueueItemView }>(apiPath`/api/mod/queue/${item.id}`).then(
      (answer) => {
        const fresh = answer.item;
        const who = fresh.resolution?.by ?? fresh.claimedBy;
        const message = who ? t('mod.alreadyResolved', { name: userName(who) }) : t('mod.alreadyResolvedSomeone');
        this._changed(fresh, message);
        this._form.formError = new ApiError(err.status, err.code, message, err.body ? { ...err.body, message } : null);
        this.requestUpdate();
        void this.updateComplete.then(() => {
          // The button pressed went away with the actions (its focus fell to the page): keep the
          // person's place on the item's link, beside the sentence saying who handled it.
          const active = document.activeElement;
          if (active === null || active === document.body || active === this) this.renderRoot.querySelector<HTMLElement>('h3 a')?.focus();
        });
      },
      () => undefined,
    );
    return { formError: err };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-mod-item': GrModItem;
  }
  interface HTMLElementEventMap {
    'gr-item-changed': CustomEvent<QueueItemView>;
    'gr-item-select': CustomEvent<{ id: number; selected: boolean }>;
  }
}
