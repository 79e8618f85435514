import { describe, expect, it } from 'vitest';
import { escapeMarkdownName, quoteMarkdown } from '../../web/text/quote';

describe('quoteMarkdown', () => {
  it('quotes every line under the attribution, blank lines kept inside the quote', () => {
    expect(quoteMarkdown('第一行\n\n第二行', '[张三](/t/1#post-2) 写道：')).toBe(
      '> [张三](/t/1#post-2) 写道：\n>\n> 第一行\n>\n> 第二行',
    );
  });

  it('trims the text and turns Windows line ends into plain ones', () => {
    expect(quoteMarkdown('  a\r\nb  ', 'A wrote:')).toBe('> A wrote:\n>\n> a\n> b');
  });
});

describe('escapeMarkdownName', () => {
  it('escapes the markers that would change how a name shows', () => {
    expect(escapeMarkdownName('a_b*[c]`d\\')).toBe('a\\_b\\*\\[c\\]\\`d\\\\');
  });

  it('leaves Chinese names alone', () => {
    expect(escapeMarkdownName('王小明')).toBe('王小明');
  });
});
