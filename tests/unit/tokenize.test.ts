import { describe, expect, it } from 'vitest';
import {
  highlightTerms,
  indexTokens,
  makeSnippet,
  plainText,
  queryTsquery,
  snippetHtml,
  stem,
} from '../../server/search/tokenize';

/** The lexemes a tsquery built by queryTsquery asks for, with `:*` kept on prefixes. */
function queryOperands(query: string | null): string[] {
  if (query === null) return [];
  return query.split(' & ').map((operand) => operand.replace(/^'(.*)'(:\*)?$/, '$1$2'));
}

/**
 * Whether a document's tokens satisfy a query built by queryTsquery, the way
 * `to_tsvector('simple', tokens) @@ to_tsquery('simple', query)` decides it.
 */
function matches(text: string, query: string): boolean {
  const tokens = new Set(indexTokens(text).split(' '));
  const operands = queryOperands(queryTsquery(query));
  if (operands.length === 0) return false;
  return operands.every((operand) =>
    operand.endsWith(':*')
      ? [...tokens].some((token) => token.startsWith(operand.slice(0, -2)))
      : tokens.has(operand),
  );
}

describe('indexTokens', () => {
  it('splits a CJK run into overlapping bigrams plus its last character', () => {
    expect(indexTokens('我在群众当中')).toBe('我在 在群 群众 众当 当中 中');
  });

  it('keeps a one-character CJK run as that character', () => {
    expect(indexTokens('好')).toBe('好');
    expect(indexTokens('好，走')).toBe('好 走');
  });

  it('breaks runs at CJK punctuation and spaces', () => {
    expect(indexTokens('石室乡，文化村。')).toBe('石室 室乡 乡 文化 化村 村');
  });

  it('separates CJK from Latin in mixed text', () => {
    expect(indexTokens('走基层walk')).toBe('走基 基层 层 walk');
  });

  it('normalises full-width letters and digits to ASCII', () => {
    expect(indexTokens('ＡＢＣ１２３')).toBe('abc123');
  });

  it('lower-cases and removes accents', () => {
    expect(indexTokens('Café NAÏVE')).toBe('cafe naiv');
  });

  it('stems English words the same way whatever their form', () => {
    expect(indexTokens('visit visits visited visiting')).toBe('visit visit visit visit');
  });

  it('splits a leading scientific number the way PostgreSQL does', () => {
    expect(indexTokens('4e2g 1e5')).toBe('4e2 g 1e5');
  });

  it('emits only letters, digits and CJK characters', () => {
    const tokens = indexTokens(`a&b|c!d(e)f:g*h<i>j'k"l\\m -n_o.p,q;r?s/t@u#v$w%x^y+z=1~2\`3`);
    expect(tokens).toMatch(/^[a-z0-9 ]+$/);
    for (const token of tokens.split(' ')) expect(token).toMatch(/^[\p{L}\p{Nd}]+$/u);
  });

  it('handles kana and hangul as CJK', () => {
    expect(indexTokens('テスト 한국어')).toBe('テス スト ト 한국 국어 어');
  });

  it('returns an empty string for text with nothing to index', () => {
    expect(indexTokens('  ,。!!  ')).toBe('');
  });
});

describe('queryTsquery', () => {
  it('finds 群众 in 我在群众当中', () => {
    const query = queryTsquery('群众');
    expect(query).toBe("'群众'");
    const index = new Set(indexTokens('我在群众当中').split(' '));
    for (const operand of queryOperands(query)) expect(index).toContain(operand);
  });

  it('ANDs the bigrams of a longer CJK word', () => {
    expect(queryTsquery('文化礼堂')).toBe("'文化' & '化礼' & '礼堂'");
    expect(matches('村里新建了文化礼堂', '文化礼堂')).toBe(true);
    expect(matches('文化馆和礼堂', '文化礼堂')).toBe(false);
  });

  it('ANDs the words of a multi-word query', () => {
    const query = queryTsquery('石室乡 文化村');
    expect(query).toBe("'石室' & '室乡' & '文化' & '化村'");
    const index = new Set(indexTokens('我们去了石室乡，参观文化村。').split(' '));
    for (const operand of queryOperands(query)) expect(index).toContain(operand);
    expect(matches('只去了石室乡', '石室乡 文化村')).toBe(false);
  });

  it('stems English query words to match any form', () => {
    for (const form of ['visit', 'visits', 'visited', 'visiting']) {
      expect(queryTsquery(form)).toBe("'visit'");
      expect(matches('We visited the village', form)).toBe(true);
    }
  });

  it('matches full-width text with ASCII queries and the other way round', () => {
    expect(matches('型号ＡＢＣ１２３', 'abc123')).toBe(true);
    expect(matches('型号ABC123', 'ＡＢＣ１２３')).toBe(true);
  });

  it('handles mixed CJK and Latin', () => {
    expect(queryTsquery('走基层walk')).toBe("'走基' & '基层' & 'walk'");
    expect(matches('今天走基层walking', '走基层walk')).toBe(true);
  });

  it('turns a single CJK character into a prefix match', () => {
    expect(queryTsquery('群')).toBe("'群':*");
    expect(matches('我在群众当中', '群')).toBe(true);
    // The last character of a run starts no bigram but is indexed on its own.
    expect(matches('我在群众当中', '中')).toBe(true);
    expect(matches('我在群众当中', '众')).toBe(true);
    expect(matches('我在群众当中', '你')).toBe(false);
  });

  it('returns null for a query of operators and quotes only', () => {
    expect(queryTsquery(`& | ! ( ) : * < > ' " \\`)).toBeNull();
    expect(queryTsquery('<-> !! ((')).toBeNull();
    expect(queryTsquery('   ')).toBeNull();
    expect(queryTsquery('')).toBeNull();
  });

  it('neutralises operators mixed with words', () => {
    const query = queryTsquery(`群众' | !foo:* & (bar <-> "baz") \\'`);
    expect(query).toBe("'群众' & 'foo' & 'bar' & 'baz'");
  });

  it('only ever emits quoted letters, digits and CJK joined by &', () => {
    const hostile = [`a'b`, `'; drop table posts; --`, 'x:*', 'a:A', '!(群众|文化)', '\u0000\u200b', 'C++ & C#'];
    for (const input of hostile) {
      const query = queryTsquery(input);
      if (query === null) continue;
      for (const operand of query.split(' & ')) expect(operand).toMatch(/^'[\p{L}\p{Nd}]+'(:\*)?$/u);
    }
  });

  it('drops repeated terms', () => {
    expect(queryTsquery('群众 群众 visit visits')).toBe("'群众' & 'visit'");
  });
});

