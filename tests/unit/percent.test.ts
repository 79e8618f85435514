import { describe, expect, it } from 'vitest';
import { percent } from '../../web/text/percent';

describe('percent', () => {
  it('rounds the share of done in target to a whole number', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(2, 3)).toBe(67);
    expect(percent(100, 100)).toBe(100);
  });

  it('goes past 100 when more is done than targeted', () => {
    expect(percent(150, 100)).toBe(150);
  });

  it('is 0 without a target', () => {
    expect(percent(5, 0)).toBe(0);
  });
});
