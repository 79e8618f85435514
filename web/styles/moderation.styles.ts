import { css } from 'lit';

/**
 * The moderation pieces: status banners on posts and topics (hidden, awaiting review,
 * locked), the visit mark, the small forms that open under a menu button, and the queue's
 * item cards.
 */
export const moderationStyles = css`
  .banner {
    margin: 0 0 var(--gr-space-3);
    padding: var(--gr-space-2) var(--gr-space-3);
    border-left: 4px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-surface-muted);
    font-size: var(--gr-font-size-sm);
    overflow-wrap: anywhere;
  }

  .banner.warn {
    border-left-color: var(--gr-color-border-strong);
    background: var(--gr-color-warning-soft);
  }

  .banner.danger {
    border-left-color: var(--gr-color-danger);
    background: var(--gr-color-danger-soft);
  }

  .banner strong {
    margin-right: var(--gr-space-2);
  }

  .mark {
    display: inline-flex;
    align-items: center;
    gap: var(--gr-space-1);
    padding: 0 var(--gr-space-2);
    border-radius: var(--gr-radius-sm);
    border: 1px solid var(--gr-color-success);
    background: var(--gr-color-success-soft);
    color: var(--gr-color-text);
    font-weight: 600;
    text-decoration: none;
  }

  a.mark:hover {
    text-decoration: underline;
  }

  .mark.pending {
    border-color: var(--gr-color-border-strong);
    background: var(--gr-color-warning-soft);
  }

  .popover {
    margin-top: var(--gr-space-2);
    padding: var(--gr-space-3) var(--gr-space-4);
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-md);
    background: var(--gr-color-surface);
    box-shadow: var(--gr-shadow-sm);
    display: grid;
    gap: var(--gr-space-3);
    max-width: 36rem;
  }

  .popover h3 {
    margin: 0;
    font-size: var(--gr-font-size-md);
  }

  .popover form {
    display: grid;
    gap: var(--gr-space-3);
  }

  .menu-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-2);
    align-items: center;
  }

  .menu-row button {
    min-height: 2.25rem;
    padding: var(--gr-space-1) var(--gr-space-3);
  }

  textarea {
    width: 100%;
    min-height: 4.5rem;
    padding: var(--gr-space-2) var(--gr-space-3);
    border: 1px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    font: inherit;
    resize: vertical;
  }

  /* Dressed by the shared styles; here as wide as their value, not the whole row. */
  input[type='number'],
  input[type='date'],
  input[type='datetime-local'] {
    width: auto;
    max-width: 100%;
  }

  .status-line {
    margin: 0;
    font-size: var(--gr-font-size-sm);
  }
`;
