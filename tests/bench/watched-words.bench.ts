import { normaliseForMatch, normaliseWord } from '../../server/lib/match-normalise';
import { applyWords, compileWords } from '../../server/services/moderation/watched-word.service';
import type { WatchedWordsFigures } from './report';

/**
 * The watched-word check: 10,000 words against a 50,000-character post (normalise with the
 * offset map, then one Aho–Corasick pass), with two baselines from the same run on the same
 * normalised text: one `String.prototype.includes` scan for a single word, and the naive
 * loop of one `includes` per word. Reports medians and ratios (`text`), and the check's median
 * for the target of issue 10 ("in a few milliseconds").
 */
export function runWatchedWordsBench(options: { words?: number; length?: number; rounds?: number } = {}): WatchedWordsFigures {
  const wordCount = options.words ?? 10_000;
  const length = options.length ?? 50_000;
  const rounds = options.rounds ?? 15;
  // A deterministic generator (mulberry32, in 32-bit integer arithmetic), so every run measures the same text.
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const han = () => String.fromCharCode(0x4e00 + Math.floor(random() * 3000));
  const words = new Set<string>();
  while (words.size < wordCount) words.add(Array.from({ length: 2 + Math.floor(random() * 3) }, han).join(''));
  const list = [...words];
  let text = '';
  while (text.length < length) text += random() < 0.1 ? ' ，' : han();
  text = text.slice(0, length);

  const time = (fn: () => unknown, times = rounds): number => {
    const samples: number[] = [];
    for (let i = 0; i < times; i += 1) {
      const start = process.hrtime.bigint();
      fn();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] as number;
  };
  const buildStart = process.hrtime.bigint();
  const compiled = compileWords(list.map((w) => ({ normalized: normaliseWord(w), action: 'replace' as const, replacement: '*' })));
  const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  const check = time(() => applyWords(compiled, text));
  const normalised = normaliseForMatch(text).text;
  const one = list[0] as string;
  const single = time(() => normalised.includes(one));
  // The naive loop takes seconds: three rounds are enough to see it.
  const naive = time(() => list.filter((w) => normalised.includes(w)).length, 3);
  const hits = compiled.matcher.search(normalised).length;
  const report = [
    `watched words: ${wordCount} words, ${length}-character post, median of ${rounds}`,
    `  build the matcher once (cached per process):  ${buildMs.toFixed(1)} ms (${compiled.matcher.size} nodes)`,
    `  checkText (normalise + one pass + replace):   ${check.toFixed(2)} ms (${hits} matches)`,
    `  baseline: includes() of one word:             ${single.toFixed(3)} ms  -> checkText is ${(check / single).toFixed(1)}x one word's scan`,
    `  baseline: naive includes() per word:          ${naive.toFixed(1)} ms  -> checkText is ${(naive / check).toFixed(1)}x faster`,
  ].join('\n');
  return { words: wordCount, length, checkMs: check, text: report };
}
