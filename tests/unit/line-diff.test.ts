import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../web/text/line-diff';

describe('lineDiff', () => {
  it('keeps equal texts as unchanged lines', () => {
    expect(lineDiff('a\nb', 'a\nb')).toEqual([{ op: 'same', text: 'a' }, { op: 'same', text: 'b' }]);
  });

  it('marks a changed line as removed then added, keeping its neighbours', () => {
    expect(lineDiff('一\n二\n三', '一\n贰\n三')).toEqual([
      { op: 'same', text: '一' },
      { op: 'del', text: '二' },
      { op: 'add', text: '贰' },
      { op: 'same', text: '三' },
    ]);
  });

  it('finds insertions and deletions in the middle by longest common subsequence', () => {
    const diff = lineDiff('a\nb\nc\nd', 'a\nc\nx\nd');
    expect(diff.filter((l) => l.op === 'del').map((l) => l.text)).toEqual(['b']);
    expect(diff.filter((l) => l.op === 'add').map((l) => l.text)).toEqual(['x']);
    expect(diff.filter((l) => l.op !== 'add').map((l) => l.text)).toEqual(['a', 'b', 'c', 'd']);
    expect(diff.filter((l) => l.op !== 'del').map((l) => l.text)).toEqual(['a', 'c', 'x', 'd']);
  });

  it('handles an empty side', () => {
    expect(lineDiff('', 'x')).toEqual([{ op: 'del', text: '' }, { op: 'add', text: 'x' }]);
  });

  it('keeps blank lines as lines of their own', () => {
    expect(lineDiff('a\n\nb', 'a\n\nb\n')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'same', text: '' },
      { op: 'same', text: 'b' },
      { op: 'add', text: '' },
    ]);
  });

  it('shows a rewrite too large to diff as the old text removed and the new added', () => {
    const older = Array.from({ length: 3000 }, (_v, i) => `旧${i}`).join('\n');
    const newer = Array.from({ length: 3000 }, (_v, i) => `新${i}`).join('\n');
    const diff = lineDiff(older, newer);
    expect(diff).toHaveLength(6000);
    expect(diff.slice(0, 3000).every((l) => l.op === 'del')).toBe(true);
    expect(diff.slice(3000).every((l) => l.op === 'add')).toBe(true);
    expect(diff[3000]).toEqual({ op: 'add', text: '新0' });
  });
});
