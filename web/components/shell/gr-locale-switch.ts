import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { LOCALES, getLocale, setLocale, t, type Locale } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';

/** Each language named in itself, so a reader of either finds their own. */
const NATIVE_NAMES: Readonly<Record<Locale, string>> = { 'zh-CN': '中文', en: 'English' };

/**
 * The language switch: one toggle button per interface language (中文 / English); the
 * current one is pressed. The choice is remembered in localStorage by setLocale().
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

      button[aria-pressed='true'],
      button[aria-pressed='true']:hover:not(:disabled) {
        background: var(--gr-color-text);
        color: var(--gr-color-surface);
        font-weight: 600;
      }
    `,
  ];

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const current = getLocale();
    return html`
      <div role="group" aria-label=${t('locale.label')}>
        ${LOCALES.map(
          (locale) => html`
            <button
              type="button"
              class="secondary"
              lang=${locale}
              aria-pressed=${locale === current ? 'true' : 'false'}
              @click=${() => setLocale(locale)}
            >${NATIVE_NAMES[locale]}</button>
          `,
        )}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-locale-switch': GrLocaleSwitch;
  }
}
