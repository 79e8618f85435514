import { css } from 'lit';

/**
 * The visit form's layout, made for a phone: fieldsets, the integrity items with large
 * check boxes, follow-up rows that stack on a narrow screen and the draft bar.
 */
export const visitFormStyles = css`
  :host {
    display: block;
  }

  legend {
    padding: 0 var(--gr-space-2);
    font-size: var(--gr-font-size-md);
  }

  .integrity-item {
    display: grid;
    gap: var(--gr-space-2);
    padding: var(--gr-space-3) 0;
    border-top: 1px solid var(--gr-color-border);
  }

  .integrity-item:first-of-type {
    border-top: 0;
    padding-top: 0;
  }

  .check {
    display: flex;
    align-items: flex-start;
    gap: var(--gr-space-3);
    font-weight: 400;
    cursor: pointer;
  }

  .check input {
    flex: none;
    width: 1.5rem;
    height: 1.5rem;
    margin-top: 0.1rem;
  }

  .follow-up {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(9rem, 12rem) auto;
    gap: var(--gr-space-2) var(--gr-space-3);
    align-items: end;
  }

  @media (max-width: 36rem) {
    .follow-up {
      grid-template-columns: minmax(0, 1fr) auto;
    }

    .follow-up .text {
      grid-column: 1 / -1;
    }
  }

  .draft-bar,
  .unit-warning {
    margin-bottom: var(--gr-space-4);
  }

  .draft-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--gr-space-2) var(--gr-space-4);
  }

  .draft-bar p {
    margin: 0;
    flex: 1 1 14rem;
  }
`;
