import { css } from 'lit';

/**
 * What the campaign pages share beyond baseStyles: date, number and file inputs, lists of
 * visits and plans, long forms in fieldsets, data tables, tags, the overlap warning and
 * progress bars.
 */
export const campaignStyles = css`
  input[type='file'] {
    width: 100%;
    min-height: 2.5rem;
    padding: var(--gr-space-2) var(--gr-space-3);
    border: 1px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-surface);
    color: var(--gr-color-text);
    font: inherit;
  }

  input[type='number'] {
    max-width: 10rem;
  }

  textarea {
    min-height: 5rem;
    resize: vertical;
    line-height: var(--gr-line-height);
  }

  textarea[aria-invalid='true'] {
    border-color: var(--gr-color-danger);
    border-width: 2px;
  }

  /* Pages that lay their sections out in a grid space them with its gap alone. */
  /* A long form in fieldsets (the visit form, the campaign settings). */
  form.sections {
    display: grid;
    gap: var(--gr-space-5);
  }

  form.sections > fieldset {
    display: grid;
    gap: var(--gr-space-4);
    background: var(--gr-color-surface);
  }

  /* A page's sections in a column, spaced by the grid's gap. */
  /* The buttons of a long form, kept in view at the bottom of the window. */
  .submit-bar {
    position: sticky;
    bottom: 0;
    padding: var(--gr-space-3) 0;
    background: var(--gr-color-bg);
    border-top: 1px solid var(--gr-color-border);
  }

  .grid {
    display: grid;
    gap: var(--gr-space-5);
  }

  .grid > section + section {
    margin-top: 0;
  }

  .page-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--gr-space-3);
  }

  .page-head h1 {
    margin: 0;
  }

  .lead {
    margin: var(--gr-space-2) 0 0;
  }

  /* Lists of visits, plans and places: one card-like row each. */
  ul.rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--gr-space-3);
  }

  ul.rows > li {
    background: var(--gr-color-surface);
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-md);
    padding: var(--gr-space-3) var(--gr-space-4);
    min-width: 0;
    overflow-wrap: anywhere;
  }

  ul.rows > li.overdue {
    border-left: 4px solid var(--gr-color-danger);
  }

  .row-title {
    font-weight: 650;
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-1) var(--gr-space-3);
    margin: var(--gr-space-1) 0 0;
    font-size: var(--gr-font-size-sm);
    color: var(--gr-color-text-muted);
  }

  .tag {
    display: inline-block;
    padding: 0 var(--gr-space-2);
    border-radius: 999px;
    background: var(--gr-color-surface-muted);
    color: var(--gr-color-text-muted);
    font-size: var(--gr-font-size-sm);
    font-weight: 400;
    white-space: nowrap;
  }

  .tag.danger {
    background: var(--gr-color-danger-soft);
    color: var(--gr-color-danger);
    font-weight: 600;
  }

  .tag.success {
    background: var(--gr-color-success-soft);
    color: var(--gr-color-success);
    font-weight: 600;
  }

  /* The filter bar of a list: fields side by side, wrapping on a phone. */
  .filters {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
    gap: var(--gr-space-3);
    align-items: end;
  }

  .more {
    display: flex;
    justify-content: center;
    margin-top: var(--gr-space-4);
  }

  /* Tables scroll sideways inside their box on a phone rather than widening the page. */
  .table-wrap {
    overflow-x: auto;
    max-width: 100%;
  }

  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--gr-font-size-sm);
  }

  caption {
    text-align: left;
    font-weight: 600;
    padding-bottom: var(--gr-space-2);
  }

  th,
  td {
    padding: var(--gr-space-2) var(--gr-space-3);
    border-bottom: 1px solid var(--gr-color-border);
    text-align: left;
    vertical-align: top;
  }

  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  thead th {
    background: var(--gr-color-surface-muted);
  }

  .warning {
    margin: 0;
    padding: var(--gr-space-3) var(--gr-space-4);
    border: 1px solid #c99a06;
    border-left-width: 4px;
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-warning-soft);
  }

  .warning ul {
    margin: var(--gr-space-2) 0 0;
    padding-left: var(--gr-space-5);
  }

  /* A progress bar drawn with <progress>: no inline style needed for its width. */
  progress {
    width: 100%;
    height: 0.875rem;
    accent-color: var(--gr-color-accent);
  }

  dl.facts {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: var(--gr-space-2) var(--gr-space-5);
    margin: 0;
  }

  dl.facts dt {
    font-weight: 600;
    color: var(--gr-color-text-muted);
  }

  dl.facts dd {
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-line;
  }

  @media (max-width: 30rem) {
    dl.facts {
      grid-template-columns: minmax(0, 1fr);
      row-gap: 0;
    }

    dl.facts dd + dt {
      margin-top: var(--gr-space-3);
    }
  }
`;
