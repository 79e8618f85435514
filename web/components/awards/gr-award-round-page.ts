import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import type { CandidatesView, CandidateView } from '../../../server/presenters/award.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDay } from '../../i18n/campaign-labels';
import { formatDate, t } from '../../i18n';
import { postHref } from '../../text/links';
import { moderationStyles } from '../../styles/moderation.styles';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';
import './gr-nominate-dialog';
import type { GrNominateDialog } from './gr-nominate-dialog';

/**
 * One nomination round (/editor/awards/:id, editors and admins): its candidates in the
 * round's order — visit-confirmed frontline work first (the 实地走访 mark), then by how many
 * editions used it, then newest — each with its author and unit, place and visit date, the
 * editions, the tally and the reasons; nominate with a reason (a dialog), withdraw one's own
 * nomination while the round is open, and download the nominations as XLSX.
 */
@customElement('gr-award-round-page')
export class GrAwardRoundPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    moderationStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--gr-space-3);
        margin-bottom: var(--gr-space-4);
      }

      ol.candidates {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--gr-space-4);
      }

      ol.candidates > li {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: var(--gr-space-3) var(--gr-space-4);
        padding: var(--gr-space-4);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
      }

      .main {
        min-width: 0;
      }

      h3 {
        margin: 0 0 var(--gr-space-1);
        overflow-wrap: anywhere;
      }

      .meta {
        margin: 0;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
        overflow-wrap: anywhere;
      }

      .rank {
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      .tag {
        display: inline-block;
        margin-inline-end: var(--gr-space-2);
        padding: 0 var(--gr-space-2);
        border-radius: var(--gr-radius-sm);
        font-size: var(--gr-font-size-sm);
        font-weight: 600;
        border: 1px solid var(--gr-color-success);
        background: var(--gr-color-success-soft);
        color: var(--gr-color-text);
      }

      .tag.claimed {
        border-color: var(--gr-color-border-strong);
        background: var(--gr-color-surface-muted);
        font-weight: 400;
      }

      ul.editions,
      ul.reasons {
        margin: var(--gr-space-2) 0 0;
        padding-inline-start: var(--gr-space-5);
        font-size: var(--gr-font-size-sm);
      }

      ul.reasons li {
        overflow-wrap: anywhere;
        white-space: pre-line;
      }

      .side {
        display: grid;
        align-content: start;
        justify-items: end;
        gap: var(--gr-space-2);
        text-align: end;
      }

      .tally {
        font-size: var(--gr-font-size-lg);
        font-weight: 700;
      }

      h4 {
        margin: var(--gr-space-3) 0 0;
        font-size: var(--gr-font-size-sm);
      }

      @media (max-width: 40rem) {
        ol.candidates > li {
          grid-template-columns: 1fr;
        }

        .side {
          justify-items: start;
          text-align: start;
          grid-auto-flow: row;
        }
      }
    `,
  ];

  /** The round's id (from the URL). */
  @property({ type: String }) roundId = '';

  @state() private _said = '';
  @state() private _nominating: CandidateView | null = null;

  private readonly _actions = new FormController(this);
  private readonly _data = new ApiTask(this, {
    task: ([id], signal) => api.get<CandidatesView>(apiPath`/api/nomination-rounds/${id}/candidates`, { signal }),
    args: () => [this.roundId] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <p><a href="/editor/awards">${t('awards.title')}</a></p>
      ${this._data.render({
        pending: () => (this._data.value ? this._renderRound(this._data.value) : html`<p class="muted" role="status">${t('awards.loading')}</p>`),
        error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._data.run()}></gr-error-message>`,
        complete: (data) => this._renderRound(data),
      }) ?? nothing}
      <gr-nominate-dialog .roundId=${Number(this.roundId)} .postId=${this._nominating?.post.id ?? 0}
        .workTitle=${this._nominating?.topic.title ?? ''} @gr-nominated=${this._onNominated}></gr-nominate-dialog>
    </div>`;
  }

  private _renderRound({ round, items }: CandidatesView): TemplateResult {
    const open = round.state === 'open';
    return html`
      <header>
        <h1 tabindex="-1">${round.title}</h1>
        <p class="muted">
          ${t('awards.period', { start: formatDay(round.periodStart, { withYear: true }), end: formatDay(round.periodEnd, { withYear: true }) })}
          · ${t(`awards.state.${round.state}`)}
        </p>
      </header>
      ${open ? nothing : html`<p class="banner">${t('awards.round.closedNotice')}</p>`}
      <p class=${this._said ? 'banner' : 'visually-hidden'} role="status">${this._said}</p>
      <gr-error-message .error=${this._actions.formError}></gr-error-message>
      <section aria-labelledby="candidates-h">
        <div class="toolbar">
          <div>
            <h2 id="candidates-h">${t('awards.round.candidates')}</h2>
            <p class="meta">${t('awards.round.count', { count: items.length })} · ${t('awards.round.frontlineHint')}</p>
          </div>
          <a class="button secondary" href=${apiPath`/api/nomination-rounds/${round.id}/export.xlsx`} download>${t('awards.round.export')}</a>
        </div>
        ${items.length === 0
          ? html`<p class="muted">${t('awards.round.none')}</p>`
          : html`<ol class="candidates">${items.map((c, i) => this._renderCandidate(c, i + 1, open))}</ol>`}
      </section>`;
  }

  private _renderCandidate(c: CandidateView, rank: number, open: boolean): TemplateResult {
    const headingId = `cand-${c.post.id}`;
    const by = c.unit ? t('awards.round.by', { author: c.author.displayName, unit: c.unit.name }) : c.author.displayName;
    return html`<li aria-labelledby=${headingId}>
      <div class="main">
        <span class="rank">${t('awards.round.rank', { rank })}</span>
        <h3 id=${headingId}><a href=${postHref(c.topic.id, c.post.id)}>${c.topic.title}</a></h3>
        <p class="meta">
          ${c.frontline ? html`<span class="tag">${t('awards.round.frontline')}</span>` : nothing}
          ${c.visit && !c.visit.confirmed ? html`<span class="tag claimed">${t('awards.round.claimed')}</span>` : nothing}
          ${by}
          ${c.visit ? html` · ${t('awards.round.visit', { place: c.visit.placeName, date: formatDay(c.visit.visitedOn, { withYear: true }) })}` : nothing}
        </p>
        <h4>${t('awards.round.editions')}</h4>
        <ul class="editions">${c.editions.map((e) => html`<li>
          <a href=${e.url}>${t('awards.round.edition', { outlet: e.outletName, column: e.columnName, number: e.number })}</a>
          · ${formatDate(e.publishedAt)}
        </li>`)}</ul>
        ${c.nominations.length > 0
          ? html`<h4>${t('awards.round.reasons')}</h4>
            <ul class="reasons">${c.nominations.map((n) => html`<li><strong>${n.editor.displayName}</strong>：${n.reason}</li>`)}</ul>`
          : nothing}
      </div>
      <div class="side">
        <span class="tally" aria-label=${t('awards.round.tallyLabel', { count: c.tally })}>${t('awards.round.tally', { count: c.tally })}</span>
        ${open && c.myNominationId === null
          ? html`<button type="button" @click=${(e: Event) => this._nominate(c, e.currentTarget as HTMLElement)}
              aria-describedby=${headingId}>${t('awards.round.nominate')}</button>`
          : nothing}
        ${open && c.myNominationId !== null
          ? html`<button type="button" class="secondary" ?disabled=${this._actions.busy} aria-describedby=${headingId}
              @click=${() => this._withdraw(c)}>${t('awards.round.withdraw')}</button>`
          : nothing}
      </div>
    </li>`;
  }

  private async _nominate(c: CandidateView, opener: HTMLElement): Promise<void> {
    this._nominating = c;
    this._said = '';
    await this.updateComplete;
    await this.renderRoot.querySelector<GrNominateDialog>('gr-nominate-dialog')?.open(opener);
  }

  private async _onNominated(): Promise<void> {
    const title = this._nominating?.topic.title ?? '';
    const postId = this._nominating?.post.id;
    await this._data.run();
    this._said = t('awards.dialog.done', { title });
    await this.updateComplete;
    // The nominate button is gone: focus the candidate's withdraw button instead.
    if (postId !== undefined) this.renderRoot.querySelector<HTMLElement>(`[aria-labelledby="cand-${postId}"] .side button`)?.focus();
  }

  private _withdraw(c: CandidateView): void {
    const id = c.myNominationId;
    if (id === null) return;
    void this._actions.submit({
      send: async () => {
        await api.del(apiPath`/api/nomination-rounds/${Number(this.roundId)}/nominations/${id}`);
        await this._data.run();
        this._said = t('awards.round.withdrawn', { title: c.topic.title });
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>(`[aria-labelledby="cand-${c.post.id}"] .side button`)?.focus();
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-award-round-page': GrAwardRoundPage;
  }
}
