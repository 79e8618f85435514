import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/server-process';

describe('first start', () => {
  it('creates the embedded database, says so, and prints a random first-admin password that works', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gr-first-'));
    const server = await startServerProcess({ DATA_DIR: dataDir, ADMIN_USERNAME: 'chief' }, 120_000);
    try {
      const log = server.logs.join('\n');
      expect(log).toContain('Creating the embedded database');
      const match = /first admin \\?"chief\\?" with the password: ([A-Za-z0-9_-]+)/.exec(log);
      expect(match).not.toBeNull();
      const health = await fetch(`${server.url}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'chief', password: match?.[1] }),
      });
      expect(login.status).toBe(200);
      expect((await login.json()).user.roles).toContain('admin');
      // One line per request, and no secrets in it.
      const requestLines = () => server.logs.filter((l) => l.includes('"msg":"request"'));
      await expect.poll(() => requestLines().length).toBeGreaterThanOrEqual(2);
      expect(requestLines().join('\n')).not.toContain(match?.[1] ?? 'unreachable');
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe.runIf(process.env.DATABASE_URL)('two processes on one PostgreSQL server', () => {
  it('both come up when started at the same moment on a fresh database (migration under an advisory lock)', async () => {
    const base = new URL(process.env.DATABASE_URL ?? '');
    const name = `gr_race_${process.pid}_${Date.now()}`;
    const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.toString(), ADMIN_PASSWORD: 'race-admin-password', DATA_DIR: os.tmpdir() };
    const servers = await Promise.allSettled([startServerProcess(env), startServerProcess(env)]);
    try {
      for (const s of servers) expect(s.status, s.status === 'rejected' ? String(s.reason) : '').toBe('fulfilled');
      for (const s of servers) {
        if (s.status !== 'fulfilled') continue;
        const res = await fetch(`${s.value.url}/api/health`);
        expect(await res.json()).toEqual({ status: 'ok', database: 'postgres' });
      }
      const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const [admins] = await check`select count(*)::int as n from users where 'admin' = any(roles)`;
      const [cities] = await check`select count(*)::int as n from units where level = 'city'`;
      await check.end();
      expect(admins?.n).toBe(1);
      expect(cities?.n).toBe(1);
    } finally {
      await Promise.all(servers.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 120_000);
});
