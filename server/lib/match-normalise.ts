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
  starts: number[];
  /** For each code unit of `text`: where its source character ends in the original. */
  ends: number[];
}

const SEPARATOR = /^[\p{White_Space}\p{P}\p{S}\p{Cf}\p{Cc}]+$/u;

/** Normalises text for matching, keeping the map back to the original offsets. */
export function normaliseForMatch(original: string): NormalisedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const ch of original) {
    const start = offset;
    offset += ch.length;
    const folded = ch.normalize('NFKC').toLowerCase();
    if (folded === '' || SEPARATOR.test(folded)) continue;
    for (let i = 0; i < folded.length; i += 1) {
      const unit = folded[i] as string;
      // NFKC may expand one character into several, some of them separators ("⑴" → "(1)").
      if (SEPARATOR.test(unit)) continue;
      text += unit;
      starts.push(start);
      ends.push(offset);
    }
  }
  return { text, starts, ends };
}

/** A word as the matcher stores it: normalised the same way, without the offset map. */
export function normaliseWord(word: string): string {
  return normaliseForMatch(word).text;
}
