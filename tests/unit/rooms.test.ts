import { describe, expect, it } from 'vitest';
import { isPersonalRoom, isTopicRoom, rooms, splitRoom } from '../../server/realtime/rooms';

describe('rooms', () => {
  it('names every room in one way', () => {
    expect(rooms.topic(3)).toBe('topic:3');
    expect(rooms.board('qunzhong')).toBe('board:qunzhong');
    expect(rooms.user(5)).toBe('user:5');
    expect(rooms.session('ab12')).toBe('session:ab12');
    expect(rooms.moderators).toBe('moderators');
  });

  it('splits a name at its first colon', () => {
    expect(splitRoom('topic:3')).toEqual({ prefix: 'topic', id: '3' });
    expect(splitRoom('board:a:b')).toEqual({ prefix: 'board', id: 'a:b' });
    expect(splitRoom('moderators')).toEqual({ prefix: 'moderators', id: '' });
  });

  it('knows the rooms a socket is kept in by the server, and topic rooms', () => {
    expect(isPersonalRoom(rooms.user(5))).toBe(true);
    expect(isPersonalRoom(rooms.session('ab12'))).toBe(true);
    expect(isPersonalRoom(rooms.moderators)).toBe(true);
    expect(isPersonalRoom(rooms.topic(3))).toBe(false);
    expect(isTopicRoom(rooms.topic(3))).toBe(true);
    expect(isTopicRoom('topic:x')).toBe(false);
    expect(isTopicRoom(rooms.board('qunzhong'))).toBe(false);
  });
});
