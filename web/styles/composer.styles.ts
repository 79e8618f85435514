import { css } from 'lit';

/** The composer's layout: the write/preview tabs, the toolbar, the body and its counter. */
export const composerStyles = css`
  :host {
    display: block;
  }

  form {
    display: grid;
    gap: var(--gr-space-3);
  }

  .tabs {
    display: flex;
    gap: var(--gr-space-1);
    border-bottom: 1px solid var(--gr-color-border);
  }

  .tabs button {
    min-height: 2.25rem;
    border: 1px solid transparent;
    border-bottom: 0;
    border-radius: var(--gr-radius-sm) var(--gr-radius-sm) 0 0;
    background: none;
    color: var(--gr-color-text-muted);
    font-weight: 600;
  }

  .tabs button[aria-selected='true'] {
    background: var(--gr-color-surface);
    color: var(--gr-color-text);
    border-color: var(--gr-color-border);
    margin-bottom: -1px;
  }

  .tabs button:hover:not(:disabled) {
    background: var(--gr-color-surface-muted);
    border-color: var(--gr-color-border);
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-1);
  }

  .toolbar button {
    min-height: 2rem;
    min-width: 2.5rem;
    padding: var(--gr-space-1) var(--gr-space-3);
    font-weight: 600;
  }

  textarea {
    min-height: 9rem;
    resize: vertical;
    line-height: 1.6;
  }

  textarea[aria-invalid='true'] {
    border-color: var(--gr-color-danger);
    border-width: 2px;
  }

  .preview {
    min-height: 9rem;
    padding: var(--gr-space-3);
    border: 1px dashed var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    overflow-wrap: anywhere;
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--gr-space-2) var(--gr-space-4);
    font-size: var(--gr-font-size-sm);
    color: var(--gr-color-text-muted);
  }

  .over-limit {
    margin: 0;
    font-size: var(--gr-font-size-sm);
    font-weight: 600;
    color: var(--gr-color-danger);
  }

  .meta .over {
    color: var(--gr-color-danger);
    font-weight: 600;
  }

  .row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(8rem, 12rem);
    gap: var(--gr-space-3);
  }

  @media (max-width: 30rem) {
    .row {
      grid-template-columns: minmax(0, 1fr);
    }
  }

  .photo-status:empty {
    display: none;
  }

  .photo-status,
  .photo-error {
    margin: var(--gr-space-1) 0 0;
    font-size: var(--gr-font-size-sm);
  }

  .photo-error {
    color: var(--gr-color-danger);
  }

  .photo-error .link {
    margin-inline-start: var(--gr-space-2);
  }
`;
