import { FEATURED_COLLECTIONS } from '../../../server/domain/moderation';
import { isCalendarDate } from '../../../server/domain/text';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, api } from '../../api/client';
import { loadCampaign, rememberCampaign } from '../../api/campaign';
import type { CampaignView } from '../../../server/presenters/campaign.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t, type MessageKey } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';
import { formAttention } from '../shell/form-field';

/** A name in both languages as the form edits it. */
interface Names {
  zh: string;
  en: string;
}

/** The editable copy of the campaign (everything PUT /api/campaign takes), every name in both languages. */
interface Settings {
  names: Names;
  year: number;
  phases: { id: string; names: Names; from: string; to: string }[];
  targets: CampaignView['targets'];
  quota: CampaignView['quota'];
  activities: { id: string; names: Names }[];
  integrity: { id: string; texts: Names }[];
  overlapWindowDays: number;
  featuredTargets: CampaignView['featuredTargets'];
}

/** Both names, trimmed, as PUT /api/campaign takes them. */
function trimmed(names: Names): Names {
  return { zh: names.zh.trim(), en: names.en.trim() };
}

type ListName = 'phases' | 'activities' | 'integrity';

/** A new stable id for an added phase, activity or integrity item (ids never change once saved). */
function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

function copy(campaign: CampaignView): Settings {
  return {
    names: { ...campaign.names },
    year: campaign.year,
    phases: campaign.phases.map((p) => ({ id: p.id, names: { ...p.names }, from: p.from, to: p.to })),
    targets: { ...campaign.targets },
    quota: { village: { ...campaign.quota.village }, enterprise: { ...campaign.quota.enterprise } },
    activities: campaign.activities.map((a) => ({ id: a.id, names: { ...a.names } })),
    integrity: campaign.integrity.map((i) => ({ id: i.id, texts: { ...i.texts } })),
    overlapWindowDays: campaign.overlapWindowDays,
    featuredTargets: { ...campaign.featuredTargets },
  };
}

/** Sets `value` at a dotted path of a plain object (a copy is made along the path). */
function setPath<T>(target: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const key = head as string;
  const source = target as unknown as Record<string, unknown> | unknown[];
  const clone = (Array.isArray(source) ? [...source] : { ...source }) as Record<string, unknown>;
  clone[key] = rest.length === 0 ? value : setPath(clone[key], rest.join('.'), value);
  return clone as unknown as T;
}

/**
 * /campaign/settings (admins): the campaign as data — name, year, phases with dates,
 * targets, per-person quota, the overlap window, the activities and the integrity items —
 * saved with PUT /api/campaign; the server's objections appear next to their field.
 */
