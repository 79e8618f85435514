import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatNumber, t } from '../../i18n';
import { FirstSeq, RoomController } from '../../realtime/room-controller';
import { baseStyles } from '../../styles/shared.styles';

/**
 * The moderators' link in the site header, on every page: "/mod" with the number of items
 * waiting in the queue (GET /api/mod/queue/count, with the room's seq), kept live by `queue:changed` in the
 * `moderators` room. The header shows it only to moderators.
 */
@customElement('gr-mod-badge')
export class GrModBadge extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      a {
        display: inline-flex;
        align-items: center;
        gap: var(--gr-space-1);
        min-height: 2.25rem;
        color: var(--gr-color-text);
        font-weight: 600;
        text-decoration: none;
      }
      a:hover .label {
        text-decoration: underline;
      }
      .short {
        display: none;
      }
      /* English on a desktop narrower than 90rem: "Moderation" took the width the header's
         search box needed (it shrank to a sliver at 1280 px), so the short word stands in. */
      @media (max-width: 90rem) {
        :host(:lang(en)) .label {
          display: none;
        }
        :host(:lang(en)) .short {
          display: inline;
        }
      }
      /* Narrow screens: the header's account line is short of room. */
      @media (max-width: 44rem) {
        .label {
          display: none;
        }
        .short {
          display: inline;
        }
      }
      .count {
        min-width: 1.25rem;
        padding: 0 var(--gr-space-1);
        border-radius: 999px;
        background: var(--gr-color-danger);
        color: var(--gr-color-on-accent);
        font-size: 0.75rem;
        line-height: 1.25rem;
        text-align: center;
      }
    `,
  ];

  @state() private _open: number | null = null;

  /** The moderators' room's seq read with the count: what realtime replays from. */
  private readonly _seq = new FirstSeq();
  private readonly _room = new RoomController(this, {
    room: () => 'moderators',
    since: () => this._seq.value,
    onEvent: (event) => {
      if (event.type === 'queue:changed') this._open = event.data.open;
    },
    onResync: () => void this._load(),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  override render(): TemplateResult {
    const count = this._open;
    // The name comes from the text (not aria-label), so what is seen and what is read agree.
    // Until the count has come (or if it could not), the link is named for the page alone:
    // "0 to review" before the answer would be a number nobody counted.
    return html`<a href="/mod">
      <span class="label" aria-hidden="true">${t('page.mod')}</span><span class="short" aria-hidden="true">${t('mod.badgeShort')}</span>
      ${count !== null && count > 0 ? html`<span class="count" aria-hidden="true">${formatNumber(count)}</span>` : nothing}
      <span class="visually-hidden">${count === null ? t('page.mod') : t('mod.badgeLabel', { count })}</span>
    </a>`;
  }

  private async _load(): Promise<void> {
    try {
      const answer = await api.get<{ open: number; seq: number }>('/api/mod/queue/count');
      this._open = answer.open;
      this._seq.took(answer.seq);
    } catch {
      // The link still leads to /mod; the number comes with the next change.
      this._seq.failed();
    }
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-mod-badge': GrModBadge;
  }
}
