import { describe, expect, it } from 'vitest';
import { readerKey } from '../../server/realtime/presence';

describe('readerKey', () => {
  it('counts a user once however many tabs, and a guest per socket', () => {
    expect(readerKey({ id: 's1', data: { user: { id: 4 } } })).toBe(readerKey({ id: 's2', data: { user: { id: 4 } } }));
    expect(readerKey({ id: 's1', data: { user: null } })).not.toBe(readerKey({ id: 's2', data: { user: null } }));
  });
});