describe('stem', () => {
  it('reduces common English forms to one stem', () => {
    expect(stem('running')).toBe('run');
    expect(stem('studies')).toBe(stem('study'));
    expect(stem('hopping')).toBe('hop');
    expect(stem('relational')).toBe('relat');
    expect(stem('caresses')).toBe('caress');
  });

  it('leaves one- and two-letter words alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('a')).toBe('a');
  });
});

describe('highlightTerms', () => {
  it('returns the words as written, CJK and other', () => {
    expect(highlightTerms('走基层walk  Visited')).toEqual(['走基层', 'walk', 'Visited']);
  });

  it('drops operators and duplicates', () => {
    expect(highlightTerms('群众 & 群众 | "visit"')).toEqual(['群众', 'visit']);
  });
});

describe('makeSnippet', () => {
  it('cuts a window around the first match and reports its range', () => {
    const text = `${'前'.repeat(200)}群众${'后'.repeat(200)}`;
    const snippet = makeSnippet(text, ['群众'], 40);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBe(42);
    const [range] = snippet.ranges;
    expect(range).toBeDefined();
    if (range) expect(snippet.text.slice(range[0], range[1])).toBe('群众');
  });

  it('returns short text whole, with whitespace collapsed', () => {
    expect(makeSnippet('  我在\n\n群众  当中 ', ['群众'])).toEqual({ text: '我在 群众 当中', ranges: [[3, 5]] });
  });

  it('marks English words with the same stem', () => {
    const snippet = makeSnippet('They visited twice; visits matter.', ['visit']);
    expect(snippet.ranges.map(([from, to]) => snippet.text.slice(from, to))).toEqual(['visited', 'visits']);
  });

  it('marks words by stem whatever their case, width or accents, and only those', () => {
    const text = 'Visited VISITS revisit ｖｉｓｉｔｓ vísit 4e2g 4e2 visa 走访visiting了';
    const marked = (terms: string[]) => makeSnippet(text, terms).ranges.map(([from, to]) => text.slice(from, to));
    expect(marked(['visit'])).toEqual(['Visited', 'VISITS', 'ｖｉｓｉｔｓ', 'vísit', 'visiting']);
    expect(marked(['Ｖｉｓｉｔｉｎｇ'])).toEqual(['Visited', 'VISITS', 'ｖｉｓｉｔｓ', 'vísit', 'visiting']);
    expect(marked(['4e2g'])).toEqual(['4e2g']);
    expect(marked(['visas'])).toEqual(['visa']);
  });

  it('starts at the beginning when nothing matches', () => {
    expect(makeSnippet('abcdef', ['zzz'], 3)).toEqual({ text: 'abc…', ranges: [] });
  });

  it('does not cut a character outside the Basic Multilingual Plane in half', () => {
    const snippet = makeSnippet('😀'.repeat(50), [], 5);
    expect(snippet.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('snippetHtml', () => {
  it('escapes the text and marks the matches', () => {
    const html = snippetHtml('<script>alert("x")</script> 我在群众当中 & more', highlightTerms('群众'));
    expect(html).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 我在<mark>群众</mark>当中 &amp; more');
  });

  it('escapes text inside a match too', () => {
    expect(snippetHtml('Tom & Jerry', ['tom'])).toBe('<mark>Tom</mark> &amp; Jerry');
  });
});

describe('plainText', () => {
  it('strips Markdown syntax but keeps the words', () => {
    const source = [
      '# 标题',
      '',
      '> 引用 **粗体** _斜体_ snake_case ~~删除~~ `code`',
      '',
      '- [链接](https://example.com/x) ![图片](https://img.example/a.png)',
      '1. 第一',
      '',
      '```js',
      'const a = 1;',
      '```',
      '',
      '| a | b |',
      '|---|:-:|',
      '| 1 | 2 |',
      '',
      '[ref]: https://example.com/ref',
      '***',
    ].join('\n');
    expect(plainText(source)).toBe('标题 引用 粗体 斜体 snake_case 删除 code 链接 图片 第一 const a = 1; a b 1 2');
  });
});
