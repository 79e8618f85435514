import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX_PATH, freePort, startNginx, type NginxProcess } from '../helpers/nginx';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { connectSocket, type TestSocket } from '../helpers/sockets';
import { uniqueUsername } from '../factories/user.factory';

/**
 * deploy/nginx.conf, run: nginx in front of two app processes on the PostgreSQL server. It
 * needs Debian's nginx (CI installs it; a missing nginx fails under CI=true) and DATABASE_URL
 * (two processes cannot share the embedded database; CI runs this in its PostgreSQL pass).
 */
const databaseUrl = process.env.DATABASE_URL ?? '';
const hasNginx = existsSync(NGINX_PATH);
if (!hasNginx) {
  const how = 'Install it with: apt-get install -y nginx';
  if (process.env.CI) throw new Error(`nginx is missing at ${NGINX_PATH}. ${how}`);
  console.warn(`\n[nginx] nginx not found at ${NGINX_PATH}: the nginx test is skipped. ${how}\n`);
} else if (!databaseUrl) {
  console.warn('\n[nginx] the nginx test runs with DATABASE_URL (two app processes share a PostgreSQL server); skipped on the embedded database.\n');
}

const ROOT = path.resolve(import.meta.dirname, '../..');
let nginx: NginxProcess;
let apps: ServerProcess[] = [];

describe.skipIf(!hasNginx || !databaseUrl)('deploy/nginx.conf in front of two app processes', () => {
  beforeAll(async () => {
    // The page needs the web bundle (built when stale, as npm start does).
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/tools/build.ts'], { cwd: ROOT, stdio: 'ignore' });
    const port = await freePort();
    const ports = [await freePort(), await freePort()];
    const env = (p: number) => ({
      DATABASE_URL: databaseUrl,
      PORT: String(p),
      TRUST_PROXY: 'true',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      REGISTRATION_RATE_LIMIT: '0',
      POST_RATE_LIMIT: '0',
      ADMIN_PASSWORD: 'test-admin-password',
    });
    apps = await Promise.all(ports.map((p) => startServerProcess(env(p))));
    nginx = await startNginx(port, ports.map((p) => `127.0.0.1:${p}`));
  }, 300_000);
  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(apps.map((a) => a.stop()));
  });

  it('serves a page of the web app and an API answer through nginx', async () => {
    const page = await fetch(`${nginx.url}/t/1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<gr-app');
    const boards = await fetch(`${nginx.url}/api/boards`);
    expect(boards.status).toBe(200);
    const body = (await boards.json()) as { items: { slug: string }[] };
    expect(body.items.map((b) => b.slug)).toContain('qunzhong');
  });

  it('signs in with a cookie through nginx, and the session holds on both processes', async () => {
    const username = uniqueUsername('ng');
    const registered = await fetch(`${nginx.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'a-good-password-1', displayName: '代理用户' }),
    });
    expect(registered.status).toBe(201);
    const login = await fetch(`${nginx.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'a-good-password-1' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^gr_session=./);
    // Through nginx (least_conn spreads these) and straight to each process: one session.
    for (const base of [nginx.url, nginx.url, nginx.url, ...apps.map((a) => a.url)]) {
      const me = await fetch(`${base}/api/me`, { headers: { cookie } });
      expect(me.status, base).toBe(200);
      expect(((await me.json()) as { user: { username: string } }).user.username).toBe(username);
    }
  });

  it('carries a socket.io connection, and an event committed on either process reaches it', async () => {
    const username = uniqueUsername('ns');
    const json = { 'content-type': 'application/json' };
    await fetch(`${nginx.url}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ username, password: 'a-good-password-1', displayName: '实时' }) });
    const login = await fetch(`${nginx.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username, password: 'a-good-password-1' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const headers = { ...json, cookie, 'x-csrf-token': csrf };
    const created = await fetch(`${nginx.url}/api/boards/qunzhong/topics`, { method: 'POST', headers, body: JSON.stringify({ title: '经过代理', body: '实时事件' }) });
    expect(created.status).toBe(201);
    const topicId = ((await created.json()) as { topic: { id: number } }).topic.id;

    let socket: TestSocket | null = null;
    try {
      socket = await connectSocket(nginx.url, cookie, { headers: { origin: nginx.url } });
      expect((await socket.subscribe(`topic:${topicId}`)).ok).toBe(true);
      // One reply written on each process: whichever holds the socket, one event crosses.
      for (const [i, app] of apps.entries()) {
        const reply = await fetch(`${app.url}/api/topics/${topicId}/posts`, { method: 'POST', headers, body: JSON.stringify({ body: `第${i + 1}个进程的回复` }) });
        expect(reply.status).toBe(201);
      }
      const bodyIs = (text: string) => (payload: unknown) => (payload as { data: { body: string } }).data.body === text;
      await socket.waitFor('post:created', bodyIs('第1个进程的回复'), 10_000);
      await socket.waitFor('post:created', bodyIs('第2个进程的回复'), 10_000);
    } finally {
      socket?.close();
    }
  });

  it('keeps socket.io polling on one process (/socket.io/ is sticky), so the fallback transport works', async () => {
    const socket = await connectSocket(nginx.url, null, { headers: { origin: nginx.url }, transport: 'polling' });
    try {
      expect((await socket.subscribe('board:qunzhong')).ok).toBe(true);
    } finally {
      socket.close();
    }
  });
});
