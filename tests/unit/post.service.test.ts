import { describe, expect, it } from 'vitest';
import { MAX_PATH_LENGTH, childPath } from '../../server/services/forum/post.service';

describe('childPath', () => {
  it('starts a root at its own id and appends a reply to its parent path', () => {
    expect(childPath(null, 7)).toEqual([7]);
    expect(childPath({ path: [7] }, 9)).toEqual([7, 9]);
    expect(childPath({ path: [7, 9] }, 12)).toEqual([7, 9, 12]);
  });

  it('flattens past MAX_PATH_LENGTH: deeper replies share the ancestor prefix and follow by id', () => {
    const deep = Array.from({ length: MAX_PATH_LENGTH }, (_, i) => i + 1);
    const child = childPath({ path: deep }, 5000);
    expect(child).toHaveLength(MAX_PATH_LENGTH);
    expect(child.slice(0, -1)).toEqual(deep.slice(0, -1));
    expect(child[child.length - 1]).toBe(5000);
    const grandchild = childPath({ path: child }, 5001);
    expect(grandchild).toHaveLength(MAX_PATH_LENGTH);
    expect(grandchild[grandchild.length - 1]).toBe(5001);
  });
});
