import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../server/lib/aho-corasick';
import { normaliseForMatch, normaliseWord } from '../../server/lib/match-normalise';
import { applyWords, compileWords } from '../../server/services/moderation/watched-word.service';

describe('AhoCorasick', () => {
  it('finds every occurrence of many words in one pass, overlapping ones included', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    const found = ac.search('ushers').map((f) => [f.word, f.start, f.end]);
    expect(found).toEqual([[1, 1, 4], [0, 2, 4], [3, 2, 6]]);
  });

  it('reports a short word that ends inside a longer partial match (abcd, bc in xabcex)', () => {
    const ac = new AhoCorasick(['abcd', 'bc']);
    expect(ac.search('xabcex')).toEqual([{ word: 1, start: 2, end: 4 }]);
  });

  it('matches inside unsegmented Chinese and reports nothing for a word that is not there', () => {
    const ac = new AhoCorasick(['测试', '敏感词']);
    expect(ac.search('这是一个测试句子').map((f) => f.word)).toEqual([0]);
    expect(ac.search('测量试验')).toEqual([]);
  });

  it('ignores empty words', () => {
    expect(new AhoCorasick(['', 'a']).search('a')).toEqual([{ word: 1, start: 0, end: 1 }]);
  });

  it('starts over at a character no word uses, and keeps the first index of a repeated word', () => {
    const ac = new AhoCorasick(['敏感词', '敏感词', '感词']);
    expect(ac.search('敏感x词')).toEqual([]);
    expect(ac.search('敏感词')).toEqual([{ word: 0, start: 0, end: 3 }, { word: 2, start: 1, end: 3 }]);
  });

  it('finds children of a wide node (more than a short scan covers) by their letter', () => {
    const letters = Array.from({ length: 40 }, (_, i) => String.fromCharCode(0x4e00 + i * 7));
    const ac = new AhoCorasick(letters.map((l) => `甲${l}`));
    letters.forEach((l, i) => expect(ac.search(`乙甲${l}丙`)).toEqual([{ word: i, start: 1, end: 3 }]));
    expect(ac.search('甲乙')).toEqual([]);
  });

  it('reports exactly what a brute-force scan finds, on many random words and texts', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pick = (length: number): string => Array.from({ length }, () => 'abcde甲乙丙'[random(8)]).join('');
    const words = [...new Set(Array.from({ length: 60 }, () => pick(1 + random(4))))];
    const ac = new AhoCorasick(words);
    for (let round = 0; round < 30; round += 1) {
      const text = pick(200);
      const expected: { word: number; start: number; end: number }[] = [];
      for (let end = 1; end <= text.length; end += 1) {
        const here = words.map((w, word) => ({ word, start: end - w.length, end })).filter((m) => m.start >= 0 && text.slice(m.start, m.end) === words[m.word]);
        expected.push(...here.sort((x, y) => y.end - y.start - (x.end - x.start)));
      }
      expect(ac.search(text)).toEqual(expected);
    }
  });
});

describe('normaliseForMatch', () => {
  it('drops spaces, punctuation, symbols and zero-width characters, folds full-width forms and case', () => {
    expect(normaliseForMatch('敏 感 词').text).toBe('敏感词');
    expect(normaliseForMatch('敏*感*词').text).toBe('敏感词');
    expect(normaliseForMatch('敏\u200B感\u200D词\uFEFF').text).toBe('敏感词');
    expect(normaliseForMatch('ＡＢＣ').text).toBe('abc');
    expect(normaliseForMatch('，敏。感！词？').text).toBe('敏感词');
    expect(normaliseWord(' Ｓｐａｍ ')).toBe('spam');
  });

  it('folds a character that expands into several units, each mapped to its source', () => {
    const n = normaliseForMatch('1㎏2');
    expect(n.text).toBe('1kg2');
    expect(Array.from(n.starts)).toEqual([0, 1, 1, 2]);
    expect(Array.from(n.ends)).toEqual([1, 2, 2, 3]);
    // A text that grows past the room set aside for it (each ﷺ is many letters).
    const long = normaliseForMatch('ﷺ'.repeat(200));
    expect(long.text).toBe('ﷺ'.normalize('NFKC').replace(/\s/g, '').repeat(200));
    expect(long.starts.length).toBe(long.text.length);
    expect(long.ends[long.ends.length - 1]).toBe(200);
  });

  it('gives the same answer for a character the second time (it is looked up, not folded again)', () => {
    expect(normaliseForMatch('Ａ，Ａ').text).toBe('aa');
    expect(normaliseForMatch('Ａ，Ａ').text).toBe('aa');
    expect(normaliseForMatch('ＡＢＣ abc').text).toBe('abcabc');
  });

  it('keeps a lone surrogate as it is rather than replacing it', () => {
    const n = normaliseForMatch('a\uDC00b\uD800');
    expect(n.text).toBe('a\uDC00b\uD800');
    expect(Array.from(n.starts)).toEqual([0, 1, 2, 3]);
  });

  it('maps each normalised unit back to the original offsets', () => {
    const original = 'a 敏*感 b';
    const n = normaliseForMatch(original);
    expect(n.text).toBe('a敏感b');
    expect(Array.from(n.starts)).toEqual([0, 2, 4, 6]);
    expect(Array.from(n.ends)).toEqual([1, 3, 5, 7]);
    // A character outside the BMP keeps both of its code units on the same original range.
    const astral = normaliseForMatch('x𠀀y');
    expect(astral.text).toBe('x𠀀y');
    expect(Array.from(astral.starts)).toEqual([0, 1, 1, 3]);
    expect(Array.from(astral.ends)).toEqual([1, 3, 3, 4]);
  });
});

describe('applyWords', () => {
  const list = compileWords([
    { normalized: normaliseWord('敏感词'), action: 'block', replacement: null },
    { normalized: normaliseWord('待审词'), action: 'hold', replacement: null },
    { normalized: normaliseWord('坏话'), action: 'replace', replacement: '**' },
  ]);

  it('blocks across inserted separators and full-width letters, holds, and passes clean text', () => {
    expect(applyWords(list, '这里有 敏 感 词 啊').block).toBe(true);
    expect(applyWords(list, '这里有敏\u200B感词').block).toBe(true);
    expect(applyWords(list, '请审核：待*审*词').hold).toBe(true);
    expect(applyWords(list, '敏感的词语不算')).toEqual({ text: '敏感的词语不算', block: false, hold: false });
  });

  it('replaces a match where it was written, separators inside it included', () => {
    expect(applyWords(list, '说坏话不好').text).toBe('说**不好');
    expect(applyWords(list, '说 坏 * 话 不好').text).toBe('说 ** 不好');
    expect(applyWords(compileWords([{ normalized: 'abc', action: 'replace', replacement: 'x' }]), '1ＡＢＣ2').text).toBe('1x2');
  });
});
