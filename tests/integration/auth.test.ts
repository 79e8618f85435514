import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { createTestApp, openSharedDatabase } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { like, sql } from 'drizzle-orm';
import { registerUser, uniqueAddress, uniqueUsername } from '../factories/user.factory';
import { TEST_ADMIN } from '../setup/test-config';
import { loginFailures } from '../../server/db/schema';

let app: FastifyInstance;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const ip = uniqueAddress;

describe('POST /api/auth/register', () => {
  it('creates a member, signs them in with an HttpOnly SameSite=Lax cookie and returns a CSRF token', async () => {
    const client = new Client(app);
    const username = uniqueUsername('reg');
    const res = await client.post<{ user: Record<string, unknown>; csrfToken: string }>(
      '/api/auth/register',
      { username, password: 'correct-horse-9', displayName: '张三' },
      { remoteAddress: ip() },
    );
    expect(res.statusCode).toBe(201);
    expect(res.data.user).toMatchObject({ username, displayName: '张三', roles: ['member'], unitId: null });
    expect(typeof res.data.user.id).toBe('number');
    expect(new Date(String(res.data.user.createdAt)).toISOString()).toBe(res.data.user.createdAt);
    expect(res.data.user).not.toHaveProperty('passwordHash');
    expect(res.data.csrfToken.length).toBeGreaterThan(16);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/gr_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await client.get<{ user: { username: string } }>('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.data.user.username).toBe(username);
  });

  it('accepts a unit and stores it', async () => {
    const units = await new Client(app).get<{ items: { id: number; level: string }[] }>('/api/units');
    const county = units.data.items.find((u) => u.level === 'county');
    const { user } = await registerUser(app, { unitId: county?.id ?? null });
    expect(user.unitId).toBe(county?.id);
  });

  it('refuses a username taken in another letter case with 409 USERNAME_TAKEN', async () => {
    const username = uniqueUsername('Case');
    await registerUser(app, { username });
    const res = await new Client(app).post('/api/auth/register', {
      username: username.toUpperCase(), password: 'another-password', displayName: 'x',
    }, { remoteAddress: ip() });
    expect(res.statusCode).toBe(409);
    expect(res.data).toMatchObject({ statusCode: 409, code: 'USERNAME_TAKEN', error: 'Conflict', field: 'username' });
  });

  it.each([
    [{ username: 'ab', password: 'long-enough-1', displayName: 'x' }, 'username'],
    [{ username: 'has space', password: 'long-enough-1', displayName: 'x' }, 'username'],
    [{ username: 'x'.repeat(33), password: 'long-enough-1', displayName: 'x' }, 'username'],
    [{ username: '中文名字', password: 'long-enough-1', displayName: 'x' }, 'username'],
    [{ username: 'okname1', password: 'short', displayName: 'x' }, 'password'],
    [{ username: 'okname2', password: 'long-enough-1' }, 'displayName'],
    [{ username: 'okname3', password: 'long-enough-1', displayName: '   ' }, 'displayName'],
    [{ username: 'okname4', password: 'long-enough-1', displayName: 'x', unitId: 99999999 }, 'unitId'],
    [{ username: 'okname5', password: 'long-enough-1', displayName: 'x', unitId: 'abc' }, 'unitId'],
    [{ username: 12345, password: 'long-enough-1', displayName: 'x' }, 'username'],
  ])('answers 400 VALIDATION naming the field for %j', async (body, field) => {
    const res = await new Client(app).post('/api/auth/register', body, { remoteAddress: ip() });
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ statusCode: 400, code: 'VALIDATION', error: 'Bad Request', field });
    expect(typeof res.data.message).toBe('string');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers validation messages in Chinese when the client prefers Chinese', async () => {
    const res = await new Client(app).post('/api/auth/register',
      { username: 'okname6', password: 'short', displayName: 'x' },
      { remoteAddress: ip(), headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(res.statusCode).toBe(400);
    expect(res.data.message).toBe('密码至少需要 10 个字符。');
  });

  it('limits registrations per address per hour with 429 RATE_LIMITED', async () => {
    const limited = await createTestApp({ REGISTRATION_RATE_LIMIT: '2' });
    try {
      const address = ip();
      const attempt = () => new Client(limited).post('/api/auth/register',
        { username: uniqueUsername('rl'), password: 'long-enough-1', displayName: 'x' }, { remoteAddress: address });
      expect((await attempt()).statusCode).toBe(201);
      expect((await attempt()).statusCode).toBe(201);
      const third = await attempt();
      expect(third.statusCode).toBe(429);
      expect(third.data).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests' });
      const elsewhere = await new Client(limited).post('/api/auth/register',
        { username: uniqueUsername('rl'), password: 'long-enough-1', displayName: 'x' }, { remoteAddress: ip() });
      expect(elsewhere.statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the right password, in any letter case of the username', async () => {
    const { user, password } = await registerUser(app);
    const client = new Client(app);
    const res = await client.post<{ user: { id: number }; csrfToken: string }>('/api/auth/login',
      { username: user.username.toUpperCase(), password }, { remoteAddress: ip() });
    expect(res.statusCode).toBe(200);
    expect(res.data.user.id).toBe(user.id);
    expect(res.data.csrfToken).toBeTruthy();
    expect((await client.get('/api/me')).statusCode).toBe(200);
  });

  it('answers 401 BAD_CREDENTIALS for a wrong password or an unknown user, alike', async () => {
    const { user } = await registerUser(app);
    const wrong = await new Client(app).post('/api/auth/login', { username: user.username, password: 'wrong-password' }, { remoteAddress: ip() });
    const unknown = await new Client(app).post('/api/auth/login', { username: uniqueUsername('nobody'), password: 'wrong-password' }, { remoteAddress: ip() });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.data).toMatchObject({ code: 'BAD_CREDENTIALS', error: 'Unauthorized' });
    }
    expect(wrong.data.message).toBe(unknown.data.message);
  });

  it('answers 400 for a missing password and for malformed JSON', async () => {
    const missing = await new Client(app).post('/api/auth/login', { username: 'someone' }, { remoteAddress: ip() });
    expect(missing.statusCode).toBe(400);
    expect(missing.data).toMatchObject({ code: 'VALIDATION', field: 'password' });
    const malformed = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
    // An empty body labelled JSON (a bodiless PUT from a generic client) says so plainly.
    const empty = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'MALFORMED_JSON', message: expect.stringContaining('empty') as string });
  });

  it('makes an address that keeps failing against one account wait, with 429 and Retry-After, while the right password from elsewhere signs in', async () => {
    const victim = await registerUser(app);
    const attacker = ip();
    for (let i = 0; i < 5; i += 1) {
      const res = await new Client(app).post('/api/auth/login', { username: victim.user.username, password: 'wrong-password' }, { remoteAddress: attacker });
      expect(res.statusCode).toBe(401);
    }
    const waiting = await new Client(app).post('/api/auth/login', { username: victim.user.username, password: victim.password }, { remoteAddress: attacker });
    expect(waiting.statusCode).toBe(429);
    expect(waiting.data).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests' });
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
    expect(waiting.data.message).toContain(`${String(waiting.headers['retry-after'])} seconds`);
    const owner = await new Client(app).post('/api/auth/login', { username: victim.user.username, password: victim.password }, { remoteAddress: ip() });
    expect(owner.statusCode).toBe(200);
  });

  it('does not let a flood against admin from one address stop the real admin from another', async () => {
    const attacker = ip();
    const answers: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const res = await new Client(app).post('/api/auth/login', { username: TEST_ADMIN.username, password: `guess-${i}` }, { remoteAddress: attacker });
      answers.push(res.statusCode);
    }
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(answers.slice(5))).toEqual(new Set([429]));
    // The flood still waits with the right password: the address, not the account, is held.
    const fromAttacker = await new Client(app).post('/api/auth/login', TEST_ADMIN, { remoteAddress: attacker });
    expect(fromAttacker.statusCode).toBe(429);
    const realAdmin = await new Client(app).post('/api/auth/login', { ...TEST_ADMIN, username: TEST_ADMIN.username.toUpperCase() }, { remoteAddress: ip() });
    expect(realAdmin.statusCode).toBe(200);
  });

  it('doubles the wait with each failure after it, up to the failure window', async () => {
    const victim = await registerUser(app);
    const attacker = ip();
    const fail = () => new Client(app).post('/api/auth/login', { username: victim.user.username, password: 'wrong-password' }, { remoteAddress: attacker });
    for (let i = 0; i < 5; i += 1) await fail();
    const waits: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const waiting = await fail();
      expect(waiting.statusCode).toBe(429);
      waits.push(Number(waiting.headers['retry-after']));
      // The wait passes (the clock of the counter is moved back), and the next guess fails again.
      await moveFailuresBack(app, attacker, waits[i] ?? 0);
      expect((await fail()).statusCode).toBe(401);
    }
    // Each wait counts from the failure before it, whose password check comes after the count:
    // on a loaded machine a second or two of that check has already passed by the next guess.
    const doubling = [30, 60, 120, 240, 480, 900, 900];
    waits.forEach((wait, i) => {
      expect(wait).toBeLessThanOrEqual(doubling[i] ?? 0);
      expect(wait).toBeGreaterThan((doubling[i] ?? 0) - 10);
    });
    // A window after the last wait ended, the failures are forgotten: five free tries again.
    await moveFailuresBack(app, attacker, 900 + 900);
    for (let i = 0; i < 5; i += 1) expect((await fail()).statusCode).toBe(401);
    expect((await fail()).statusCode).toBe(429);
  });

  it('makes an address that fails against many accounts wait, not other addresses, and not password changes there', async () => {
    const limited = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '3' });
    try {
      const member = await registerUser(limited);
      const office = ip();
      for (let i = 0; i < 3; i += 1) {
        const res = await new Client(limited).post('/api/auth/login', { username: uniqueUsername('guess'), password: 'wrong-password' }, { remoteAddress: office });
        expect(res.statusCode).toBe(401);
      }
      const blocked = await new Client(limited).post('/api/auth/login', { username: member.user.username, password: member.password }, { remoteAddress: office });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      const fromElsewhere = await new Client(limited).post('/api/auth/login', { username: member.user.username, password: member.password }, { remoteAddress: ip() });
      expect(fromElsewhere.statusCode).toBe(200);
      // A member already signed in at the office can still change their password there.
      const changed = await member.client.post('/api/me/password', { currentPassword: member.password, newPassword: 'a-brand-new-password' }, { remoteAddress: office });
      expect(changed.statusCode).toBe(204);
    } finally {
      await limited.close();
    }
  });

  it('keys the counters like the lookup: tİny (Turkish dotted İ) neither signs in as tiny nor escapes its count', async () => {
    const username = uniqueUsername('tiny');
    const { password } = await registerUser(app, { username });
    const dotted = username.replace('i', '\u0130');
    expect(dotted).not.toBe(username);
    const attacker = ip();
    const asDotted = await new Client(app).post('/api/auth/login', { username: dotted, password }, { remoteAddress: attacker });
    expect(asDotted.statusCode).toBe(401);
    for (let i = 0; i < 5; i += 1) {
      await new Client(app).post('/api/auth/login', { username: username.toUpperCase(), password: 'wrong-password' }, { remoteAddress: attacker });
    }
    // Every letter case of the name is one counter: the sixth try waits, with the right password too.
    expect((await new Client(app).post('/api/auth/login', { username, password }, { remoteAddress: attacker })).statusCode).toBe(429);
    expect((await new Client(app).post('/api/auth/login', { username: dotted, password }, { remoteAddress: attacker })).statusCode).not.toBe(200);
  });
});

