import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin } from '../factories/user.factory';
import { createBoard, uniqueSlug } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import type { BoardView } from '../../server/presenters/board.presenter';
import { eq, inArray } from 'drizzle-orm';
import { boards } from '../../server/db/schema';
import { seedBoards } from '../../server/services/forum/board.service';

let app: FastifyInstance;
let admin: Client;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/boards', () => {
  it('lists the seeded default boards to anyone, whole and without a cursor', async () => {
    const res = await new Client(app).get<{ items: BoardView[] }>('/api/boards');
    expect(res.statusCode).toBe(200);
    expect(res.data).not.toHaveProperty('nextCursor');
    const slugs = res.data.items.map((b) => b.slug);
    for (const slug of ['qunzhong', 'daxuexi', 'dataolun', 'dafuwu', 'zuimei', 'xiaxiang']) expect(slugs).toContain(slug);
    const theme = res.data.items.find((b) => b.slug === 'qunzhong');
    expect(theme).toMatchObject({ name: '群众在我心中、我在群众当中' });
    expect(theme?.description).toContain('展示所见所闻');
    expect(res.data.items[0]?.slug).toBe('qunzhong');
    expect(res.data.items.find((b) => b.slug === 'zuimei')?.name).toBe('做最美衢州人——我们的价值观');
    expect(res.data.items.find((b) => b.slug === 'xiaxiang')?.name).toBe('下乡心得与编辑手记');
  });

  it('counts topics and posts and shows the latest activity of a board', async () => {
    const board = await createBoard(app, { admin });
    expect(board).toMatchObject({ topicCount: 0, postCount: 0, lastPostAt: null });
    const { client } = await registerUser(app);
    const { topic } = await createTopic(client, board.slug);
    await createReply(client, topic.id);
    await createReply(client, topic.id);
    const res = await new Client(app).get<{ items: BoardView[] }>('/api/boards');
    const found = res.data.items.find((b) => b.slug === board.slug);
    expect(found).toMatchObject({ topicCount: 1, postCount: 3 });
    expect(found?.lastPostAt).not.toBeNull();
  });
});

describe('GET /api/boards/:slug', () => {
  it('answers one board', async () => {
    const res = await new Client(app).get<{ board: BoardView }>('/api/boards/qunzhong');
    expect(res.statusCode).toBe(200);
    expect(res.data.board).toMatchObject({ slug: 'qunzhong', name: '群众在我心中、我在群众当中' });
  });

  it('answers 404 for an unknown board and 400 for a malformed slug', async () => {
    const missing = await new Client(app).get('/api/boards/no-such-board-zz');
    expect(missing.statusCode).toBe(404);
    expect(missing.data).toMatchObject({ code: 'NOT_FOUND' });
    const bad = await new Client(app).get('/api/boards/BAD_SLUG');
    expect(bad.statusCode).toBe(400);
    expect(bad.data).toMatchObject({ code: 'VALIDATION', field: 'slug' });
  });
});

