/**
 * The start of a markdown body as plain text, for lists (a profile's recent replies):
 * the markup is taken out without leaving spaces where it was — `很**重要**的事` reads
 * 很重要的事, not 很 重要 的事 — links keep their text, images their description, quotes,
 * headings and list items their words; whitespace runs become one space.
 */
export function markdownExcerpt(body: string, maxChars = 120): string {
  const text = body
    .replace(/```[^\n]*\n([\s\S]*?)```/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]{0,3}(?:>[ \t]?)+/gm, '')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/(\*\*|~~|\*|`)(?=\S)([\s\S]*?\S)\1/g, '$2')
    // Underscores emphasise only at word edges (CommonMark): snake_case_name stays.
    .replace(/(?<![\p{L}\p{N}])(__|_)(?=\S)([\s\S]*?\S)\1(?![\p{L}\p{N}])/gu, '$2')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  return chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : text;
}
