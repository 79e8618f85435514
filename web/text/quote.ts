/**
 * Quoting a post in a reply: the quoted text as a markdown blockquote under a line that
 * names its author and links to the post.
 */

/** Markdown's inline markers in a name, escaped so that the name shows as written. */
export function escapeMarkdownName(name: string): string {
  return name.replace(/[[\]\\*_`]/g, '\\$&');
}

/**
 * `text` as a blockquote led by `attribution` (a line such as `[张三](/t/1#post-2) 写道：`),
 * blank lines kept as `>` so the quote stays one block; Windows line ends become `\n`.
 */
export function quoteMarkdown(text: string, attribution: string): string {
  const lines = text.replace(/\r\n/g, '\n').trim().split('\n');
  return [`> ${attribution}`, '>', ...lines.map((line) => (line === '' ? '>' : `> ${line}`))].join('\n');
}
