import { css } from 'lit';

/** One item card of the moderators' queue. */
export const modItemStyles = css`
  :host {
    display: block;
  }

  article {
    padding: var(--gr-space-4);
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-md);
    background: var(--gr-color-surface);
    display: grid;
    gap: var(--gr-space-3);
    min-width: 0;
  }

  article.resolved {
    background: var(--gr-color-surface-muted);
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--gr-space-2) var(--gr-space-3);
  }

  header input[type='checkbox'] {
    align-self: center;
  }

  h3 {
    margin: 0;
    font-size: var(--gr-font-size-md);
    flex: 1 1 16rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }

  .type {
    display: inline-block;
    margin-right: var(--gr-space-2);
    padding: 0 var(--gr-space-2);
    border-radius: var(--gr-radius-sm);
    border: 1px solid var(--gr-color-border-strong);
    font-size: var(--gr-font-size-sm);
  }

  .type-flag {
    border-color: var(--gr-color-danger);
    color: var(--gr-color-danger);
  }

  .type-visit_claim {
    border-color: var(--gr-color-success);
  }

  .type-held_post,
  .type-appeal {
    background: var(--gr-color-warning-soft);
  }

  p {
    margin: 0;
  }

  .content {
    max-height: 16rem;
    overflow: auto;
    padding: var(--gr-space-2) var(--gr-space-3);
    border-left: 3px solid var(--gr-color-border);
    overflow-wrap: anywhere;
  }

  .flags ul {
    margin: var(--gr-space-1) 0 0;
    padding-left: var(--gr-space-5);
  }

  q {
    margin-left: var(--gr-space-2);
    color: var(--gr-color-text-muted);
  }

  .claim {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--gr-space-2) var(--gr-space-3);
  }

  .claimed {
    font-weight: 600;
  }

  .claimed.mine {
    color: var(--gr-color-success);
  }

  button {
    min-height: 2.25rem;
    padding: var(--gr-space-1) var(--gr-space-3);
  }

  .act {
    display: grid;
    gap: var(--gr-space-3);
    padding-top: var(--gr-space-3);
    border-top: 1px solid var(--gr-color-border);
  }

  .note-row {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
    gap: var(--gr-space-3);
  }

  @media (max-width: 40rem) {
    .note-row {
      grid-template-columns: minmax(0, 1fr);
    }
  }

  textarea {
    width: 100%;
    padding: var(--gr-space-2) var(--gr-space-3);
    border: 1px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    font: inherit;
    resize: vertical;
  }

  .extras {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-2) var(--gr-space-4);
    align-items: center;
    font-size: var(--gr-font-size-sm);
  }

  .extras label {
    display: inline-flex;
    align-items: center;
    gap: var(--gr-space-2);
    font-weight: 400;
  }

  .extras input[type='number'] {
    width: 5rem;
    min-height: 2rem;
    padding: var(--gr-space-1) var(--gr-space-2);
    border: 1px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    font: inherit;
  }

  .resolution {
    font-weight: 600;
  }
`;

/** The queue around the items: filters, the bulk bar and the list. */
export const modQueueStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--gr-space-3);
    margin-bottom: var(--gr-space-4);
  }

  .filters .field {
    flex: 1 1 9rem;
  }

  .filters .check {
    display: inline-flex;
    align-items: center;
    gap: var(--gr-space-2);
    min-height: 2.5rem;
    font-weight: 600;
  }

  .bulk {
    position: sticky;
    bottom: 0;
    z-index: 5;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--gr-space-2) var(--gr-space-3);
    margin: var(--gr-space-3) 0;
    padding: var(--gr-space-3);
    border: 1px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-md);
    background: var(--gr-color-surface);
    box-shadow: var(--gr-shadow-md);
  }

  .bulk select,
  .bulk input[type='text'] {
    width: auto;
    flex: 1 1 10rem;
  }

  ol.items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--gr-space-3);
  }

  .results {
    margin: var(--gr-space-3) 0;
  }

  .results ul {
    margin: var(--gr-space-2) 0 0;
    padding-left: var(--gr-space-5);
  }

  .results .failed {
    color: var(--gr-color-danger);
  }

  .count {
    margin: 0 0 var(--gr-space-3);
  }

  .new-bar {
    margin-bottom: var(--gr-space-3);
  }

  .more {
    margin-top: var(--gr-space-4);
    text-align: center;
  }
`;