describe('POST /api/boards', () => {
  it('lets an admin add a board, which appears on the list', async () => {
    const slug = uniqueSlug('new');
    const res = await admin.post<{ board: BoardView }>('/api/boards', { slug, name: '  新版块  ', description: '说明' });
    expect(res.statusCode).toBe(201);
    expect(res.data.board).toMatchObject({ slug, name: '新版块', description: '说明', topicCount: 0, postCount: 0 });
    const list = await new Client(app).get<{ items: BoardView[] }>('/api/boards');
    expect(list.data.items.map((b) => b.slug)).toContain(slug);
  });

  it('answers 409 CONFLICT for a slug that is taken', async () => {
    const res = await admin.post('/api/boards', { slug: 'qunzhong', name: '重复' });
    expect(res.statusCode).toBe(409);
    expect(res.data).toMatchObject({ code: 'CONFLICT' });
  });

  it.each([
    [{ slug: 'A', name: 'x' }, 'slug'],
    [{ slug: 'has space', name: 'x' }, 'slug'],
    [{ slug: 'UPPER', name: 'x' }, 'slug'],
    [{ slug: 'x'.repeat(41), name: 'x' }, 'slug'],
    [{ name: 'x' }, 'slug'],
    [{ slug: 'ok-slug-1', name: '' }, 'name'],
    [{ slug: 'ok-slug-2', name: '   ' }, 'name'],
    [{ slug: 'ok-slug-3' }, 'name'],
    [{ slug: 'ok-slug-4', name: 'x'.repeat(101) }, 'name'],
    [{ slug: 'ok-slug-5', name: 'x', description: 5 }, 'description'],
  ])('refuses bad input #%# naming the field', async (body, field) => {
    const res = await admin.post('/api/boards', body);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('refuses anonymous users (401) and members (403)', async () => {
    const anonymous = await new Client(app).post('/api/boards', { slug: uniqueSlug(), name: 'x' });
    expect(anonymous.statusCode).toBe(401);
    const { client } = await registerUser(app);
    const member = await client.post('/api/boards', { slug: uniqueSlug(), name: 'x' });
    expect(member.statusCode).toBe(403);
    expect(member.data).toMatchObject({ code: 'FORBIDDEN' });
    const { client: moderator } = await registerUser(app, { roles: ['member', 'moderator'] });
    expect((await moderator.post('/api/boards', { slug: uniqueSlug(), name: 'x' })).statusCode).toBe(403);
  });
});

describe('GET /api/boards in the reader\'s language', () => {
  it('answers the default boards\' English names and descriptions to an English reader, and both to editors', async () => {
    const res = await new Client(app).get<{ items: BoardView[] }>('/api/boards', { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    const theme = res.data.items.find((b) => b.slug === 'qunzhong');
    expect(theme?.name).toBe('The people in our hearts, ourselves among the people');
    expect(theme?.description).toContain('show what you saw and heard');
    expect(theme?.names).toEqual({ zh: '群众在我心中、我在群众当中', en: 'The people in our hearts, ourselves among the people' });
    expect(res.data.items.every((b) => !/[\u4e00-\u9fff]/.test(b.name) || b.names.en === '')).toBe(true);
  });

  it('falls back to the Chinese name of a board without an English one', async () => {
    const board = await createBoard(app, { admin });
    const res = await new Client(app).get<{ board: BoardView }>(`/api/boards/${board.slug}`, { headers: { 'accept-language': 'en' } });
    expect(res.data.board.name).toBe(board.name);
    expect(res.data.board.names).toEqual({ zh: board.name, en: '' });
  });
});

describe('PATCH /api/boards/:slug', () => {
  it('lets an admin give a board English and new Chinese names and descriptions', async () => {
    const board = await createBoard(app, { admin });
    const res = await admin.patch<{ board: BoardView }>(`/api/boards/${board.slug}`, {
      names: { zh: '改名后的版块', en: 'A renamed board' },
      descriptions: { zh: '新的说明', en: 'A new description' },
    }, { headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(200);
    expect(res.data.board).toMatchObject({ name: 'A renamed board', description: 'A new description', names: { zh: '改名后的版块', en: 'A renamed board' } });
    const zh = await new Client(app).get<{ board: BoardView }>(`/api/boards/${board.slug}`, { headers: { 'accept-language': 'zh-CN' } });
    expect(zh.data.board).toMatchObject({ name: '改名后的版块', description: '新的说明' });
    // A bare name is the Chinese one and keeps the English.
    const bare = await admin.patch<{ board: BoardView }>(`/api/boards/${board.slug}`, { name: '再改一次' });
    expect(bare.data.board.names).toEqual({ zh: '再改一次', en: 'A renamed board' });
  });

  it.each([
    ['a blank Chinese name', { names: { zh: '   ', en: 'x' } }, 'names.zh'],
    ['a blank bare name', { name: '  ' }, 'name'],
    ['an English name of 101 characters', { names: { zh: '版块', en: 'x'.repeat(101) } }, 'names.en'],
    ['a lone surrogate in an English description', { descriptions: { zh: '说明', en: 'bad \ud800' } }, 'descriptions.en'],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const board = await createBoard(app, { admin });
    const res = await admin.patch(`/api/boards/${board.slug}`, body);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('answers 404 for an unknown board', async () => {
    const res = await admin.patch(`/api/boards/${uniqueSlug()}`, { names: { zh: '无', en: 'None' } });
    expect(res.statusCode).toBe(404);
  });

  it('refuses anonymous users (401), members (403) and an admin without the CSRF header', async () => {
    const board = await createBoard(app, { admin });
    const body = { names: { zh: '越权', en: 'Not allowed' } };
    expect((await new Client(app).patch(`/api/boards/${board.slug}`, body)).statusCode).toBe(401);
    const { client } = await registerUser(app);
    expect((await client.patch(`/api/boards/${board.slug}`, body)).statusCode).toBe(403);
    const noCsrf = await admin.patch(`/api/boards/${board.slug}`, body, { noCsrf: true });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.data).toMatchObject({ code: 'CSRF' });
    const after = await new Client(app).get<{ board: BoardView }>(`/api/boards/${board.slug}`);
    expect(after.data.board.names.en).toBe('');
  });
});

describe('the default boards', () => {
  it('get their English names on a start when a database from before has none, leaving a renamed board alone', async () => {
    const rollback = new Error('rollback');
    await expect(app.db.transaction(async (tx) => {
      await tx.update(boards).set({ nameEn: '', descriptionEn: '' }).where(inArray(boards.slug, ['qunzhong', 'daxuexi']));
      await tx.update(boards).set({ name: '改过名的大学习' }).where(eq(boards.slug, 'daxuexi'));
      await seedBoards(tx);
      const rows = await tx.select().from(boards).where(inArray(boards.slug, ['qunzhong', 'daxuexi']));
      const theme = rows.find((b) => b.slug === 'qunzhong');
      const study = rows.find((b) => b.slug === 'daxuexi');
      expect(theme?.nameEn).toBe('The people in our hearts, ourselves among the people');
      expect(theme?.descriptionEn).toContain('show what you saw and heard');
      expect(study?.nameEn).toBe('');
      expect(study?.descriptionEn).toContain('Great Study');
      throw rollback;
    })).rejects.toBe(rollback);
  });
});
