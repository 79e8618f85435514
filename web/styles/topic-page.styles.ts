import { css } from 'lit';

/**
 * The topic page: its head (crumbs, badges, who is typing), the thread as nested lists
 * indented under what each post answers, the inline reply box and the "N new replies" bar.
 */
export const topicPageStyles = css`
  .topic-head {
    margin-bottom: var(--gr-space-5);
  }

  .crumbs {
    margin: 0 0 var(--gr-space-2);
    font-size: var(--gr-font-size-sm);
  }

  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-2);
    align-items: center;
    font-size: var(--gr-font-size-sm);
    color: var(--gr-color-text-muted);
  }

  .badge {
    display: inline-block;
    padding: 0 var(--gr-space-2);
    border-radius: var(--gr-radius-sm);
    border: 1px solid var(--gr-color-border-strong);
    background: var(--gr-color-surface);
    color: var(--gr-color-text);
    font-weight: 600;
  }

  .badge.kind {
    border-color: var(--gr-color-accent);
    color: var(--gr-color-accent);
  }

  .topic-head .banner {
    margin: var(--gr-space-3) 0 0;
    padding: var(--gr-space-2) var(--gr-space-3);
    border-left: 4px solid var(--gr-color-border-strong);
    border-radius: var(--gr-radius-sm);
    background: var(--gr-color-warning-soft);
    font-size: var(--gr-font-size-sm);
  }

  .reply-section .banner {
    padding: var(--gr-space-3);
    border-left: 4px solid var(--gr-color-danger);
    background: var(--gr-color-danger-soft);
  }

  .mod-tools {
    display: flex;
    flex-wrap: wrap;
    gap: var(--gr-space-2);
    align-items: flex-start;
    margin-top: var(--gr-space-3);
  }

  .activity {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--gr-space-3);
    min-height: 1.7em;
    margin: var(--gr-space-2) 0 0;
    font-size: var(--gr-font-size-sm);
    color: var(--gr-color-text-muted);
  }

  .activity .typing {
    font-style: italic;
  }

  ol.thread,
  ol.replies {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  ol.thread {
    display: grid;
    gap: var(--gr-space-3);
  }

  ol.replies {
    display: grid;
    gap: var(--gr-space-3);
    margin-top: var(--gr-space-3);
    padding-left: var(--gr-space-4);
    border-left: 2px solid var(--gr-color-border);
  }

  li.node:focus {
    outline: none;
  }

  li.node:focus-visible > gr-post {
    outline: 3px solid var(--gr-color-focus);
    outline-offset: 2px;
    border-radius: var(--gr-radius-md);
  }

  .inline-composer {
    margin-top: var(--gr-space-3);
    padding: var(--gr-space-3);
    border: 1px solid var(--gr-color-border);
    border-radius: var(--gr-radius-md);
    background: var(--gr-color-surface);
  }

  .inline-composer h3 {
    font-size: var(--gr-font-size-sm);
  }

  .continue {
    display: inline-block;
    margin-top: var(--gr-space-2);
    font-weight: 600;
  }

  .more {
    margin-top: var(--gr-space-4);
    text-align: center;
  }

  .reply-section {
    margin-top: var(--gr-space-6);
  }

  .notice-box {
    margin-bottom: var(--gr-space-4);
    padding: var(--gr-space-3) var(--gr-space-4);
    border-left: 4px solid var(--gr-color-border-strong);
    background: var(--gr-color-warning-soft);
    border-radius: var(--gr-radius-sm);
  }

  .new-bar {
    position: fixed;
    left: 50%;
    bottom: var(--gr-space-4);
    transform: translateX(-50%);
    z-index: 20;
    box-shadow: var(--gr-shadow-md);
    border-radius: 999px;
  }

  @media (max-width: 40rem) {
    ol.replies {
      padding-left: var(--gr-space-2);
    }
  }
`;
