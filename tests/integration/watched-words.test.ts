import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, uniqueUsername, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { makeSubtree } from '../factories/campaign.factory';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { WatchedWordView } from '../../server/presenters/moderation.presenter';

let app: FastifyInstance;
let admin: Client;
let mod: SignedInUser;
let member: SignedInUser;
let boardSlug: string;
/** Words unique to this run, since PostgreSQL test runs share one database. */
const tag = Date.now().toString(36).replace(/[0-9]/g, (d) => '零一二三四五六七八九'[Number(d)] ?? '');
const BLOCK = `禁${tag}词`;
const HOLD = `审${tag}词`;
const REPLACE = `坏${tag}话`;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', REGISTRATION_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  mod = await registerUser(app, { roles: ['moderator'] });
  member = await registerUser(app);
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

/** Inserts a separator between every character: 敏 感 词. */
const spaced = (word: string, sep: string) => Array.from(word).join(sep);

describe('/api/watched-words', () => {
  it('is for admins only', async () => {
    expect((await new Client(app).get('/api/watched-words')).statusCode).toBe(401);
    expect((await mod.client.get('/api/watched-words')).statusCode).toBe(403);
    expect((await mod.client.post('/api/watched-words', { word: 'x', action: 'block' })).statusCode).toBe(403);
    expect((await mod.client.get('/api/watched-words.csv')).statusCode).toBe(403);
    expect((await mod.client.post('/api/watched-words/import', { csv: 'a,block' })).statusCode).toBe(403);
    expect((await mod.client.delete('/api/watched-words/1')).statusCode).toBe(403);
  });

  it('adds, lists and deletes words, refusing bad input and a word already listed (compared normalised)', async () => {
    const block = await admin.post<{ word: WatchedWordView }>('/api/watched-words', { word: BLOCK, action: 'block' });
    expect(block.statusCode).toBe(201);
    expect((await admin.post('/api/watched-words', { word: ` ${spaced(BLOCK, ' ')} `, action: 'hold' })).statusCode).toBe(409);
    expect((await admin.post('/api/watched-words', { word: HOLD, action: 'hold' })).statusCode).toBe(201);
    expect((await admin.post('/api/watched-words', { word: REPLACE, action: 'replace', replacement: '**' })).statusCode).toBe(201);
    expect((await admin.post('/api/watched-words', { word: 'x', action: 'replace' })).data).toMatchObject({ field: 'replacement' });
    expect((await admin.post('/api/watched-words', { word: '*** ', action: 'block' })).data).toMatchObject({ field: 'word' });
    expect((await admin.post('/api/watched-words', { word: 'x', action: 'ban' })).statusCode).toBe(400);
    expect((await admin.post('/api/watched-words', { word: 'x'.repeat(101), action: 'block' })).statusCode).toBe(400);
    const list = await admin.get<{ items: WatchedWordView[] }>(`/api/watched-words?q=${encodeURIComponent(tag)}&limit=100`);
    expect(list.data.items.map((w) => w.word)).toEqual([BLOCK, HOLD, REPLACE]);
    expect((await admin.delete('/api/watched-words/2147483000')).statusCode).toBe(404);
  });

  it('blocks titles and bodies with 400 WATCHED_WORD naming nothing of the list, across separators and full-width forms', async () => {
    for (const body of [`这段有${BLOCK}。`, `这段有${spaced(BLOCK, ' ')}`, `这段有${spaced(BLOCK, '*')}`, `这段有${spaced(BLOCK, '\u200B')}`]) {
      const res = await member.client.post(`/api/boards/${boardSlug}/topics`, { title: '标题', body }, { headers: { 'accept-language': 'zh-CN' } });
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'WATCHED_WORD', field: 'body' });
      expect(String(res.data.message)).not.toContain(BLOCK.slice(1, -1));
    }
    const title = await member.client.post(`/api/boards/${boardSlug}/topics`, { title: `标题${BLOCK}`, body: '正文' });
    expect(title.data).toMatchObject({ code: 'WATCHED_WORD', field: 'title' });
    const word = `spam${Date.now().toString(36)}`;
    const latin = await admin.post('/api/watched-words', { word, action: 'block' });
    expect(latin.statusCode).toBe(201);
    // Full-width capitals: Ｓ is U+FF33, 0xFEE0 above S.
    const fullWidth = Array.from(word.toUpperCase()).map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect((await member.client.post(`/api/boards/${boardSlug}/topics`, { title: '标题', body: `买 ${fullWidth} 吧` })).statusCode).toBe(400);
  });

  it('does not match a word whose characters are split by other characters (no false positive)', async () => {
    const chars = Array.from(BLOCK);
    const body = `${chars[0]}字${chars.slice(1).join('')}，和${chars.slice(0, -1).join('')}的事`;
    const res = await member.client.post<{ post: PostView }>(`/api/boards/${boardSlug}/topics`, { title: '不误伤', body });
    expect(res.statusCode).toBe(201);
    expect(res.data.post.body).toBe(body);
  });

  it('holds a post with a hold word (202, 待审核) and replaces a replace word where it was written', async () => {
    const held = await member.client.post<{ topic: TopicView; post: PostView }>(`/api/boards/${boardSlug}/topics`, { title: '标题', body: `请看 ${spaced(HOLD, '-')}` });
    expect(held.statusCode).toBe(202);
    expect(held.data.post.held).toBe(true);
    expect((await new Client(app).get(`/api/topics/${held.data.topic.id}`)).statusCode).toBe(404);
    const replaced = await member.client.post<{ post: PostView }>(`/api/boards/${boardSlug}/topics`, { title: '标题', body: `别说${spaced(REPLACE, ' ')}了` });
    expect(replaced.statusCode).toBe(201);
    expect(replaced.data.post.body).toBe('别说**了');
    // An edit with a hold word is refused like a block: an edit does not go back to the queue.
    const edit = await member.client.patch(`/api/posts/${replaced.data.post.id}`, { body: `改成 ${HOLD}` });
    expect(edit.data).toMatchObject({ code: 'WATCHED_WORD', field: 'body' });
  });

  it('applies to display names and place names', async () => {
    const client = new Client(app);
    const res = await client.post('/api/auth/register', { username: uniqueUsername('w'), password: 'a-good-password-1', displayName: `我是${spaced(BLOCK, ' ')}` });
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'WATCHED_WORD', field: 'displayName' });
    const tree = await makeSubtree(app, admin);
    const place = await admin.post('/api/places', { name: `${BLOCK}村`, kind: 'village', unitId: tree.countyA.id });
    expect(place.data).toMatchObject({ code: 'WATCHED_WORD', field: 'name' });
  });

  it('exports and imports CSV, and a deleted word stops matching at once (the matcher is rebuilt)', async () => {
    const csv = await admin.get('/api/watched-words.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFF"word","action","replacement"')).toBe(true);
    expect(csv.body).toContain(`"${REPLACE}","replace","**"`);
    const extra = `导${tag}入`;
    const imported = await admin.post<{ added: number; updated: number; skipped: { line: number }[] }>('/api/watched-words/import', {
      csv: `word,action,replacement\n${extra},block,\n${HOLD},block,\nbad-line,destroy,\n`,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.data).toMatchObject({ added: 1, updated: 1 });
    expect(imported.data.skipped.map((s) => s.line)).toEqual([4]);
    expect((await member.client.post(`/api/boards/${boardSlug}/topics`, { title: '标题', body: extra })).statusCode).toBe(400);
    const list = await admin.get<{ items: WatchedWordView[] }>(`/api/watched-words?q=${encodeURIComponent(extra)}`);
    const id = list.data.items[0]?.id;
    expect((await admin.delete(`/api/watched-words/${id}`)).statusCode).toBe(204);
    expect((await member.client.post(`/api/boards/${boardSlug}/topics`, { title: '标题', body: extra })).statusCode).toBe(201);
    expect((await admin.post('/api/watched-words/import', { csv: '' })).statusCode).toBe(400);
  });
});
