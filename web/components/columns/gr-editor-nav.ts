import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';

/** The editors' pages, in the order the navigation shows them. */
const LINKS = [
  { id: 'desk', href: '/editor', key: 'editorNav.desk' },
  { id: 'columns', href: '/editor/columns', key: 'editorNav.columns' },
  { id: 'awards', href: '/editor/awards', key: 'editorNav.awards' },
] as const;

/** The navigation between the editors' pages: the desk, my columns, awards (评奖). */
@customElement('gr-editor-nav')
export class GrEditorNav extends LitElement {
  static override styles = [
    baseStyles,
    css`
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2) var(--gr-space-4);
        margin: 0 0 var(--gr-space-4);
        padding: 0;
        list-style: none;
      }

      a[aria-current='page'] {
        font-weight: 650;
        text-decoration: none;
        border-bottom: 2px solid var(--gr-color-accent);
      }
    `,
  ];

  /** Which of the editors' pages is showing: desk, columns or awards. */
  @property({ type: String }) current: 'desk' | 'columns' | 'awards' | '' = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`<nav aria-label=${t('editorNav.label')}>
      <ul>
        ${LINKS.map((link) => html`<li><a href=${link.href} aria-current=${link.id === this.current ? 'page' : 'false'}>${t(link.key)}</a></li>`)}
      </ul>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-editor-nav': GrEditorNav;
  }
}
