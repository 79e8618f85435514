import { describe, expect, it } from 'vitest';
import { markdownExcerpt } from '../../web/text/excerpt';

describe('markdownExcerpt', () => {
  it('takes emphasis out without leaving spaces around the words', () => {
    expect(markdownExcerpt('今天走进**文化礼堂**，和村民聊了很久。')).toBe('今天走进文化礼堂，和村民聊了很久。');
    expect(markdownExcerpt('a *b* _c_ ~~d~~ `e` __f__')).toBe('a b c d e f');
  });

  it('keeps the text of links and the description of images', () => {
    expect(markdownExcerpt('见[余东村](/places/3)的![农民画](/u/1.jpg)')).toBe('见余东村的农民画');
  });

  it('drops quote, heading and list markers and joins the lines', () => {
    expect(markdownExcerpt('> 引用的话\n\n# 标题\n- 第一条\n2. 第二条')).toBe('引用的话 标题 第一条 第二条');
  });

  it('keeps characters that are not markup (a hyphenated word, an asterisk alone, underscores in names)', () => {
    expect(markdownExcerpt('self-evident 3 * 4 snake_case_name')).toBe('self-evident 3 * 4 snake_case_name');
  });

  it('cuts a long text at the limit, counting characters not UTF-16 units', () => {
    expect(markdownExcerpt('𠀀'.repeat(5), 3)).toBe('𠀀𠀀𠀀…');
  });
});