/** Moves the failure counters of an address back by `seconds`, as if that much time had passed. */
async function moveFailuresBack(target: FastifyInstance, address: string, seconds: number): Promise<void> {
  await target.db.update(loginFailures)
    .set({ lastFailedAt: sql`${loginFailures.lastFailedAt} - make_interval(secs => ${seconds + 1})` })
    .where(like(loginFailures.key, `%${address}%`));
}

describe('POST /api/auth/logout', () => {
  it('ends the session in the database: the old cookie no longer works', async () => {
    const { client } = await registerUser(app);
    const oldCookie = client.cookie;
    const res = await client.post('/api/auth/logout');
    expect(res.statusCode).toBe(204);
    const replay = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: oldCookie ?? '' } });
    expect(replay.statusCode).toBe(401);
  });

  it('needs the CSRF header (403 CSRF) and a session (401)', async () => {
    const { client } = await registerUser(app);
    const noCsrf = await client.post('/api/auth/logout', {}, { noCsrf: true });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.data).toMatchObject({ code: 'CSRF', statusCode: 403, error: 'Forbidden' });
    const wrongCsrf = await client.post('/api/auth/logout', {}, { headers: { 'x-csrf-token': 'forged' }, noCsrf: true });
    expect(wrongCsrf.statusCode).toBe(403);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    const anonymous = await new Client(app).post('/api/auth/logout');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.data).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('GET /api/me', () => {
  it('answers 401 UNAUTHENTICATED without a session or with a forged cookie', async () => {
    expect((await new Client(app).get('/api/me')).statusCode).toBe(401);
    const forged = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'gr_session=forged-value' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('keeps a session across a restart of the app (sessions live in the database)', async () => {
    const shared = await openSharedDatabase();
    const first = await buildApp(shared.config, { logger: false, pglite: shared.pglite });
    const { client } = await registerUser(first);
    await first.close();
    const second = await buildApp(shared.config, { logger: false, pglite: shared.pglite });
    try {
      const res = await second.inject({ method: 'GET', url: '/api/me', headers: { cookie: client.cookie ?? '' } });
      expect(res.statusCode).toBe(200);
    } finally {
      await second.close();
      await shared.close();
    }
  });
});

describe('POST /api/me/password', () => {
  it('changes the password, keeps this session and ends the others', async () => {
    const { user, client, password } = await registerUser(app);
    const otherDevice = new Client(app);
    expect((await otherDevice.post('/api/auth/login', { username: user.username, password }, { remoteAddress: ip() })).statusCode).toBe(200);
    const res = await client.post('/api/me/password', { currentPassword: password, newPassword: 'a-brand-new-password' });
    expect(res.statusCode).toBe(204);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    expect((await otherDevice.get('/api/me')).statusCode).toBe(401);
    const oldPassword = await new Client(app).post('/api/auth/login', { username: user.username, password }, { remoteAddress: ip() });
    expect(oldPassword.statusCode).toBe(401);
    const newPassword = await new Client(app).post('/api/auth/login', { username: user.username, password: 'a-brand-new-password' }, { remoteAddress: ip() });
    expect(newPassword.statusCode).toBe(200);
  });

  it('revokes every personal API token of the user with the sessions, and no one else\'s', async () => {
    const { user, client, password } = await registerUser(app);
    const other = await registerUser(app);
    const mine = await client.post<{ secret: string }>('/api/tokens', { name: '被盗的令牌' });
    const theirs = await other.client.post<{ secret: string }>('/api/tokens', { name: '别人的令牌' });
    const script = new Client(app);
    script.bearer = mine.data.secret;
    expect((await script.get('/api/me')).statusCode).toBe(200);
    const res = await client.post('/api/me/password', { currentPassword: password, newPassword: 'a-brand-new-password' });
    expect(res.statusCode).toBe(204);
    const after = await script.get('/api/me');
    expect(after.statusCode).toBe(401);
    expect(after.data).toMatchObject({ code: 'BAD_TOKEN' });
    expect((await client.get<{ items: unknown[] }>('/api/tokens')).data.items).toEqual([]);
    const bystander = new Client(app);
    bystander.bearer = theirs.data.secret;
    expect((await bystander.get<{ user: { id: number } }>('/api/me')).data.user.id).toBe(other.user.id);
    expect(user.id).not.toBe(other.user.id);
  });

  it('changed with a personal API token, revokes that token too and ends every session', async () => {
    const { user, client, password } = await registerUser(app);
    const token = await client.post<{ secret: string }>('/api/tokens', { name: '脚本' });
    const script = new Client(app);
    script.bearer = token.data.secret;
    const res = await script.post('/api/me/password', { currentPassword: password, newPassword: 'a-brand-new-password' });
    expect(res.statusCode).toBe(204);
    expect((await script.get('/api/me')).statusCode).toBe(401);
    expect((await client.get('/api/me')).statusCode).toBe(401);
    const signIn = await new Client(app).post('/api/auth/login', { username: user.username, password: 'a-brand-new-password' }, { remoteAddress: ip() });
    expect(signIn.statusCode).toBe(200);
  });

  it('refuses a wrong current password (400 on currentPassword) and keeps the old one', async () => {
    const { user, client, password } = await registerUser(app);
    const res = await client.post('/api/me/password', { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' });
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field: 'currentPassword' });
    const login = await new Client(app).post('/api/auth/login', { username: user.username, password }, { remoteAddress: ip() });
    expect(login.statusCode).toBe(200);
  });

  it.each([
    [{ currentPassword: 'whatever-1', newPassword: 'short' }, 'newPassword'],
    [{ newPassword: 'a-brand-new-password' }, 'currentPassword'],
    [{ currentPassword: 'whatever-1' }, 'newPassword'],
    [{ currentPassword: 123, newPassword: 'a-brand-new-password' }, 'currentPassword'],
  ])('answers %j with 400 naming %s', async (body, field) => {
    const { client } = await registerUser(app);
    const res = await client.post('/api/me/password', body);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('needs a session (401) and the CSRF header (403)', async () => {
    const anonymous = await new Client(app).post('/api/me/password', { currentPassword: 'x', newPassword: 'a-brand-new-password' });
    expect(anonymous.statusCode).toBe(401);
    const { client, password } = await registerUser(app);
    const noCsrf = await client.post('/api/me/password', { currentPassword: password, newPassword: 'a-brand-new-password' }, { noCsrf: true });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.data).toMatchObject({ code: 'CSRF' });
  });
});

describe('the auth hook', () => {
  it('authenticates a request whose path spells /api with escapes (/%61pi/...) like any other', async () => {
    const { user, client } = await registerUser(app);
    const me = await app.inject({ method: 'GET', url: '/%61pi/me', headers: { cookie: client.cookie ?? '' } });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { id: number } }>().user.id).toBe(user.id);
    // Changes by cookie still need the CSRF header on such a path.
    const logout = await app.inject({ method: 'POST', url: '/%61pi/auth/logout', headers: { cookie: client.cookie ?? '' } });
    expect(logout.statusCode).toBe(403);
    expect(logout.json()).toMatchObject({ code: 'CSRF' });
    expect((await client.get('/api/me')).statusCode).toBe(200);
  });

  it('answers an unknown escaped API path with the JSON 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/%61pi/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });
});
