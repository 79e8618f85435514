import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import type { NewTokenView, TokenView } from '../../../server/presenters/token.presenter';
import type { ItemList } from '../../../server/presenters/page.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { baseStyles, rowListStyles } from '../../styles/shared.styles';
import { charCount } from '../../text/char-count';
import { textField } from '../shell/form-field';
import '../shell/gr-error-message';

const NAME_MAX = 100;

/**
 * The signed-in user's personal API tokens: the list (GET /api/tokens), a form to create one
 * (POST /api/tokens; its secret is shown once) and a revoke button per token
 * (DELETE /api/tokens/:id).
 */
@customElement('gr-api-tokens')
export class GrApiTokens extends LitElement {
  static override styles = [
    baseStyles,
    rowListStyles,
    css`
      :host {
        display: block;
      }

      .intro {
        max-width: 48rem;
      }

      code {
        font-family: var(--gr-font-mono);
        font-size: 0.9em;
        padding: 0 var(--gr-space-1);
        background: var(--gr-color-surface-muted);
        border-radius: var(--gr-radius-sm);
        white-space: nowrap;
      }

      .create {
        max-width: 36rem;
      }

      .secret {
        display: grid;
        gap: var(--gr-space-3);
        margin: var(--gr-space-4) 0;
        padding: var(--gr-space-4);
        border: 1px solid var(--gr-color-success);
        border-left-width: 4px;
        border-radius: var(--gr-radius-sm);
        background: var(--gr-color-success-soft);
      }

      .secret p {
        margin: 0;
      }

      .secret input {
        font-family: var(--gr-font-mono);
      }

      h3 {
        margin-top: var(--gr-space-5);
      }
    `,
  ];

  /** The token just created, with its secret: shown once. */
  @state() private _created: { token: TokenView; secret: string } | null = null;
  @state() private _copied = false;
  /** The id of the token being revoked. */
  @state() private _revoking: number | null = null;
  @state() private _listError: unknown = null;

  private readonly _form = new FormController<'name'>(this, { fields: ['name'] });
  private readonly _tokens = new ApiTask(this, {
    task: (_args, signal) => api.get<ItemList<TokenView>>('/api/tokens', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Loads the list again (after something elsewhere on the page changed it). */
  refresh(): void {
    void this._tokens.run();
  }

  override render(): TemplateResult {
    return html`
      <h2>${t('tokens.heading')}</h2>
      <div class="card">
        <p class="intro">${t('tokens.intro')} <code>Authorization: Bearer &lt;${t('tokens.secretWord')}&gt;</code></p>
        <form class="create" novalidate @submit=${this._create} @input=${this._form.clearOnInput}>
          ${textField({
            id: 'token-name',
            name: 'name',
            label: t('field.tokenName'),
            hint: t('tokens.nameHint'),
            autocomplete: 'off',
            maxlength: NAME_MAX,
            problem: this._form.problem('name'),
            trailing: html`<button type="submit" ?disabled=${this._form.busy}>
              ${this._form.busy ? t('tokens.creating') : t('tokens.create')}
            </button>`,
          })}
        </form>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        <div class="live" role="status">${this._created ? this._renderSecret(this._created) : nothing}</div>
        <h3>${t('tokens.listHeading')}</h3>
        <gr-error-message .error=${this._listError}></gr-error-message>
        ${this._renderList()}
      </div>
    `;
  }

  private _renderSecret(created: { token: TokenView; secret: string }): TemplateResult {
    return html`
      <div class="secret">
        <p><strong>${t('tokens.created', { name: created.token.name })}</strong></p>
        <p>${t('tokens.secretOnce')}</p>
        <div class="field">
          <label for="token-secret">${t('tokens.secretLabel')}</label>
          <input id="token-secret" type="text" readonly .value=${created.secret} @focus=${this._selectAll} spellcheck="false" />
        </div>
        <div class="actions">
          <button type="button" class="secondary" @click=${this._copy}>
            ${this._copied ? t('tokens.copied') : t('tokens.copy')}
          </button>
          <button type="button" class="link" @click=${() => (this._created = null)}>${t('tokens.dismiss')}</button>
        </div>
      </div>
    `;
  }

  private _renderList(): TemplateResult {
    if (this._tokens.status === 'error') {
      return html`<gr-error-message polite retryable .error=${this._tokens.error} @gr-retry=${() => this._tokens.run()}></gr-error-message>`;
    }
    const tokens = this._tokens.value?.items;
    if (!tokens) return html`<p class="muted" role="status">${t('tokens.loading')}</p>`;
    if (tokens.length === 0) return html`<p class="muted">${t('tokens.empty')}</p>`;
    return html`
      <ul class="list">
        ${tokens.map(
          (token) => html`
            <li>
              <div>
                <div class="name">${token.name}</div>
                <div class="meta">
                  ${t('tokens.createdAt', { date: formatDate(token.createdAt, 'datetime') })} ·
                  ${token.lastUsedAt
                    ? t('tokens.lastUsed', { date: formatDate(token.lastUsedAt, 'datetime') })
                    : t('tokens.neverUsed')}
                </div>
              </div>
              <button
                type="button"
                class="danger"
                ?disabled=${this._revoking === token.id}
                aria-label=${t('tokens.revokeNamed', { name: token.name })}
                @click=${() => this._revoke(token)}
              >${this._revoking === token.id ? t('tokens.revoking') : t('tokens.revoke')}</button>
            </li>
          `,
        )}
      </ul>
    `;
  }

  private _selectAll(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  private async _copy(): Promise<void> {
    const secret = this._created?.secret;
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      this._copied = true;
    } catch {
      // No clipboard access (an insecure origin or a refused permission): select the text
      // so that the person can copy it themselves.
      const input = this.renderRoot.querySelector<HTMLInputElement>('#token-secret');
      input?.focus();
      input?.select();
    }
  }

  private _create(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    void this._form.submit({
      validate: () => {
        if (name === '') return { name: { key: 'validation.tokenNameRequired' } };
        if (charCount(name) > NAME_MAX) return { name: { key: 'validation.tooLong', params: { max: NAME_MAX } } };
        return {};
      },
      send: async () => {
        this._created = null;
        this._copied = false;
        this._created = await api.post<NewTokenView>('/api/tokens', { name });
        form.reset();
        await this._tokens.run();
      },
    });
  }

  private async _revoke(token: TokenView): Promise<void> {
    if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    this._revoking = token.id;
    this._listError = null;
    try {
      await api.del(apiPath`/api/tokens/${token.id}`);
      if (this._created?.token.id === token.id) this._created = null;
      await this._tokens.run();
    } catch (err) {
      this._listError = err;
    } finally {
      this._revoking = null;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-api-tokens': GrApiTokens;
  }
}
