import { describe, expect, it } from 'vitest';
import { escapeLike } from '../../server/lib/sql-like';

describe('escapeLike', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(escapeLike('走基层')).toBe('走基层');
  });
});
