import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser } from '../factories/user.factory';
import { recordEvents, type RealtimeEvent } from '../../server/realtime/events';
import { createDoor } from '../../server/realtime/publish';
import { rooms } from '../../server/realtime/rooms';
import type { AppServer } from '../../server/realtime/types';

let app: FastifyInstance;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp();
  baseUrl = await listen(app);
});
afterAll(async () => {
  await app?.close();
});

/** A door of its own on the app's socket.io server, recording what its hooks were told. */
function recordingDoor() {
  const published: { events: RealtimeEvent[]; at: number; fanOutMs: number }[] = [];
  const invalidated: string[][] = [];
  const door = createDoor(app.io as unknown as AppServer, false, {
    invalidate: (names) => invalidated.push(names),
    published: (events, at, fanOutMs) => published.push({ events, at, fanOutMs }),
  });
  return { door, published, invalidated };
}

describe('createDoor publish', () => {
  it('tells the published hook each committed batch once, stamped when it was handed over, and its sockets get every event in order', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const room = rooms.user(user.id);
      const events = await app.db.transaction((tx) => recordEvents(tx, [
        { room, type: 'notification', data: { n: 1 } as never },
        { room, type: 'notification', data: { n: 2 } as never },
      ]));
      const { door, published, invalidated } = recordingDoor();
      const before = Date.now();
      door.publish(events);
      const after = Date.now();
      expect(published).toHaveLength(1);
      expect(published[0]?.events).toEqual(events);
      expect(published[0]?.at).toBeGreaterThanOrEqual(before);
      expect(published[0]?.at).toBeLessThanOrEqual(after);
      expect(published[0]?.fanOutMs).toBeGreaterThanOrEqual(0);
      // (With PostgreSQL, other processes' events reach this door too: look for ours.)
      expect(invalidated).toContainEqual([room]);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === events[1]?.seq);
      const got = socket.received.filter((r) => r.name === 'notification').map((r) => (r.payload as WireEvent).data);
      expect(got).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      socket.close();
    }
  });

  it('tells the published hook nothing for an empty batch', () => {
    const { door, published } = recordingDoor();
    door.publish([]);
    expect(published).toEqual([]);
  });
});
