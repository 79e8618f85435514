import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { LOCALES, getLocale, loadMessages, setLocale, t, type Locale } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';

/** Each language named in itself, so a reader of either finds their own. */
const NATIVE_NAMES: Readonly<Record<Locale, string>> = { 'zh-CN': '中文', en: 'English' };

/**
 * The language switch: one toggle button per interface language (中文 / English); the
 * current one is pressed. The choice is remembered in localStorage by setLocale().
 * The other language's messages are a chunk of their own: pointing at or focusing the
 * switch starts loading them, and the page switches in one go once they are there (the
 * pressed button says it is busy meanwhile); a failed load says so and changes nothing.
 */
@customElement('gr-locale-switch')
export class GrLocaleSwitch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }

      div {
        display: inline-flex;
        border: 1px solid var(--gr-color-border-strong);
        border-radius: var(--gr-radius-sm);
        overflow: hidden;
      }

      button {
        min-height: 2.25rem;
        padding: var(--gr-space-1) var(--gr-space-3);
        border: 0;
        border-radius: 0;
        background: var(--gr-color-surface);
        color: var(--gr-color-text);
        font-weight: 500;
        font-size: var(--gr-font-size-sm);
      }

      button + button {
        border-left: 1px solid var(--gr-color-border-strong);
      }

      button:hover:not(:disabled) {
        background: var(--gr-color-surface-muted);
        border-color: var(--gr-color-border-strong);
      }

      .failed {
        display: block;
        max-width: 20rem;
        margin-top: var(--gr-space-1);
        color: var(--gr-color-danger);
        font-size: var(--gr-font-size-sm);
      }

      button[aria-busy='true'] {
        cursor: progress;
      }

      button[aria-pressed='true'],
      button[aria-pressed='true']:hover:not(:disabled) {
        background: var(--gr-color-text);
        color: var(--gr-color-surface);
        font-weight: 600;
      }
    `,
  ];

  /** The language being switched to while its messages load. */
  @state() private _switchingTo: Locale | null = null;
  /** The last switch failed (its messages did not load). */
  @state() private _failed = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const current = getLocale();
    return html`
      <div role="group" aria-label=${t('locale.label')} @pointerenter=${this._prefetch} @focusin=${this._prefetch}>
        ${LOCALES.map(
          (locale) => html`
            <button
              type="button"
              class="secondary"
              lang=${locale}
              aria-pressed=${locale === current ? 'true' : 'false'}
              aria-busy=${locale === this._switchingTo ? 'true' : 'false'}
              @click=${() => this._switch(locale)}
            >${NATIVE_NAMES[locale]}</button>
          `,
        )}
      </div>
      ${this._failed ? html`<span class="failed" role="alert">${t('locale.failed')}</span>` : ''}
    `;
  }

  /** Starts loading the other languages' messages before a click asks for them. */
  private _prefetch(): void {
    for (const locale of LOCALES) if (locale !== getLocale()) loadMessages(locale).catch(() => {});
  }

  private async _switch(locale: Locale): Promise<void> {
    this._failed = false;
    this._switchingTo = locale === getLocale() ? null : locale;
    try {
      await setLocale(locale);
    } catch {
      this._failed = true;
    } finally {
      if (this._switchingTo === locale) this._switchingTo = null;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-locale-switch': GrLocaleSwitch;
  }
}
