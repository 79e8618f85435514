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
