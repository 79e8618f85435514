import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import type { ItemList } from '../../../server/presenters/page.presenter';
import type { RevisionView } from '../../../server/presenters/post.presenter';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';
import type { DiffLine } from '../../text/line-diff';
import '../shell/gr-error-message';

/**
 * The edit history of a post (GET /api/posts/:id/revisions): each edit with who made it and
 * when, and a line diff of what it changed (the older text against the one that replaced it).
 */
@customElement('gr-post-history')
export class GrPostHistory extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      ol {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: var(--gr-space-3);
      }

      h4 {
        margin: 0 0 var(--gr-space-1);
        font-size: var(--gr-font-size-sm);
        font-weight: 600;
      }

      .diff {
        margin: 0;
        padding: var(--gr-space-2);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-sm);
        background: var(--gr-color-surface);
        font-family: var(--gr-font-mono);
        font-size: var(--gr-font-size-sm);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }

      .diff > span {
        display: block;
        padding: 0 var(--gr-space-1);
      }

      .diff > .add {
        background: var(--gr-color-success-soft);
      }

      .diff > .del {
        background: var(--gr-color-danger-soft);
        text-decoration: line-through;
        text-decoration-color: var(--gr-color-danger);
      }

      .diff > .add::before {
        content: '+ ' / '';
      }

      .diff > .del::before {
        content: '− ' / '';
      }

      .diff > .same::before {
        content: '  ' / '';
      }
    `,
  ];

  /** The post whose revisions to show. */
  @property({ type: Number, attribute: 'post-id' }) postId = 0;
  /** The post's current body: the newest revision is compared with it. */
  @property({ type: String, attribute: false }) currentBody: string | null = null;

  private readonly _revisions = new ApiTask(this, {
    // The diff (and jsdiff with it) is loaded with the first history opened, not with the app.
    task: async ([id], signal) => {
      const [list, { lineDiff }] = await Promise.all([
        api.get<ItemList<RevisionView>>(apiPath`/api/posts/${id}/revisions`, { signal }),
        import('../../text/line-diff'),
      ]);
      return { items: list.items, lineDiff };
    },
    args: () => [this.postId] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`${this._revisions.render({
      pending: () => html`<p class="muted" role="status">${t('history.loading')}</p>`,
      error: (err) => html`<gr-error-message polite retryable .error=${err} @gr-retry=${() => this._revisions.run()}></gr-error-message>`,
      complete: ({ items, lineDiff }) => this._renderList(items, lineDiff),
    }) ?? nothing}`;
  }

  private _renderList(items: RevisionView[], lineDiff: (older: string, newer: string) => DiffLine[]): TemplateResult {
    if (items.length === 0) return html`<p class="muted">${t('history.empty')}</p>`;
    // Newest first: revision i is the text that the edit i replaced with the text of i − 1
    // (or, for the newest, with the current body).
    return html`
      <ol aria-label=${t('history.label')}>
        ${items.map((revision, index) => {
          const newer = index === 0 ? this.currentBody ?? '' : items[index - 1]?.body ?? '';
          return html`
            <li>
              <h4>${t('history.entry', { name: revision.editor.displayName, time: formatDate(revision.editedAt, 'datetime') })}</h4>
              <pre class="diff">${lineDiff(revision.body, newer).map(
                (line) => html`<span class=${line.op}>${line.op === 'add' ? html`<span class="visually-hidden">${t('history.added')}</span>` : line.op === 'del' ? html`<span class="visually-hidden">${t('history.removed')}</span>` : nothing}${line.text || ' '}</span>`,
              )}</pre>
            </li>
          `;
        })}
      </ol>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-post-history': GrPostHistory;
  }
}
