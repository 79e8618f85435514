import { css } from 'lit';

/**
 * Styles of rendered post HTML (the server's sanitised markdown): quotes, code, tables,
 * images and mentions. Used by posts and by the composer's preview, under `.content`.
 */
export const postContentStyles = css`
  .content {
    overflow-wrap: anywhere;
  }

  .content > :first-child {
    margin-top: 0;
  }

  .content > :last-child {
    margin-bottom: 0;
  }

  .content p,
  .content ul,
  .content ol,
  .content pre,
  .content table,
  .content blockquote {
    margin: 0 0 var(--gr-space-3);
  }

  .content blockquote {
    padding: var(--gr-space-1) var(--gr-space-3);
    border-left: 3px solid var(--gr-color-border-strong);
    background: var(--gr-color-surface-muted);
    color: var(--gr-color-text-muted);
  }

  .content pre {
    overflow-x: auto;
    padding: var(--gr-space-2) var(--gr-space-3);
    background: var(--gr-color-surface-muted);
    border-radius: var(--gr-radius-sm);
    font-family: var(--gr-font-mono);
    font-size: var(--gr-font-size-sm);
  }

  .content code {
    font-family: var(--gr-font-mono);
    font-size: 0.92em;
  }

  .content table {
    display: block;
    max-width: 100%;
    overflow-x: auto;
    border-collapse: collapse;
  }

  .content th,
  .content td {
    border: 1px solid var(--gr-color-border);
    padding: var(--gr-space-1) var(--gr-space-2);
  }

  .content img {
    max-width: 100%;
    height: auto;
  }
`;
