import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { FLAG_REASONS, flagNeedsNote, type FlagReason } from '../../../server/domain/moderation';
import type { PostView } from '../../../server/presenters/post.presenter';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { t } from '../../i18n';
import { moderationStyles } from '../../styles/moderation.styles';
import { baseStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';
import './gr-feature-dialog';

/** A post as the moderation pieces take it. */
export type ModPost = PostView;

type Field = 'reason' | 'note';

/**
 * A post's moderation actions, beside its reply and quote buttons: a member's "举报" (a
 * reason, and a note required for "other"), shown as "已举报" with "withdraw" while their
 * flag is open; a moderator's hide (with a reason the author is told) or unhide. Every
 * answer goes up as `gr-post-changed` (the post as the server now presents it).
 */
@customElement('gr-post-actions')
export class GrPostActions extends LitElement {
  static override styles = [
    baseStyles,
    moderationStyles,
    css`
      :host {
        display: contents;
      }
      .popover {
        flex-basis: 100%;
      }
      /* As the post's own footer buttons. */
      button {
        min-height: 2rem;
        padding: var(--gr-space-1) var(--gr-space-3);
        font-size: var(--gr-font-size-sm);
      }
      .status-line {
        font-size: var(--gr-font-size-sm);
      }
    `,
  ];

  /** The post acted on. */
  @property({ attribute: false }) post: ModPost | null = null;

  @state() private _panel: 'flag' | 'hide' | null = null;
  @state() private _reason: FlagReason = 'spam';
  @state() private _said = '';

  private readonly _session = new SessionController(this);
  private readonly _form = new FormController<Field>(this, { fields: ['reason', 'note'] });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    const post = this.post;
    const user = this._session.user;
    if (!post || !user || post.held) return nothing;
    const moderator = this._session.hasRole('moderator');
    const own = user.id === post.author.id;
    return html`
      ${!own && post.html !== null ? this._renderFlag(post) : nothing}
      ${moderator
        ? post.hidden
          ? html`<button type="button" class="secondary" ?disabled=${this._form.busy} @click=${this._unhide}>${t('postMod.unhide')}</button>`
          : html`<button type="button" class="secondary" aria-expanded=${this._panel === 'hide' ? 'true' : 'false'}
              @click=${() => this._show('hide')}>${t('postMod.hide')}</button>`
        : nothing}
      ${moderator && !post.hidden && post.html !== null
        ? html`<button type="button" class="secondary" aria-haspopup="dialog" @click=${this._openFeature}>${t('featured.menu')}</button>
            <gr-feature-dialog .postId=${post.id}></gr-feature-dialog>`
        : nothing}
      <span class="live visually-hidden" role="status">${this._said}</span>
      ${this._panel === 'flag' ? this._renderFlagForm() : this._panel === 'hide' ? this._renderHideForm() : nothing}
      ${this._panel === null && this._form.formError ? html`<gr-error-message class="popover" .error=${this._form.formError}></gr-error-message>` : nothing}
    `;
  }

  private _renderFlag(post: ModPost): TemplateResult {
    const mine = post.myFlag ?? null;
    if (mine) {
      return html`<span class="status-line">${t('flag.flaggedAs', { reason: t(`flag.reason.${mine.reason}`) })}</span>
        <button type="button" class="link" ?disabled=${this._form.busy} @click=${this._withdraw}>
          ${this._form.busy ? t('flag.withdrawing') : t('flag.withdraw')}</button>`;
    }
    return html`<button type="button" class="secondary" aria-expanded=${this._panel === 'flag' ? 'true' : 'false'}
      @click=${() => this._show('flag')}>${t('flag.button')}</button>`;
  }

  private _renderFlagForm(): TemplateResult {
    const id = `flag-${this.post?.id ?? 0}`;
    const noteProblem = this._form.problem('note');
    return html`<form class="popover" novalidate aria-labelledby=${`${id}-h`} @submit=${this._flag} @keydown=${this._onKeydown}
      @input=${this._form.clearOnInput}>
      <h3 id=${`${id}-h`}>${t('flag.heading')}</h3>
      <gr-error-message .error=${this._form.formError}></gr-error-message>
      <div class="field">
        <label for=${`${id}-reason`}>${t('flag.reason')}</label>
        <select id=${`${id}-reason`} name="reason" @change=${this._onReason}>
          ${FLAG_REASONS.map((reason) => html`<option value=${reason} ?selected=${reason === this._reason}>${t(`flag.reason.${reason}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for=${`${id}-note`}>${t('flag.note')}${flagNeedsNote(this._reason) ? nothing : html`<span class="optional">${t('form.optional')}</span>`}</label>
        <p class="hint" id=${`${id}-hint`}>${t('flag.noteHint')}</p>
        <textarea id=${`${id}-note`} name="note" maxlength="1000" aria-describedby=${`${id}-hint`}
          aria-invalid=${noteProblem ? 'true' : 'false'}></textarea>
        ${noteProblem ? html`<p class="field-error">${problemText(noteProblem)}</p>` : nothing}
      </div>
      <div class="actions">
        <button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('flag.submitting') : t('flag.submit')}</button>
        <button type="button" class="secondary" @click=${this._close}>${t('flag.cancel')}</button>
      </div>
    </form>`;
  }

  private _renderHideForm(): TemplateResult {
    const id = `hide-${this.post?.id ?? 0}`;
    return html`<form class="popover" novalidate @submit=${this._hide} @keydown=${this._onKeydown}>
      <gr-error-message .error=${this._form.formError}></gr-error-message>
      <div class="field">
        <label for=${`${id}-note`}>${t('postMod.reason')}<span class="optional">${t('form.optional')}</span></label>
        <textarea id=${`${id}-note`} name="note" maxlength="1000"></textarea>
      </div>
      <div class="actions">
        <button type="submit" ?disabled=${this._form.busy}>${t('postMod.confirmHide')}</button>
        <button type="button" class="secondary" @click=${this._close}>${t('flag.cancel')}</button>
      </div>
    </form>`;
  }

  private async _show(panel: 'flag' | 'hide'): Promise<void> {
    this._panel = this._panel === panel ? null : panel;
    this._form.reset();
    this._said = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.popover select, .popover textarea')?.focus();
  }

  private _close(): void {
    const panel = this._panel;
    this._panel = null;
    this._form.reset();
    void this.updateComplete.then(() => this._focusOpener(panel));
  }

  private _focusOpener(panel: 'flag' | 'hide' | null): void {
    const label = panel === 'hide' ? t('postMod.hide') : t('flag.button');
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button')];
    (buttons.find((b) => b.textContent?.trim() === label) ?? buttons[0])?.focus();
  }

  private _openFeature(event: Event): void {
    void this.renderRoot.querySelector('gr-feature-dialog')?.open(event.currentTarget as HTMLElement);
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this._close();
    }
  }

  private _onReason(event: Event): void {
    this._reason = (event.target as HTMLSelectElement).value as FlagReason;
    this._form.clear('note');
  }

  private _changed(post: ModPost, said: string): void {
    this._said = said;
    this._panel = null;
    this.dispatchEvent(new CustomEvent('gr-post-changed', { detail: post, bubbles: true, composed: true }));
  }

  private _flag(event: SubmitEvent): void {
    event.preventDefault();
    const post = this.post;
    if (!post) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const reason = String(data.get('reason') ?? 'spam') as FlagReason;
    const note = String(data.get('note') ?? '').trim();
    void this._form.submit({
      validate: () => (flagNeedsNote(reason) && note === '' ? { note: { key: 'flag.noteRequired' } } : {}),
      send: async () => {
        const answer = await api.post<{ post: ModPost }>(apiPath`/api/posts/${post.id}/flags`, { reason, ...(note ? { note } : {}) });
        this._changed(answer.post, t('flag.sent'));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLButtonElement>('button.link')?.focus();
      },
    });
  }

  private _withdraw(): void {
    const post = this.post;
    if (!post) return;
    void this._form.submit({
      send: async () => {
        const answer = await api.del<{ post: ModPost }>(apiPath`/api/posts/${post.id}/flags/mine`);
        this._changed(answer.post, t('flag.withdrawn'));
        await this.updateComplete;
        this._focusOpener('flag');
      },
    });
  }

  private _hide(event: SubmitEvent): void {
    event.preventDefault();
    const post = this.post;
    if (!post) return;
    const note = String(new FormData(event.currentTarget as HTMLFormElement).get('note') ?? '').trim();
    void this._form.submit({
      send: async () => {
        const answer = await api.post<{ post: ModPost }>(apiPath`/api/posts/${post.id}/hide`, note ? { note } : {});
        this._changed(answer.post, t('postMod.done.hide'));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus();
      },
    });
  }

  private _unhide(): void {
    const post = this.post;
    if (!post) return;
    void this._form.submit({
      send: async () => {
        const answer = await api.post<{ post: ModPost }>(apiPath`/api/posts/${post.id}/unhide`, {});
        this._changed(answer.post, t('postMod.done.unhide'));
        await this.updateComplete;
        this._focusOpener('hide');
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-post-actions': GrPostActions;
  }
}
