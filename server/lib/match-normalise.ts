/**
 * Text as a watched-word matcher sees it: each character NFKC-folded (full-width ＡＢＣ is
 * abc, ㊙ is 秘) and lower-cased, with separators dropped — white space, punctuation, symbols
 * and invisible format characters (zero-width space and joiners, the BOM) — so 敏 感 词,
 * 敏*感*词 and 敏\u200B感词 all read 敏感词. Chinese needs no word boundaries: a word matches
 * inside unsegmented text. `starts[i]`/`ends[i]` map the i-th normalised code unit back to the
 * original text's code units, so a match can be replaced where it was written.
 */
export interface NormalisedText {
  text: string;
  /** For each code unit of `text`: where its source character starts in the original. */
  starts: Int32Array;
  /** For each code unit of `text`: where its source character ends in the original. */
  ends: Int32Array;
}

const SEPARATOR = /^[\p{White_Space}\p{P}\p{S}\p{Cf}\p{Cc}]+$/u;

/** Is this code unit a CJK unified ideograph or a letter/digit of ASCII, which NFKC leaves alone? (The fast path.) */
function plainUnit(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/**
 * Normalises text for matching, keeping the map back to the original offsets. Runs of plain
 * characters (CJK ideographs, ASCII lower-case letters and digits: most of a post) are copied
 * as slices of the original; only the other characters are folded one by one.
 */
export function normaliseForMatch(original: string): NormalisedText {
  const length = original.length;
  let text = '';
  // Typed and allocated once: NFKC seldom lengthens text, and when it does they grow.
  let starts = new Int32Array(length + 8);
  let ends = new Int32Array(length + 8);
  let n = 0;
  const map = (start: number, end: number): void => {
    if (n === starts.length) {
      const grownStarts = new Int32Array(n * 2);
      grownStarts.set(starts);
      starts = grownStarts;
      const grownEnds = new Int32Array(n * 2);
      grownEnds.set(ends);
      ends = grownEnds;
    }
    starts[n] = start;
    ends[n] = end;
    n += 1;
  };
  let run = 0;
  let i = 0;
  while (i < length) {
    const c = original.charCodeAt(i);
    if (plainUnit(c)) {
      map(i, i + 1);
      i += 1;
      continue;
    }
    if (run < i) text += original.slice(run, i);
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < length ? 2 : 1;
    const start = i;
    i += width;
    run = i;
    if (c >= 0x41 && c <= 0x5a) {
      text += String.fromCharCode(c + 32);
      map(start, i);
      continue;
    }
    const folded = original.slice(start, i).normalize('NFKC').toLowerCase();
    if (folded === '' || SEPARATOR.test(folded)) continue;
    for (let k = 0; k < folded.length; k += 1) {
      const unit = folded[k] as string;
      // NFKC may expand one character into several, some of them separators ("⑴" → "(1)").
      if (SEPARATOR.test(unit)) continue;
      text += unit;
      map(start, i);
    }
  }
  if (run < length) text += original.slice(run);
  return { text, starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** A word as the matcher stores it: normalised the same way, without the offset map. */
export function normaliseWord(word: string): string {
  return normaliseForMatch(word).text;
}
