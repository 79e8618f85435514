import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import type { ReasonTemplateView } from '../../api/moderation-types';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, rowListStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';

type Field = 'title' | 'text';

/**
 * The admins' editor of reason templates (on /admin): the reasons moderators pick in one
 * click on /mod. List, add (a short title and the text), delete.
 */
@customElement('gr-reason-templates')
export class GrReasonTemplates extends LitElement {
  static override styles = [
    baseStyles,
    rowListStyles,
    css`
      :host { display: block; }
      h2 { margin: 0 0 var(--gr-space-2); font-size: var(--gr-font-size-lg); }
      form { display: grid; gap: var(--gr-space-3); margin-top: var(--gr-space-4); }
      textarea { width: 100%; min-height: 4rem; padding: var(--gr-space-2) var(--gr-space-3); border: 1px solid var(--gr-color-border-strong); border-radius: var(--gr-radius-sm); font: inherit; }
      .text { display: block; color: var(--gr-color-text-muted); font-size: var(--gr-font-size-sm); overflow-wrap: anywhere; }
    `,
  ];

  @state() private _items: ReasonTemplateView[] = [];
  @state() private _error: unknown = null;

  private readonly _form = new FormController<Field>(this, { fields: ['title', 'text'] });
  private readonly _load = new ApiTask(this, {
    task: async (_args, signal) => {
      this._items = (await api.get<{ items: ReasonTemplateView[] }>('/api/mod/reason-templates', { signal })).items;
    },
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const problem = (field: Field): TemplateResult | typeof nothing => {
      const p = this._form.problem(field);
      return p ? html`<p class="field-error">${problemText(p)}</p>` : nothing;
    };
    return html`
      <h2>${t('templates.heading')}</h2>
      <p class="muted">${t('templates.intro')}</p>
      <gr-error-message .error=${this._load.error ?? this._error}></gr-error-message>
      ${this._items.length === 0 && this._load.status === 'complete' ? html`<p class="muted">${t('templates.empty')}</p>` : nothing}
      <ul class="list">
        ${this._items.map((item) => html`<li>
          <span><span class="name">${item.title}</span><span class="text">${item.text}</span></span>
          <button type="button" class="danger" aria-label=${`${t('templates.delete')}：${item.title}`} @click=${() => this._delete(item)}>${t('templates.delete')}</button>
        </li>`)}
      </ul>
      <form novalidate @submit=${this._submit} @input=${this._form.clearOnInput}>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        <div class="field">
          <label for="tpl-title">${t('templates.title')}</label>
          <input id="tpl-title" name="title" type="text" maxlength="100" aria-invalid=${this._form.problem('title') ? 'true' : 'false'} />
          ${problem('title')}
        </div>
        <div class="field">
          <label for="tpl-text">${t('templates.text')}</label>
          <textarea id="tpl-text" name="text" maxlength="1000" aria-invalid=${this._form.problem('text') ? 'true' : 'false'}></textarea>
          ${problem('text')}
        </div>
        <div class="actions"><button type="submit" ?disabled=${this._form.busy}>${t('templates.add')}</button></div>
      </form>
    `;
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const text = String(data.get('text') ?? '').trim();
    void this._form.submit({
      validate: () => ({
        ...(title === '' ? { title: { key: 'templates.titleRequired' } as const } : {}),
        ...(text === '' ? { text: { key: 'templates.textRequired' } as const } : {}),
      }),
      send: async () => {
        const answer = await api.post<{ template: ReasonTemplateView }>('/api/mod/reason-templates', { title, text });
        this._items = [...this._items, answer.template];
        form.reset();
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>('#tpl-title')?.focus();
      },
    });
  }

  private async _delete(item: ReasonTemplateView): Promise<void> {
    this._error = null;
    try {
      await api.del(apiPath`/api/mod/reason-templates/${item.id}`);
      this._items = this._items.filter((known) => known.id !== item.id);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('ul.list button, #tpl-title')?.focus();
    } catch (err) {
      this._error = err;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-reason-templates': GrReasonTemplates;
  }
}
