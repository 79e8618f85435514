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

/*
 * What each BMP code unit (outside the surrogates) becomes, worked out the first time it is
 * seen and kept for the process: NFKC and lower case depend on the character alone here
 * (the text is folded character by character), so one table serves every text. Kinds:
 * 0 not yet known, KEEP itself, DROP a separator, ONE another single unit (`mapped`), MANY
 * several units (`expansions`, rare: ㎏ → kg). Checking a post is then two array reads per
 * character, with nothing allocated per character.
 */
const UNKNOWN = 0;
const KEEP = 1;
const DROP = 2;
const ONE = 3;
const MANY = 4;
const kinds = new Uint8Array(0x10000);
const mapped = new Uint16Array(0x10000);
const expansions = new Map<number, string>();

/** A character folded and stripped of separators (NFKC may expand one into several, some of them separators: ⑴ → (1)). */
function fold(source: string): string {
  const folded = source.normalize('NFKC').toLowerCase();
  if (folded === '' || SEPARATOR.test(folded)) return '';
  let out = '';
  for (let k = 0; k < folded.length; k += 1) {
    const unit = folded[k] as string;
    if (!SEPARATOR.test(unit)) out += unit;
  }
  return out;
}

/** Works out and records the kind of a BMP code unit that is not a surrogate. */
function learn(c: number): number {
  const source = String.fromCharCode(c);
  const out = fold(source);
  let kind: number;
  if (out === source) kind = KEEP;
  else if (out === '') kind = DROP;
  else if (out.length === 1) {
    kind = ONE;
    mapped[c] = out.charCodeAt(0);
  } else {
    kind = MANY;
    expansions.set(c, out);
  }
  kinds[c] = kind;
  return kind;
}

/** Where normalised code units are written: grown by doubling, reused by the next call of the same size or smaller. */
let unitBuffer = new Uint16Array(1024);

/** The string of `units[0, n)`, lone surrogates kept as they are (a UTF-16 decoder would replace them). */
function unitsToString(units: Uint16Array, n: number): string {
  const CHUNK = 4096;
  let out = '';
  for (let at = 0; at < n; at += CHUNK) {
    const part: string = Reflect.apply(String.fromCharCode, null, units.subarray(at, Math.min(n, at + CHUNK)));
    out += part;
  }
  return out;
}

/**
 * Normalises text for matching, keeping the map back to the original offsets. One pass over
 * the code units with table lookups (see `kinds`); the output units, starts and ends go into
 * typed arrays sized once (NFKC seldom lengthens text; when it does they grow), and the
 * normalised string is decoded from its units at the end.
 */
export function normaliseForMatch(original: string): NormalisedText {
  const length = original.length;
  let capacity = length + 8;
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  if (unitBuffer.length < capacity) unitBuffer = new Uint16Array(capacity);
  let units = unitBuffer;
  let n = 0;
  const grow = (): void => {
    capacity *= 2;
    const s = new Int32Array(capacity);
    s.set(starts);
    starts = s;
    const e = new Int32Array(capacity);
    e.set(ends);
    ends = e;
    const u = new Uint16Array(capacity);
    u.set(units.subarray(0, n));
    units = u;
    unitBuffer = u;
  };
  let i = 0;
  while (i < length) {
    const c = original.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      let kind = kinds[c] as number;
      if (kind === UNKNOWN) kind = learn(c);
      if (kind === DROP) {
        i += 1;
        continue;
      }
      if (kind === KEEP || kind === ONE) {
        if (n === capacity) grow();
        units[n] = kind === KEEP ? c : (mapped[c] as number);
        starts[n] = i;
        ends[n] = i + 1;
        n += 1;
        i += 1;
        continue;
      }
      const out = expansions.get(c) as string;
      for (let k = 0; k < out.length; k += 1) {
        if (n === capacity) grow();
        units[n] = out.charCodeAt(k);
        starts[n] = i;
        ends[n] = i + 1;
        n += 1;
      }
      i += 1;
      continue;
    }
    // A surrogate: a pair (or a lone one) is folded as it comes, outside the table.
    const width = c <= 0xdbff && i + 1 < length ? 2 : 1;
    const out = fold(original.slice(i, i + width));
    for (let k = 0; k < out.length; k += 1) {
      if (n === capacity) grow();
      units[n] = out.charCodeAt(k);
      starts[n] = i;
      ends[n] = i + width;
      n += 1;
    }
    i += width;
  }
  return { text: unitsToString(units, n), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** A word as the matcher stores it: normalised the same way, without the offset map. */
export function normaliseWord(word: string): string {
  return normaliseForMatch(word).text;
}