@customElement('gr-campaign-settings-page')
export class GrCampaignSettingsPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    campaignStyles,
    css`
      .row {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
        gap: var(--gr-space-3);
        align-items: end;
      }

      .names {
        display: grid;
        gap: var(--gr-space-2);
      }

      .item {
        display: grid;
        gap: var(--gr-space-2);
        padding-top: var(--gr-space-3);
        border-top: 1px solid var(--gr-color-border);
      }

      .item-head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: var(--gr-space-2);
      }
    `,
  ];

  @state() private _settings: Settings | null = null;
  /** Problems by the server's field paths (`phases.1.to`); one the form does not show goes above the button. */
  private readonly _form = new FormController(this, {
    fieldOf: (err) => (err instanceof ApiError && err.field ? err.field : null),
  });
  @state() private _saved = false;

  private readonly _campaign = new ApiTask(this, {
    task: async () => {
      const campaign = await loadCampaign();
      this._settings ??= copy(campaign);
      return campaign;
    },
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`<div class="page narrow">
      <header>
        <h1 tabindex="-1">${t('settingsCampaign.title')}</h1>
        <p class="lead muted">${t('settingsCampaign.intro')}</p>
      </header>
      ${this._settings
        ? this._renderForm(this._settings)
        : this._campaign.render({
            pending: () => html`<p class="muted" role="status">${t('app.loading')}</p>`,
            error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => this._campaign.run()}></gr-error-message>`,
          })}
    </div>`;
  }

  private _renderForm(s: Settings): TemplateResult {
    return html`<form class="sections" novalidate @submit=${this._save}>
      <fieldset>
        <legend>${t('settingsCampaign.basics')}</legend>
        ${this._names('names', t('settingsCampaign.name'), s.names, 100)}
        <div class="row">
          ${this._field('year', t('settingsCampaign.year'), String(s.year), { type: 'number', min: 2000, max: 2100 })}
          ${this._field('overlapWindowDays', t('settingsCampaign.overlapWindow'), String(s.overlapWindowDays), { type: 'number', min: 0, max: 366, hint: t('settingsCampaign.overlapHint') })}
        </div>
      </fieldset>

      <fieldset>
        <legend>${t('settingsCampaign.targets')}</legend>
        <div class="row">
          ${this._field('targets.village', t('progress.villages'), String(s.targets.village), { type: 'number', min: 0, max: 100000 })}
          ${this._field('targets.enterprise', t('progress.enterprises'), String(s.targets.enterprise), { type: 'number', min: 0, max: 100000 })}
        </div>
        <p class="hint">${t('settingsCampaign.quotaHint')}</p>
        <div class="row">
          ${this._field('quota.village.min', t('settingsCampaign.quotaVillageMin'), String(s.quota.village.min), { type: 'number', min: 0, max: 1000 })}
          ${this._field('quota.village.max', t('settingsCampaign.quotaVillageMax'), String(s.quota.village.max), { type: 'number', min: 0, max: 1000 })}
          ${this._field('quota.enterprise.min', t('settingsCampaign.quotaEnterpriseMin'), String(s.quota.enterprise.min), { type: 'number', min: 0, max: 1000 })}
          ${this._field('quota.enterprise.max', t('settingsCampaign.quotaEnterpriseMax'), String(s.quota.enterprise.max), { type: 'number', min: 0, max: 1000 })}
        </div>
      </fieldset>

      <fieldset>
        <legend>${t('settingsCampaign.featuredTargets')}</legend>
        <p class="hint">${t('settingsCampaign.featuredTargetsHint')}</p>
        <div class="row">
          ${FEATURED_COLLECTIONS.map((c) => this._field(`featuredTargets.${c}`, t(`featured.collection.${c}`), String(s.featuredTargets[c]), { type: 'number', min: 0, max: 100000 }))}
        </div>
      </fieldset>

      <fieldset>
        <legend>${t('settingsCampaign.phases')}</legend>
        ${this._listError('phases')}
        ${s.phases.map((phase, i) => html`<div class="item" role="group" aria-label=${t('settingsCampaign.phaseNumber', { number: i + 1 })}>
          <div class="item-head">
            <strong>${t('settingsCampaign.phaseNumber', { number: i + 1 })}</strong>
            ${this._removeButton('phases', i, phase.names.zh)}
          </div>
          ${this._names(`phases.${i}.names`, t('settingsCampaign.phaseName'), phase.names, 50)}
          <div class="row">
            ${this._field(`phases.${i}.from`, t('settingsCampaign.phaseFrom'), phase.from, { type: 'date' })}
            ${this._field(`phases.${i}.to`, t('settingsCampaign.phaseTo'), phase.to, { type: 'date' })}
          </div>
        </div>`)}
        <div><button type="button" class="secondary" @click=${() => this._add('phases')}>${t('settingsCampaign.addPhase')}</button></div>
      </fieldset>

      <fieldset>
        <legend>${t('settingsCampaign.activities')}</legend>
        ${this._listError('activities')}
        ${s.activities.map((activity, i) => html`<div class="item">
          <div class="item-head">
            <span class="small muted">${t('settingsCampaign.id', { id: activity.id })}</span>
            ${this._removeButton('activities', i, activity.names.zh)}
          </div>
          ${this._names(`activities.${i}.names`, t('settingsCampaign.activityName', { number: i + 1 }), activity.names, 100)}
        </div>`)}
        <div><button type="button" class="secondary" @click=${() => this._add('activities')}>${t('settingsCampaign.addActivity')}</button></div>
      </fieldset>

      <fieldset>
        <legend>${t('visitForm.integrity')}</legend>
        ${this._listError('integrity')}
        ${s.integrity.map((item, i) => html`<div class="item">
          <div class="item-head">
            <span class="small muted">${t('settingsCampaign.id', { id: item.id })}</span>
            ${this._removeButton('integrity', i, item.texts.zh)}
          </div>
          ${this._names(`integrity.${i}.texts`, t('settingsCampaign.integrityText', { number: i + 1 }), item.texts, 200, true)}
        </div>`)}
        <div><button type="button" class="secondary" @click=${() => this._add('integrity')}>${t('settingsCampaign.addIntegrity')}</button></div>
      </fieldset>

      <gr-error-message .error=${this._form.formError}></gr-error-message>
      <div class="submit-bar actions">
        <button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('settingsCampaign.saving') : t('settingsCampaign.save')}</button>
        ${formAttention(this._form)}
        <span class="live" role="status">${this._saved ? html`<span class="notice">${t('settingsCampaign.saved')}</span>` : nothing}</span>
      </div>
    </form>`;
  }

  /** A name's two fields: the Chinese one (required) and the English one (optional, Chinese shown when empty). */
  private _names(path: string, label: string, names: Names, maxlength: number, multiline = false): TemplateResult {
    return html`<div class="names">
      ${this._field(`${path}.zh`, t('settingsCampaign.inChinese', { label }), names.zh, { maxlength, multiline })}
      ${this._field(`${path}.en`, t('settingsCampaign.inEnglish', { label }), names.en, { maxlength, multiline })}
    </div>`;
  }

  private _field(
    path: string,
    label: string,
    value: string,
    options: { type?: 'text' | 'number' | 'date'; min?: number; max?: number; maxlength?: number; hint?: string; multiline?: boolean } = {},
  ): TemplateResult {
    const id = `f-${path.replace(/\./g, '-')}`;
    const problem = this._form.problems[path];
    const describedBy = [options.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
    const onInput = (event: Event): void => {
      const raw = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
      this._set(path, options.type === 'number' ? (raw === '' ? Number.NaN : Number(raw)) : raw);
    };
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${options.hint ? html`<p class="hint" id=${`${id}-hint`}>${options.hint}</p>` : nothing}
      ${options.multiline
        ? html`<textarea id=${id} rows="2" maxlength=${options.maxlength ?? 200} .value=${value}
            aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${describedBy || nothing} @input=${onInput}></textarea>`
        : html`<input id=${id} type=${options.type ?? 'text'} .value=${value === 'NaN' ? '' : value}
            min=${options.min ?? nothing} max=${options.max ?? nothing} maxlength=${options.maxlength ?? nothing}
            inputmode=${options.type === 'number' ? 'numeric' : nothing}
            aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${describedBy || nothing}
            @input=${onInput} @change=${onInput} />`}
      ${problem ? html`<p class="field-error" id=${`${id}-error`}>${problemText(problem)}</p>` : nothing}
    </div>`;
  }

  private _listError(list: ListName): TemplateResult | typeof nothing {
    const problem = this._form.problems[list];
    return problem ? html`<p class="field-error" role="alert">${problemText(problem)}</p>` : nothing;
  }

  private _removeButton(list: ListName, index: number, name: string): TemplateResult {
    const count = this._settings?.[list].length ?? 0;
    return html`<button type="button" class="danger" ?disabled=${count <= 1} @click=${() => this._remove(list, index)}
      aria-label=${t('settingsCampaign.removeNamed', { name: name || String(index + 1) })}>${t('visitForm.remove')}</button>`;
  }

  private _set(path: string, value: unknown): void {
    if (!this._settings) return;
    this._settings = setPath(this._settings, path, value);
    this._saved = false;
    this._form.clear(path);
  }

  private _add(list: ListName): void {
    const s = this._settings;
    if (!s) return;
    if (list === 'phases') {
      const last = s.phases[s.phases.length - 1];
      this._settings = { ...s, phases: [...s.phases, { id: newId('phase'), names: { zh: '', en: '' }, from: last?.to ?? '', to: last?.to ?? '' }] };
    } else if (list === 'activities') {
      this._settings = { ...s, activities: [...s.activities, { id: newId('activity'), names: { zh: '', en: '' } }] };
    } else {
      this._settings = { ...s, integrity: [...s.integrity, { id: newId('integrity'), texts: { zh: '', en: '' } }] };
    }
    this._saved = false;
    // Indexed problems of the list would point at other rows now.
    this._form.clearUnder(`${list}.`);
  }

  private _remove(list: ListName, index: number): void {
    const s = this._settings;
    if (!s) return;
    this._settings = { ...s, [list]: s[list].filter((_x: unknown, i: number) => i !== index) } as Settings;
    this._saved = false;
    this._form.clearUnder(`${list}.`);
  }

  /** The form's own checks, keyed by the server's field paths. */
  private _validate(s: Settings): FieldProblems<string> {
    const problems: FieldProblems<string> = {};
    const required: MessageKey = 'settingsCampaign.required';
    const whole = (path: string, value: number, min: number, max: number): void => {
      if (!Number.isInteger(value) || value < min || value > max) problems[path] = { key: 'settingsCampaign.number', params: { min, max } };
    };
    if (s.names.zh.trim() === '') problems['names.zh'] = { key: required };
    whole('year', s.year, 2000, 2100);
    whole('overlapWindowDays', s.overlapWindowDays, 0, 366);
    whole('targets.village', s.targets.village, 0, 100000);
    whole('targets.enterprise', s.targets.enterprise, 0, 100000);
    for (const c of FEATURED_COLLECTIONS) whole(`featuredTargets.${c}`, s.featuredTargets[c], 0, 100000);
    for (const kind of ['village', 'enterprise'] as const) {
      whole(`quota.${kind}.min`, s.quota[kind].min, 0, 1000);
      whole(`quota.${kind}.max`, s.quota[kind].max, 0, 1000);
      if (!problems[`quota.${kind}.max`] && s.quota[kind].max < s.quota[kind].min) problems[`quota.${kind}.max`] = { key: 'settingsCampaign.maxBelowMin' };
    }
    s.phases.forEach((phase, i) => {
      if (phase.names.zh.trim() === '') problems[`phases.${i}.names.zh`] = { key: required };
      if (!isCalendarDate(phase.from)) problems[`phases.${i}.from`] = { key: required };
      if (!isCalendarDate(phase.to)) problems[`phases.${i}.to`] = { key: required };
      else if (isCalendarDate(phase.from) && phase.to < phase.from) problems[`phases.${i}.to`] = { key: 'settingsCampaign.endsBeforeStart' };
    });
    s.activities.forEach((a, i) => {
      if (a.names.zh.trim() === '') problems[`activities.${i}.names.zh`] = { key: required };
    });
    s.integrity.forEach((item, i) => {
      if (item.texts.zh.trim() === '') problems[`integrity.${i}.texts.zh`] = { key: required };
    });
    return problems;
  }

  private _save(event: SubmitEvent): void {
    event.preventDefault();
    const s = this._settings;
    if (!s) return;
    this._saved = false;
    void this._form.submit({
      validate: () => this._validate(s),
      send: async () => {
        const body: Settings = {
          ...s,
          names: trimmed(s.names),
          phases: s.phases.map((p) => ({ ...p, names: trimmed(p.names) })),
          activities: s.activities.map((a) => ({ ...a, names: trimmed(a.names) })),
          integrity: s.integrity.map((i) => ({ ...i, texts: trimmed(i.texts) })),
        };
        const saved = await api.put<CampaignView>('/api/campaign', body);
        rememberCampaign(saved);
        this._settings = copy(saved);
        this._saved = true;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-campaign-settings-page': GrCampaignSettingsPage;
  }
}
