import { css } from 'lit';

/**
 * One post of a thread: its card (the opening post marked, a live arrival highlighted for
 * a moment), the header line, the hidden note, the footer of reactions and actions, and
 * the panels for who reacted and the edit history.
 */
export const postStyles = css`
  :host {
    display: block;
  }

  article {
    padding: var(--gr-space-3) var(--gr-space-4);
    background: var(--gr-color-surface);
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-md);
  }

  :host([opening]) article {
    border-top: 3px solid var(--gr-color-accent);
  }

  @keyframes arrive {
    from {
      background: var(--gr-color-warning-soft);
      border-color: var(--gr-color-accent);
    }
    to {
      background: var(--gr-color-surface);
      border-color: var(--gr-color-border);
    }
  }

  :host([fresh]) article {
    animation: arrive 3s ease-out;
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 var(--gr-space-3);
    margin-bottom: var(--gr-space-2);
    font-size: var(--gr-font-size-sm);
    color: var(--gr-color-text-muted);
  }

  header .author {
    font-weight: 650;
    font-size: var(--gr-font-size-md);
    color: var(--gr-color-text);
    text-decoration: none;
  }

  header .author:hover {
    text-decoration: underline;
  }

  header a.time {
    color: inherit;
  }

  .hidden-note {
    margin: 0;
    font-style: italic;
    color: var(--gr-color-text-muted);
  }

  .banner {
    margin: var(--gr-space-2) 0;
    padding: var(--gr-space-1) var(--gr-space-3);
    border-left: 4px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-warning-soft);
    font-size: var(--gr-font-size-sm);
    font-weight: 600;
  }

  .banner.danger {
    border-left-color: var(--gr-color-danger);
    background: var(--gr-color-danger-soft);
  }

  /* A banner with its action (the author's appeal): the button wraps under long reasons. */
  .banner.with-action {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--gr-space-2);
    padding-block: var(--gr-space-2);
  }

  .banner.with-action span {
    overflow-wrap: anywhere;
  }

  .hidden-flag {
    display: inline-block;
    padding: 0 var(--gr-space-2);
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-warning-soft);
    color: var(--gr-color-text);
    font-weight: 600;
  }

  footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--gr-space-2);
    margin-top: var(--gr-space-3);
  }

  footer button {
    min-height: 2rem;
    padding: var(--gr-space-1) var(--gr-space-3);
    font-size: var(--gr-font-size-sm);
  }

  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-1);
    margin-right: auto;
  }

  .post-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-2);
  }

  .post-actions:empty {
    display: none;
  }

  .reactions button[aria-pressed='true'] {
    background: var(--gr-color-accent-soft);
    border-color: var(--gr-color-accent);
    color: var(--gr-color-accent);
  }

  .panel {
    margin-top: var(--gr-space-3);
    padding: var(--gr-space-3);
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-surface-muted);
  }

  .panel h3 {
    font-size: var(--gr-font-size-sm);
  }

  .panel ul {
    margin: 0;
    padding-left: var(--gr-space-5);
  }
`;
