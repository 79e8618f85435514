import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { loadCampaign, loadUnits } from '../../api/campaign';
import type { CampaignView } from '../../../server/presenters/campaign.presenter';
import type { VisitView } from '../../../server/presenters/visit.presenter';
import type { UnitView } from '../../../server/presenters/unit.presenter';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { activityName, formatDay, placeKindName } from '../../i18n/campaign-labels';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';

/**
 * A list of visits: place, date, unit, activity, who logged it, open follow-ups and
 * unconfirmed integrity items, each linking to the visit's page.
 */
@customElement('gr-visit-list')
export class GrVisitList extends LitElement {
  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  /** The visits to list, in the order given. */
  @property({ attribute: false }) visits: VisitView[] = [];
  /** Leave out the place (on the place's own page). */
  @property({ type: Boolean, attribute: 'hide-place' }) hidePlace = false;
  /** What to say when there are none. */
  @property({ type: String, attribute: 'empty-text' }) emptyText = '';

  private readonly _context = new ApiTask(this, {
    task: () => Promise.all([loadCampaign(), loadUnits()]),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    if (this.visits.length === 0) return html`<p class="muted">${this.emptyText || t('visits.empty')}</p>`;
    const [campaign, units] = this._context.value ?? [undefined, [] as UnitView[]];
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    return html`<ul class="rows">${this.visits.map((visit) => this._renderVisit(visit, campaign, unitNames))}</ul>`;
  }

  private _renderVisit(visit: VisitView, campaign: CampaignView | undefined, unitNames: Map<number, string>): TemplateResult {
    const open = visit.followUps?.filter((f) => !f.done).length ?? 0;
    const exceptions = visit.integrity.filter((i) => !i.confirmed).length;
    const title = this.hidePlace
      ? formatDay(visit.visitedOn, { withYear: true })
      : `${visit.place.name} · ${formatDay(visit.visitedOn)}`;
    return html`<li>
      <a class="row-title" href=${`/visits/${visit.id}`}>${title}</a>
      <p class="meta">
        ${this.hidePlace ? nothing : html`<span class="tag">${placeKindName(visit.place.kind)}</span>`}
        <span>${unitNames.get(visit.unitId) ?? ''}</span>
        <span>${activityName(campaign, visit.activity)}</span>
        <span>${t('visits.loggedBy', { name: visit.createdBy.displayName })}</span>
        ${open > 0 ? html`<span class="tag">${t('visits.openFollowUps', { count: open })}</span>` : nothing}
        ${exceptions > 0 ? html`<span class="tag danger">${t('visits.integrityExceptions', { count: exceptions })}</span>` : nothing}
      </p>
      ${visit.purpose ? html`<p class="small">${visit.purpose}</p>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-visit-list': GrVisitList;
  }
}
