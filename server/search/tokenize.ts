/**
 * Chinese-first search tokens for PostgreSQL's `simple` text search configuration.
 *
 * PostgreSQL's default parser does not split Chinese, so the splitting happens
 * here and the database only stores and matches ready-made tokens:
 *
 * - a CJK run (Han, kana, hangul) becomes its overlapping two-character bigrams,
 *   `走基层` → `走基 基层`, plus its last character on its own (`层`) so that a
 *   one-character query, sent as the prefix `层:*`, finds every character;
 * - any other run of letters and digits becomes one word: NFKC-normalised
 *   (full-width `ＡＢＣ１２３` → `abc123`), lower-cased, accents removed, and
 *   English words stemmed (`visited` → `visit`).
 *
 * Index with `to_tsvector('simple', indexTokens(text))` in a GIN-indexed column
 * and match with `@@ to_tsquery('simple', queryTsquery(q))`. Both sides use the
 * same functions, which is what makes them agree.
 */

import { stemmer } from 'stemmer';

/** One CJK character: Han, Hiragana, Katakana, Hangul, or the prolonged sound mark ー. */
const CJK_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]$/u;
/** One letter or decimal digit of any script (CJK is tested first). */
const WORD_CHAR = /^[\p{L}\p{Nd}]$/u;
/** Combining marks continue a run but are not kept. */
const MARK_CHAR = /^\p{M}$/u;
const ASCII_LOWER_WORD = /^[a-z]+$/;
const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** Longest word token, in characters; longer words are cut (the same way on both sides). */
const MAX_WORD_LENGTH = 64;
/** Most tokens a query turns into; the rest of a very long query is ignored. */
const MAX_QUERY_TOKENS = 64;

type RunKind = 'cjk' | 'word';

/** A maximal stretch of CJK characters, or of other letters and digits. */
interface Run {
  kind: RunKind;
  /** The characters of the run, combining marks left out. */
  text: string;
  /** Start offset (UTF-16) in the string that was segmented. */
  start: number;
  /** End offset (UTF-16, exclusive) in the string that was segmented. */
  end: number;
}

function charKind(char: string): RunKind | 'mark' | null {
  // Fast paths for what most text is made of (the regular expressions below give the same
  // answers): ASCII, where only letters and digits make words, and the CJK Unified
  // Ideographs block, all of it Han.
  const code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) ? 'word' : null;
  if (code >= 0x4e00 && code <= 0x9fff) return 'cjk';
  if (CJK_CHAR.test(char)) return 'cjk';
  if (WORD_CHAR.test(char)) return 'word';
  if (MARK_CHAR.test(char)) return 'mark';
  return null;
}

/** Splits text into CJK runs and word runs; everything else separates runs. */
function segment(text: string): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  let offset = 0;
  for (const char of text) {
    const kind = charKind(char);
    if (kind === 'mark') {
      if (current) current.end = offset + char.length;
    } else if (kind === null) {
      current = null;
    } else if (current && current.kind === kind) {
      current.text += char;
      current.end = offset + char.length;
    } else {
      current = { kind, text: char, start: offset, end: offset + char.length };
      runs.push(current);
    }
    offset += char.length;
  }
  return runs;
}

/**
 * PostgreSQL's parser reads `4e2` as a number in scientific notation and ends the
 * token there, so `4e2g` would become `4e2` and `g` in the database.
 */
const LEADING_SCIENTIFIC_NUMBER = /^(\d+e\d+)(.+)$/;

/**
 * Lower-cases, strips accents, stems English and cuts a word run into its
 * token, split the way PostgreSQL's parser would split it (almost always one).
 */
function wordTokens(word: string): string[] {
  const folded = word
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
  const stemmed = ASCII_LOWER_WORD.test(folded) ? stem(folded) : folded;
  const tokens: string[] = [];
  let rest = Array.from(stemmed).slice(0, MAX_WORD_LENGTH).join('');
  for (let split = LEADING_SCIENTIFIC_NUMBER.exec(rest); split; split = LEADING_SCIENTIFIC_NUMBER.exec(rest)) {
    tokens.push(split[1] ?? '');
    rest = split[2] ?? '';
  }
  if (rest) tokens.push(rest);
  return tokens;
}

/** The overlapping two-character bigrams of a CJK run, in order. */
function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) grams.push(`${chars[i]}${chars[i + 1]}`);
  return grams;
}

