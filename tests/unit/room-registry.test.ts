import { describe, expect, it } from 'vitest';
import { RoomRegistry } from '../../server/realtime/room-registry';
import type { SocketUser } from '../../server/realtime/types';

const member: SocketUser = { id: 7, username: 'li', displayName: '小李', roles: ['member'] };
const moderator: SocketUser = { id: 8, username: 'wang', displayName: '老王', roles: ['member', 'moderator'] };

describe('RoomRegistry.admit', () => {
  it('lets a user into their own room only, and moderators into the moderators room', async () => {
    const registry = new RoomRegistry();
    expect(await registry.admit(member, 'user:7')).toBe('ok');
    expect(await registry.admit(member, 'user:8')).toBe('forbidden');
    expect(await registry.admit(null, 'user:7')).toBe('forbidden');
    expect(await registry.admit(moderator, 'moderators')).toBe('ok');
    expect(await registry.admit(member, 'moderators')).toBe('forbidden');
  });

  it('answers invalid, before any authoriser runs, for a malformed name or id', async () => {
    const registry = new RoomRegistry();
    const asked: string[] = [];
    registry.register('topic', { validId: (id) => /^[1-9][0-9]*$/.test(id), authorize: async (_user, id) => { asked.push(id); return true; } });
    for (const room of ['', 'topic:007', 'topic:abc', 'user:9999999999', 'moderators:1', `topic:1${'0'.repeat(300)}`, 'topic:1\u0000']) {
      expect(await registry.admit(member, room)).toBe('invalid');
    }
    expect(asked).toEqual([]);
    expect(await registry.admit(null, 'topic:12')).toBe('ok');
    expect(asked).toEqual(['12']);
  });

  it('refuses a room of a kind nobody registered', async () => {
    expect(await new RoomRegistry().admit(moderator, 'session:abc')).toBe('forbidden');
    expect(await new RoomRegistry().admit(moderator, 'nonsense')).toBe('forbidden');
  });
});
