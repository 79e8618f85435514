import { css } from 'lit';

/**
 * Styles every Grassroots element shares: type, links, focus, buttons, form controls,
 * alerts and the visually-hidden helper. Elements list it first in their `static styles`.
 */
export const baseStyles = css`
  :host {
    font-family: var(--gr-font-sans);
    line-height: var(--gr-line-height);
    color: var(--gr-color-text);
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  [hidden] {
    display: none !important;
  }

  /* A title of one unbroken word (a long URL, a run of letters) wraps rather than widening the page. */
  h1,
  h2,
  h3,
  h4,
  .row-title {
    overflow-wrap: anywhere;
  }

  h1,
  h2,
  h3 {
    line-height: var(--gr-line-height-tight);
    margin: 0 0 var(--gr-space-3);
    font-weight: 650;
  }

  h1 {
    font-size: var(--gr-font-size-xl);
  }

  h2 {
    font-size: var(--gr-font-size-lg);
  }

  h3 {
    font-size: var(--gr-font-size-md);
  }

  /* Headings receive focus after navigation; they need no ring of their own. */
  h1[tabindex='-1']:focus {
    outline: none;
  }

  p {
    margin: 0 0 var(--gr-space-3);
  }

  a {
    color: var(--gr-color-link);
    text-underline-offset: 0.2em;
  }

  a:hover {
    text-decoration-thickness: 2px;
  }

  :focus-visible {
    outline: 3px solid var(--gr-color-focus);
    outline-offset: 2px;
    border-radius: 2px;
  }

  .muted {
    color: var(--gr-color-text-muted);
  }

  .small {
    font-size: var(--gr-font-size-sm);
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  /* A file field (see components/shell/file-field.ts): the browser's own control, whose
     "Choose File" is in the browser's language, is hidden but keeps focus and the keyboard;
     a label styled as a button opens it, and the chosen file's name shows beside it. */
  .file-field {
    position: relative;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--gr-space-2) var(--gr-space-3);
  }

  .file-field input[type='file'] {
    position: absolute;
    inset: 0 auto auto 0;
    width: 1px;
    height: 1px;
    opacity: 0;
  }

  .file-field input[type='file']:focus-visible + .button {
    outline: 3px solid var(--gr-color-focus);
    outline-offset: 2px;
  }

  .file-field .file-name {
    overflow-wrap: anywhere;
    color: var(--gr-color-text-muted);
  }

  .card {
    background: var(--gr-color-surface);
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-md);
    padding: var(--gr-space-5);
    box-shadow: var(--gr-shadow-sm);
  }

  /* Buttons */
  button,
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--gr-space-2);
    min-height: 2.5rem;
    padding: var(--gr-space-2) var(--gr-space-4);
    border: 1px solid var(--gr-color-accent);
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-accent);
    color: var(--gr-color-on-accent);
    font: inherit;
    font-weight: 600;
    line-height: 1.2;
    text-decoration: none;
    cursor: pointer;
  }

  button:hover:not(:disabled),
  .button:hover {
    background: var(--gr-color-accent-hover);
    border-color: var(--gr-color-accent-hover);
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.65;
  }

  button.secondary,
  .button.secondary {
    background: var(--gr-color-surface);
    color: var(--gr-color-text);
    border-color: var(--gr-color-border-strong);
  }

  button.secondary:hover:not(:disabled),
  .button.secondary:hover {
    background: var(--gr-color-surface-muted);
    border-color: var(--gr-color-text-muted);
  }

  button.link {
    min-height: auto;
    padding: 0;
    border: 0;
    background: none;
    color: var(--gr-color-link);
    font-weight: inherit;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }

  button.link:hover:not(:disabled) {
    background: none;
    text-decoration-thickness: 2px;
  }

  button.danger {
    background: var(--gr-color-surface);
    color: var(--gr-color-danger);
    border-color: var(--gr-color-danger);
  }

  button.danger:hover:not(:disabled) {
    background: var(--gr-color-danger-soft);
    border-color: var(--gr-color-danger);
  }

  /* Forms */
  form.stacked {
    display: grid;
    gap: var(--gr-space-4);
  }

  .field {
    display: grid;
    gap: var(--gr-space-1);
    min-width: 0;
    /* In a row of fields made taller by one field's error, the others keep their size and line. */
    align-content: start;
  }

  label,
  legend {
    font-weight: 600;
  }

  .optional {
    font-weight: 400;
    color: var(--gr-color-text-muted);
  }

  input[type='text'],
  input[type='password'],
  input[type='search'],
  input[type='number'],
  input[type='date'],
  input[type='month'],
  input[type='datetime-local'],
  select,
  textarea {
    width: 100%;
    min-height: 2.5rem;
    padding: var(--gr-space-2) var(--gr-space-3);
    border: 1px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-surface);
    color: var(--gr-color-text);
    font: inherit;
  }

  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: none;
    border-color: var(--gr-color-focus);
    box-shadow: var(--gr-focus-ring);
  }

  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--gr-color-danger);
    border-width: 2px;
  }

  input[type='checkbox'] {
    width: 1.125rem;
    height: 1.125rem;
    margin: 0;
    accent-color: var(--gr-color-accent);
  }

  fieldset {
    margin: 0;
    padding: var(--gr-space-3) var(--gr-space-4) var(--gr-space-4);
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-sm);
    min-width: 0;
  }

  /* An input with its button on one line (wrapping below on narrow screens). */
  .input-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-2) var(--gr-space-3);
  }

  .input-row input {
    flex: 1 1 12rem;
    width: auto;
    min-width: 0;
  }

  .input-row button {
    flex: none;
  }

  .hint {
    margin: 0;
    font-size: var(--gr-font-size-sm);
    color: var(--gr-color-text-muted);
  }

  .field-error {
    margin: 0;
    font-size: var(--gr-font-size-sm);
    font-weight: 600;
    color: var(--gr-color-danger);
  }

  .field-error::before {
    /* Decorative: the alternative text after the slash is empty for screen readers. */
    content: '✕\\00a0' / '';
  }

  /*
   * A field to fix is scrolled into view with room below for a form's sticky submit bar
   * (button, note and draft line, wrapped on a phone), and room above for its label.
   */
  [aria-invalid='true'] {
    scroll-margin-top: var(--gr-space-7);
    scroll-margin-bottom: var(--gr-submit-bar-clearance);
  }

  /* "2 fields need attention", beside a submit button after a stopped submit. */
  .form-attention {
    font-size: var(--gr-font-size-sm);
    font-weight: 600;
    color: var(--gr-color-danger);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--gr-space-3);
  }

  /* A live region with nothing to say takes no room (write it without inner whitespace). */
  .live:empty {
    position: absolute;
  }

  .notice {
    margin: 0;
    padding: var(--gr-space-3) var(--gr-space-4);
    border-radius: var(--gr-radius-sm);
    border-left: 4px solid var(--gr-color-success);
    background: var(--gr-color-success-soft);
  }

  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;

/** Layout of a page's content: a centred column with a page heading. */
export const pageStyles = css`
  :host {
    display: block;
  }

  .page {
    max-width: var(--gr-content-width);
    margin: 0 auto;
    padding: var(--gr-space-6) var(--gr-space-4) var(--gr-space-7);
  }

  .page.narrow {
    max-width: calc(var(--gr-form-width) + 2 * var(--gr-space-4));
  }

  .page > header {
    margin-bottom: var(--gr-space-5);
  }

  section + section {
    margin-top: var(--gr-space-6);
  }

  /* A line under a page's card, such as "no account yet? register". */
  .aside {
    margin-top: var(--gr-space-4);
    text-align: center;
  }

  @media (max-width: 40rem) {
    .page {
      padding: var(--gr-space-5) var(--gr-space-3) var(--gr-space-6);
    }

    .card {
      padding: var(--gr-space-4);
    }
  }
`;

/**
 * A settings list (tokens, signed-in devices): one row per item, its name and muted details
 * on the left, its action on the right, wrapping on a phone.
 */
export const rowListStyles = css`
  .list {
    margin: var(--gr-space-4) 0 0;
    padding: 0;
    list-style: none;
    border-top: 1px solid var(--gr-color-border);
  }

  .list li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--gr-space-2) var(--gr-space-4);
    padding: var(--gr-space-3) 0;
    border-bottom: 1px solid var(--gr-color-border);
  }

  .list .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .list .meta {
    font-size: var(--gr-font-size-sm);
    color: var(--gr-color-text-muted);
  }
`;

/** A modal <dialog> (showModal): its box, bounded by the viewport on a phone, and its backdrop. */
export const dialogStyles = css`
  dialog {
    width: min(36rem, calc(100vw - 2 * var(--gr-space-3)));
    max-height: calc(100vh - 2 * var(--gr-space-5));
    padding: var(--gr-space-5);
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-md);
    background: var(--gr-color-surface);
    color: var(--gr-color-text);
    box-shadow: var(--gr-shadow-md);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 40%);
  }
`;
