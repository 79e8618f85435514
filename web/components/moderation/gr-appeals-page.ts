import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import type { AppealView, ModLogView } from '../../api/moderation-types';

/** An action the member may appeal, with the post it concerns (GET /api/appeals/mine). */
type Appealable = ModLogView & { subject: { postId: number; topicId: number; title: string } | null };
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { baseStyles, pageStyles, rowListStyles } from '../../styles/shared.styles';
import { actionName } from './mod-labels';
import '../shell/gr-error-message';

/** The longest appeal text. */
const APPEAL_MAX = 2000;

/**
 * A member's appeals (/appeals, signed in): with `?action=<mod log id>` (the "申诉" link of
 * a notification about a hidden or rejected post or a silence), the form to appeal that
 * action once, with a text; and the list of their appeals with each outcome.
 */
@customElement('gr-appeals-page')
export class GrAppealsPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    rowListStyles,
    css`
      textarea { width: 100%; min-height: 7rem; padding: var(--gr-space-2) var(--gr-space-3); border: 1px solid var(--gr-color-border-strong); border-radius: var(--gr-radius-sm); font: inherit; }
      textarea[aria-invalid='true'] { border-color: var(--gr-color-danger); border-width: 2px; }
      .list li { display: grid; justify-content: stretch; justify-items: start; gap: var(--gr-space-1); }
      .status { font-weight: 600; }
      .chosen { display: grid; gap: var(--gr-space-1); margin: 0 0 var(--gr-space-3); }
      h2 { font-size: var(--gr-font-size-lg); }
    `,
  ];

  /** The mod-log action to appeal (from ?action=), or null. */
  @property({ type: Number }) action: number | null = null;

  @state() private _sent = false;

  private readonly _form = new FormController<'text'>(this, { fields: ['text'] });
  private readonly _mine = new ApiTask(this, {
    task: (_args, signal) => api.get<{ items: AppealView[]; appealable: Appealable[] }>('/api/appeals/mine', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page narrow">
        <header><h1 tabindex="-1">${t('appeal.page')}</h1></header>
        ${this._sent ? html`<p class="notice" role="status" tabindex="-1">${t('appeal.sent')}</p>` : nothing}
        ${this._mine.render({
          pending: () => html`<p class="muted" role="status">${t('app.loading')}</p>`,
          complete: (answer) => html`
            ${this.action !== null && !this._sent ? this._renderChosen(answer.items, answer.appealable) : nothing}
            ${this.action === null ? this._renderAppealable(answer.appealable) : nothing}
            <section aria-labelledby="appeals-h">
              <h2 id="appeals-h">${t('appeal.mine')}</h2>
              ${this._renderList(answer.items)}
            </section>`,
          error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._mine.run()}></gr-error-message>`,
        })}
      </div>
    `;
  }

  /** What ?action= names: the form under a line saying which action it appeals, or why it can't be. */
  private _renderChosen(appeals: readonly AppealView[], appealable: readonly Appealable[]): TemplateResult {
    const chosen = appealable.find((entry) => entry.id === this.action);
    if (chosen) return this._renderForm(chosen);
    const appealed = appeals.some((appeal) => appeal.action.id === this.action);
    return html`<p class="notice" role="status">${t(appealed ? 'appeal.already' : 'appeal.notOpen')}</p>`;
  }

  /** The actions still open to appeal, each with a link to its form. */
  private _renderAppealable(entries: readonly Appealable[]): TemplateResult | typeof nothing {
    if (entries.length === 0) return nothing;
    return html`<section aria-labelledby="appealable-h">
      <h2 id="appealable-h">${t('appeal.open')}</h2>
      <ul class="list">${entries.map((entry) => html`<li>
        ${this._describe(entry, true)}
        <a class="button secondary" href=${`/appeals?action=${entry.id}`}>${t('appeal.button')}</a>
      </li>`)}</ul>
    </section>`;
  }

  /** One action as the member sees it: what was done to which post, when, and the moderator's note. */
  private _describe(entry: Appealable, withAction: boolean): TemplateResult {
    return html`${withAction ? html`<span class="name">${actionName(entry.action)}</span>` : nothing}
      ${entry.subject ? html`<a href=${`/t/${entry.subject.topicId}#post-${entry.subject.postId}`}>${entry.subject.title}</a>` : nothing}
      <span class="meta">${formatDate(entry.createdAt, 'datetime')}${entry.note ? html` · ${t('appeal.modNote', { note: entry.note })}` : nothing}</span>`;
  }

  private _renderForm(entry: Appealable): TemplateResult {
    const problem = this._form.problem('text');
    return html`<section class="card" aria-labelledby="appeal-h">
      <h2 id="appeal-h">${t('appeal.headingFor', { action: actionName(entry.action) })}</h2>
      <p class="chosen">${this._describe(entry, false)}</p>
      <form class="stacked" novalidate @submit=${this._submit} @input=${this._form.clearOnInput}>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        <div class="field">
          <label for="appeal-text">${t('appeal.text')}</label>
          <p class="hint" id="appeal-hint">${t('appeal.hint')}</p>
          <textarea id="appeal-text" name="text" maxlength=${APPEAL_MAX} aria-describedby="appeal-hint"
            aria-invalid=${problem ? 'true' : 'false'}></textarea>
          ${problem ? html`<p class="field-error">${problemText(problem)}</p>` : nothing}
        </div>
        <div class="actions"><button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('appeal.submitting') : t('appeal.submit')}</button></div>
      </form>
    </section>`;
  }

  private _renderList(items: readonly AppealView[]): TemplateResult {
    if (items.length === 0) return html`<p class="muted">${t('appeal.none')}</p>`;
    return html`<ul class="list">${items.map((appeal) => html`<li>
      <span class="name">${actionName(appeal.action.action)}${appeal.action.note ? html` <span class="meta">— ${appeal.action.note}</span>` : nothing}</span>
      <span class="meta">${formatDate(appeal.createdAt, 'datetime')}</span>
      <span>${appeal.text}</span>
      <span class="status">${appeal.status === 'open'
        ? t('appeal.pending')
        : t(appeal.status === 'upheld' ? 'appeal.upheld' : 'appeal.overturned', { note: appeal.decisionNote ?? '' })}</span>
    </li>`)}</ul>`;
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const action = this.action;
    if (action === null) return;
    const text = String(new FormData(event.currentTarget as HTMLFormElement).get('text') ?? '').trim();
    void this._form.submit({
      validate: () => (text === '' ? { text: { key: 'appeal.textRequired' } } : {}),
      send: async () => {
        await api.post('/api/appeals', { action, text });
        this._sent = true;
        await this._mine.run();
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.notice')?.focus();
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-appeals-page': GrAppealsPage;
  }
}