/**
 * The runs of a text after NFKC normalisation. Normalising first turns
 * full-width letters and digits into ASCII (so `走基层ｗａｌｋ` splits like
 * `走基层walk`) and compatibility ideographs into their unified forms.
 */
function normalizedRuns(text: string): Run[] {
  return segment(text.normalize('NFKC'));
}

/**
 * Turns a text into the space-separated tokens to store, for
 * `to_tsvector('simple', tokens)`.
 *
 * Each token holds only letters, digits and CJK characters, so PostgreSQL's
 * parser keeps it whole. Tokens keep the text's order (ranking uses positions).
 * For a post, pass the title and `plainText(body)`.
 */
export function indexTokens(text: string): string {
  const tokens: string[] = [];
  for (const run of normalizedRuns(text)) {
    if (run.kind === 'word') {
      tokens.push(...wordTokens(run.text));
    } else {
      tokens.push(...bigrams(run.text));
      const chars = Array.from(run.text);
      // The last character of a longer run starts no bigram; index it alone so
      // that the one-character query `字:*` finds it too.
      if (chars.length > 1) tokens.push(chars[chars.length - 1] ?? '');
    }
  }
  return tokens.join(' ');
}

/** Quotes a token as a tsquery operand. Tokens never contain quotes or backslashes. */
function operand(token: string, prefix = false): string {
  return `'${token}'${prefix ? ':*' : ''}`;
}

/**
 * Builds the input for `to_tsquery('simple', …)` from what a user typed, or
 * `null` when there is nothing searchable in it.
 *
 * Every term must match (AND). A CJK word becomes its bigrams joined by `&`; a
 * single CJK character becomes the prefix `'字':*`, which finds it at the start
 * of any bigram; other words are normalised and stemmed like the index. Input
 * never reaches the output except as letters, digits and CJK characters, so
 * operators and quotes typed by the user cannot make `to_tsquery` fail.
 */
export function queryTsquery(q: string): string | null {
  const operands: string[] = [];
  const seen = new Set<string>();
  const add = (value: string): void => {
    if (!seen.has(value)) {
      seen.add(value);
      operands.push(value);
    }
  };
  for (const run of normalizedRuns(q)) {
    if (run.kind === 'word') {
      for (const token of wordTokens(run.text)) add(operand(token));
    } else if (Array.from(run.text).length === 1) {
      add(operand(run.text, true));
    } else {
      for (const gram of bigrams(run.text)) add(operand(gram));
    }
  }
  if (operands.length === 0) return null;
  return operands.slice(0, MAX_QUERY_TOKENS).join(' & ');
}

/**
 * The terms of a query as the user wrote them (CJK words and other words), for
 * highlighting matches in a snippet. Duplicates are removed.
 */
export function highlightTerms(q: string): string[] {
  const terms: string[] = [];
  for (const run of segment(q)) {
    const term = q.slice(run.start, run.end);
    if (!terms.includes(term)) terms.push(term);
  }
  return terms;
}

/** A piece of plain text cut around the first match, with the matches marked. */
export interface Snippet {
  /** The excerpt: whitespace collapsed, `…` where it was cut. */
  text: string;
  /** Sorted, non-overlapping `[start, end)` UTF-16 offsets of matches in `text`. */
  ranges: [number, number][];
}

function isCjkTerm(term: string): boolean {
  return Array.from(term).some((char) => CJK_CHAR.test(char));
}

function occurrences(text: string, needle: string): [number, number][] {
  const found: [number, number][] = [];
  if (!needle) return found;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    found.push([at, at + needle.length]);
  }
  return found;
}

