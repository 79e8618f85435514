import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { statementsOf } from '../helpers/statements';
import { registerUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import { queryRows } from '../../server/db/client';
import type { Page } from '../../server/presenters/page.presenter';
import type { SearchHitView } from '../../server/presenters/search.presenter';

/**
 * DATABASE_REPLICA_URL: on the PostgreSQL server the test points the replica at the same
 * database through a second pool (what a streaming replica looks like to the app, minus the
 * lag); on the embedded database there is no replica and reads stay on the one handle.
 */
let app: FastifyInstance;
const serverUrl = process.env.DATABASE_URL ?? '';
beforeAll(async () => {
  app = await createTestApp(serverUrl ? { DATABASE_REPLICA_URL: serverUrl, POST_RATE_LIMIT: '0' } : { POST_RATE_LIMIT: '0' }, { countStatements: true });
});
afterAll(async () => {
  await app?.close();
});

describe('DATABASE_REPLICA_URL', () => {
  it('sends search to the replica when one is set, and writes and topic pages to the primary', async () => {
    const writer = await registerUser(app);
    const board = await createBoard(app);
    const mark = `r${Date.now().toString(36)}`;
    const { topic } = await createTopic(writer.client, board.slug, { body: `副本读取 ${mark}` });
    const search = await statementsOf(app, () => new Client(app).get<Page<SearchHitView>>(`/api/search?q=${mark}&board=${board.slug}`));
    expect(search.result.statusCode).toBe(200);
    expect(search.result.data.items.map((i) => i.topicId)).toEqual([topic.id]);
    const page = await statementsOf(app, () => new Client(app).get(`/api/topics/${topic.id}`));
    const reply = await statementsOf(app, () => writer.client.post(`/api/topics/${topic.id}/posts`, { body: '写入主库' }));
    expect(reply.result.statusCode).toBe(201);
    expect(page.statements.every((s) => s.target === 'primary')).toBe(true);
    expect(reply.statements.every((s) => s.target === 'primary')).toBe(true);
    if (app.database.driver === 'postgres') {
      expect(app.database.replica).not.toBe(app.db);
      expect(search.statements.length).toBeGreaterThan(0);
      expect(search.statements.every((s) => s.target === 'replica')).toBe(true);
      // The replica pool is a connection of its own, named so operators can tell it apart.
      const [named] = await queryRows<{ n: unknown }>(app.db, sql`select count(*) as n from pg_stat_activity where application_name = 'grassroots-replica'`);
      expect(Number(named?.n)).toBeGreaterThan(0);
    } else {
      expect(app.database.replica).toBe(app.db);
      expect(search.statements.every((s) => s.target === 'primary')).toBe(true);
    }
  });
});
