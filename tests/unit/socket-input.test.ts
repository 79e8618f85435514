import { describe, expect, it } from 'vitest';
import { readRoom, readSubscribe } from '../../server/realtime/socket-input';

describe('readRoom', () => {
  it('reads the room of a message, or names no room for any other shape', () => {
    expect(readRoom({ room: 'topic:1' })).toBe('topic:1');
    expect(readRoom({ room: 12 })).toBe('');
    expect(readRoom(null)).toBe('');
    expect(readRoom('topic:1')).toBe('');
    expect(readRoom([{ room: 'topic:1' }])).toBe('');
  });
});

describe('readSubscribe', () => {
  it('reads a room with or without since', () => {
    expect(readSubscribe({ room: 'topic:1' })).toEqual({ ok: true, room: 'topic:1', since: null });
    expect(readSubscribe({ room: 'topic:1', since: null })).toEqual({ ok: true, room: 'topic:1', since: null });
    expect(readSubscribe({ room: 'topic:1', since: 0 })).toEqual({ ok: true, room: 'topic:1', since: 0 });
    expect(readSubscribe({ room: 'topic:1', since: 41 })).toEqual({ ok: true, room: 'topic:1', since: 41 });
  });

  it.each([-1, 1.5, '3', Number.NaN, Infinity, 1e300, {}])('refuses since %s, keeping the room for the error', (since) => {
    expect(readSubscribe({ room: 'topic:1', since })).toMatchObject({ ok: false, room: 'topic:1' });
  });
});
