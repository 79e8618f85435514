import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import type { Page } from '../../../server/presenters/page.presenter';
import type { VisitView } from '../../../server/presenters/visit.presenter';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, t } from '../../i18n';
import { moderationStyles } from '../../styles/moderation.styles';
import { baseStyles } from '../../styles/shared.styles';
import type { ModTopic } from './gr-visit-mark';
import '../shell/gr-error-message';

/**
 * The author's "this comes from my visit" on a piece of field writing: pick one of the
 * visits they logged or took part in (in any unit: GET /api/visits?mine=true) and send it for a
 * moderator to confirm (PUT /api/topics/:id/visit). Fires `gr-topic-changed`.
 */
@customElement('gr-visit-claim')
export class GrVisitClaim extends LitElement {
  static override styles = [baseStyles, moderationStyles];

  /** The author's topic. */
  @property({ attribute: false }) topic: ModTopic | null = null;

  @state() private _open = false;
  @state() private _visits: VisitView[] | null = null;
  @state() private _done = '';

  private readonly _session = new SessionController(this);
  private readonly _form = new FormController<'visitId'>(this, { fields: ['visitId'] });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    const topic = this.topic;
    if (!topic) return nothing;
    const linked = topic.visitId !== null && topic.visitClaim !== 'rejected';
    return html`
      <button type="button" class="secondary" aria-expanded=${this._open ? 'true' : 'false'} @click=${this._toggle}>
        ${linked ? t('visitClaim.change') : t('visitClaim.button')}
      </button>
      <span class="live visually-hidden" role="status">${this._done}</span>
      ${this._open ? this._renderForm(topic) : nothing}
    `;
  }

  private _renderForm(topic: ModTopic): TemplateResult {
    const problem = this._form.problem('visitId');
    return html`<div class="popover">
      <h3>${t('visitClaim.heading')}</h3>
      <gr-error-message .error=${this._form.formError}></gr-error-message>
      ${this._visits === null
        ? html`<p class="muted" role="status">${t('app.loading')}</p>`
        : this._visits.length === 0
          ? html`<p>${t('visitClaim.none')} <a href="/visits/new">${t('visitClaim.logVisit')}</a></p>`
          : html`<form novalidate @submit=${this._submit}>
              <div class="field">
                <label for="vc-visit">${t('visitClaim.visit')}</label>
                <select id="vc-visit" name="visitId" aria-invalid=${problem ? 'true' : 'false'}>
                  ${this._visits.map((visit) => html`<option value=${visit.id} ?selected=${visit.id === topic.visitId}>
                    ${formatDate(visit.visitedOn)} · ${visit.place.name}</option>`)}
                </select>
                ${problem ? html`<p class="field-error">${problemText(problem)}</p>` : nothing}
              </div>
              <div class="actions"><button type="submit" ?disabled=${this._form.busy}>${t('visitClaim.submit')}</button></div>
            </form>`}
    </div>`;
  }

  private async _toggle(): Promise<void> {
    this._open = !this._open;
    this._done = '';
    if (this._open && this._visits === null) await this._loadVisits();
    await this.updateComplete;
    if (this._open) this.renderRoot.querySelector<HTMLElement>('select')?.focus();
  }

  /** The visits the author logged or took part in, in any unit (GET /api/visits?mine=true). */
  private async _loadVisits(): Promise<void> {
    if (!this._session.user) {
      this._visits = [];
      return;
    }
    try {
      const page = await api.get<Page<VisitView>>('/api/visits', { query: { mine: true, limit: 100 } });
      this._visits = page.items;
    } catch (err) {
      this._visits = [];
      this._form.formError = err;
      this.requestUpdate();
    }
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const topic = this.topic;
    if (!topic) return;
    const raw = String(new FormData(event.currentTarget as HTMLFormElement).get('visitId') ?? '');
    void this._form.submit({
      validate: () => (raw === '' ? { visitId: { key: 'visitClaim.choose' } } : {}),
      send: async () => {
        const answer = await api.put<{ topic: ModTopic }>(apiPath`/api/topics/${topic.id}/visit`, { visitId: Number(raw) });
        this._open = false;
        this._done = t('visitClaim.done');
        this.dispatchEvent(new CustomEvent('gr-topic-changed', { detail: answer.topic, bubbles: true, composed: true }));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus();
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-visit-claim': GrVisitClaim;
  }
}