/** Where the terms occur in a text, merged into sorted non-overlapping ranges. */
function matchRanges(text: string, terms: string[]): [number, number][] {
  const ranges: [number, number][] = [];
  const wordKeys = new Set<string>();
  for (const term of terms) {
    if (isCjkTerm(term)) {
      const cjkRuns = segment(term.normalize('NFKC')).filter((run) => run.kind === 'cjk');
      for (const run of cjkRuns) {
        const whole = occurrences(text, run.text);
        // Search matches bigrams anywhere, so a longer word may only occur in pieces.
        const pieces = whole.length > 0 ? [] : bigrams(run.text).flatMap((gram) => occurrences(text, gram));
        ranges.push(...whole, ...pieces);
      }
    }
    for (const run of normalizedRuns(term)) {
      if (run.kind === 'word') wordKeys.add(wordTokens(run.text).join(' '));
    }
  }
  if (wordKeys.size > 0) {
    // Texts repeat their words: each distinct word is folded and stemmed once. Stemming
    // keeps an ASCII word's first character (lower-cased), so most words are passed over
    // without folding them at all.
    const keyOf = new Map<string, string>();
    const firsts = new Set([...wordKeys].map((key) => key.charAt(0)));
    for (const run of segment(text)) {
      if (run.kind !== 'word') continue;
      if (ASCII_WORD.test(run.text) && !firsts.has(run.text.charAt(0).toLowerCase())) continue;
      let key = keyOf.get(run.text);
      if (key === undefined) {
        key = wordTokens(run.text).join(' ');
        keyOf.set(run.text, key);
      }
      if (wordKeys.has(key)) ranges.push([run.start, run.end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** Moves an offset off the low half of a surrogate pair, so no character is cut. */
function atCharBoundary(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  return offset > 0 && code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}

/**
 * Cuts an excerpt of at most `maxLength` characters (plus an ellipsis at each cut
 * end) around the first match of `terms`, or from the start when nothing matches.
 * English terms match any form with the same stem (`visit` marks `visited`).
 */
export function makeSnippet(text: string, terms: string[], maxLength = 160): Snippet {
  const clean = text.replace(/\s+/g, ' ').trim();
  const all = matchRanges(clean, terms);
  let start = 0;
  let end = clean.length;
  if (clean.length > maxLength) {
    const first = all[0];
    const lead = Math.floor(maxLength / 4);
    start = first ? Math.min(Math.max(0, first[0] - lead), clean.length - maxLength) : 0;
    start = atCharBoundary(clean, start);
    end = atCharBoundary(clean, Math.min(clean.length, start + maxLength));
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < clean.length ? '…' : '';
  const ranges: [number, number][] = [];
  for (const [from, to] of all) {
    if (to <= start || from >= end) continue;
    ranges.push([Math.max(from, start) - start + prefix.length, Math.min(to, end) - start + prefix.length]);
  }
  return { text: `${prefix}${clean.slice(start, end)}${suffix}`, ranges };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * The snippet of {@link makeSnippet} as HTML: everything escaped, and each
 * match wrapped in `<mark>…</mark>`.
 */
export function snippetHtml(text: string, terms: string[], maxLength = 160): string {
  const snippet = makeSnippet(text, terms, maxLength);
  let html = '';
  let at = 0;
  for (const [from, to] of snippet.ranges) {
    html += `${escapeHtml(snippet.text.slice(at, from))}<mark>${escapeHtml(snippet.text.slice(from, to))}</mark>`;
    at = to;
  }
  return html + escapeHtml(snippet.text.slice(at));
}

/**
 * Roughly strips Markdown syntax for indexing and snippets: keeps code, link
 * and image text, drops fences, URLs, heading and quote markers, list bullets,
 * emphasis markers and table pipes. Whitespace is collapsed.
 */
export function plainText(markdownSource: string): string {
  return markdownSource
    .replace(/^[ \t]*(```+|~~~+).*$/gm, ' ')
    .replace(/^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$/gm, ' ')
    .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\[([^\]\n]*)\]\[[^\]\n]*\]/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]*)>/gi, '$1')
    .replace(/^[ \t]*(?:>[ \t]?)+/gm, '')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*(?:[-*_][ \t]*){3,}$/gm, ' ')
    .replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/gm, '')
    .replace(/^(?=[^\n]*-)(?=[^\n]*\|)[ \t|:-]+$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(/`+/g, '')
    .replace(/(\*{1,3}|~~)/g, '')
    .replace(/(^|[^\p{L}\p{N}])_{1,3}|_{1,3}(?=$|[^\p{L}\p{N}])/gmu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The two words the `stemmer` package stems differently from Porter's paper, which the
 * hand-written stemmer before it followed: words that are nothing but a suffix. Kept as
 * they were, so that posts indexed before the switch still match.
 */
const SUFFIX_ONLY_WORDS: Readonly<Record<string, string>> = { eed: 'eed', ies: 'i' };

/**
 * Stems one lower-case English word (a–z only) with the Porter algorithm (the `stemmer`
 * package): `visits`, `visited`, `visiting` → `visit`; `running` → `run`; `studies` → `studi`.
 * Words of one or two letters are returned as they are.
 */
export function stem(word: string): string {
  return SUFFIX_ONLY_WORDS[word] ?? stemmer(word);
}
