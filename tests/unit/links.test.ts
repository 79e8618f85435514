import { describe, expect, it } from 'vitest';
import { postHref } from '../../web/text/links';

describe('postHref', () => {
  it('links a post inside its topic, or the topic itself', () => {
    expect(postHref(12, 34)).toBe('/t/12#post-34');
    expect(postHref(12, null)).toBe('/t/12');
  });
});
