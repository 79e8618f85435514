/**
 * The composer's formatting commands as pure functions: each takes the text and the
 * selection and returns the new text and the selection to put back, so they are tested
 * without a textarea.
 */

/** A text and a selection in it (UTF-16 offsets, as a textarea counts them). */
export interface TextSelection {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A URL alone, as a selection that is already a link target. */
const URL_ONLY = /^https?:\/\/\S+$/;

/** Wraps the selection in `before` and `after` (bold: `**`), or inserts `placeholder` between them, selected. */
export function wrapSelection(edit: TextSelection, before: string, after: string, placeholder: string): TextSelection {
  const { text, start, end } = edit;
  const selected = text.slice(start, end) || placeholder;
  return {
    text: text.slice(0, start) + before + selected + after + text.slice(end),
    start: start + before.length,
    end: start + before.length + selected.length,
  };
}

/**
 * Prefixes every line the selection touches with `prefix` (a quote `> `, a list `- `);
 * an empty selection on an empty line gets `placeholder`. The prefixed lines end selected.
 */
export function prefixLines(edit: TextSelection, prefix: string, placeholder: string): TextSelection {
  const { text } = edit;
  const start = text.lastIndexOf('\n', edit.start - 1) + 1;
  let end = edit.end;
  // A selection that ends just after a line break does not take in the next line.
  if (end > start && text[end - 1] === '\n') end -= 1;
  const lineEnd = text.indexOf('\n', end);
  end = lineEnd === -1 ? text.length : lineEnd;
  const block = text.slice(start, end) || placeholder;
  const prefixed = block
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
  return { text: text.slice(0, start) + prefixed + text.slice(end), start, end: start + prefixed.length };
}

/**
 * Makes the selection a link. Selected text becomes the link's text with `https://`
 * selected as the target to type; a selected address becomes the target, with
 * `placeholder` selected as the text to type.
 */
export function insertLink(edit: TextSelection, placeholder: string): TextSelection {
  const { text, start, end } = edit;
  const selected = text.slice(start, end);
  if (URL_ONLY.test(selected)) {
    return {
      text: `${text.slice(0, start)}[${placeholder}](${selected})${text.slice(end)}`,
      start: start + 1,
      end: start + 1 + placeholder.length,
    };
  }
  const label = selected || placeholder;
  const url = 'https://';
  const urlStart = start + label.length + 3;
  return { text: `${text.slice(0, start)}[${label}](${url})${text.slice(end)}`, start: urlStart, end: urlStart + url.length };
}

/**
 * Puts `markdown` in place of the selection as a paragraph of its own (a blank line before
 * it unless it starts the text, one after it), with the cursor after it.
 */
export function insertBlock(edit: TextSelection, markdown: string): TextSelection {
  const before = edit.text.slice(0, edit.start);
  const after = edit.text.slice(edit.end);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const block = `${lead}${markdown}\n\n`;
  const cursor = before.length + block.length;
  return { text: before + block + after, start: cursor, end: cursor };
}

/**
 * A saved draft's text joined with what is already typed: a quote inserted before the
 * draft arrived is kept after the draft's text.
 */
export function joinDraft(draft: string, typed: string): string {
  if (draft === '' || draft === typed) return typed;
  return typed.trim() === '' ? draft : `${draft.replace(/\s+$/, '')}\n\n${typed}`;
}

/**
 * The markdown of an uploaded photo, with alt text a screen reader can say: the file's name
 * without its extension (IMG_2034.jpg → IMG_2034), or `fallback` (a localised "photo") when
 * the file had no name worth saying. Brackets, backslashes and line breaks of the name are
 * kept out of the markdown's syntax.
 */
export function photoMarkdown(url: string, fileName: string, fallback: string): string {
  const stem = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const alt = stem
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/[\\[\]]/g, (c) => `\\${c}`)
    .replace(/\s+/g, ' ')
    .trim();
  return `![${alt === '' || PLACEHOLDER_NAMES.test(alt) ? fallback : alt}](${url})`;
}

/**
 * Names a browser or the system gives a photo that has none of its own: a pasted screenshot
 * arrives as "image.png" (Chromium, Firefox), a dragged-out canvas as "blob", some phones'
 * share sheets as "Pasted image 20261202…" or "clipboard". Saying them helps nobody.
 */
const PLACEHOLDER_NAMES = /^(?:image|img|blob|clipboard|untitled|unnamed|pasted[ _-]?(?:image|graphic)?(?:[ _-]?[\d_ -]*)?)$/i;
