import { css } from 'lit';

/** A search box's results under it, as buttons (the place and people pickers). */
export const pickerStyles = css`
  ul.results {
    list-style: none;
    margin: var(--gr-space-1) 0 0;
    padding: 0;
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-sm);
    max-height: 18rem;
    overflow-y: auto;
  }

  ul.results li + li {
    border-top: 1px solid var(--gr-color-border);
  }

  ul.results button {
    width: 100%;
    justify-content: flex-start;
    flex-wrap: wrap;
    text-align: left;
    border: 0;
    border-radius: 0;
    background: var(--gr-color-surface);
    color: var(--gr-color-text);
    font-weight: 400;
    min-height: 2.75rem;
  }

  ul.results button:hover,
  ul.results button:focus-visible {
    background: var(--gr-color-accent-soft);
  }

  ul.results button:disabled {
    opacity: 1;
    color: var(--gr-color-text-muted);
  }

  ul.results .name {
    font-weight: 600;
  }
`;
