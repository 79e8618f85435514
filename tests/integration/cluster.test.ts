import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/nginx';
import { connectSocket } from '../helpers/sockets';

/** `npm run start:cluster` (server/cluster.ts), started as its own process tree. */
const ROOT = path.resolve(import.meta.dirname, '../..');
const databaseUrl = process.env.DATABASE_URL ?? '';

function startCluster(env: Record<string, string>): { child: ChildProcess; output: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cluster.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  return { child, output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

describe('npm run start:cluster', () => {
  it('refuses to start on the embedded database, saying it needs DATABASE_URL', async () => {
    const { child, output } = startCluster({ DATA_DIR: path.join(ROOT, 'data-never-created') });
    expect(await exited(child)).toBe(1);
    expect(output.join('')).toMatch(/start:cluster needs DATABASE_URL/);
  });
});

if (!databaseUrl) console.warn('\n[cluster] the two-worker cluster test runs with DATABASE_URL; skipped on the embedded database.\n');

describe.skipIf(!databaseUrl)('npm run start:cluster with two workers', () => {
  let cluster: { child: ChildProcess; output: string[] };
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    cluster = startCluster({ DATABASE_URL: databaseUrl, PORT: String(port), WORKERS: '2', ADMIN_PASSWORD: 'test-admin-password' });
    const deadline = Date.now() + 120_000;
    // Both workers log that they listen (node:cluster shares the one port between them).
    while ((cluster.output.join('').match(/Server listening at/g) ?? []).length < 2) {
      if (cluster.child.exitCode !== null || Date.now() > deadline) throw new Error(`cluster did not start:\n${cluster.output.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 180_000);
  afterAll(async () => {
    if (cluster && cluster.child.exitCode === null) {
      cluster.child.kill('SIGTERM');
      await exited(cluster.child);
    }
  });

  it('says at start how many workers run and that realtime is websocket only', () => {
    expect(cluster.output.join('')).toMatch(/starting 2 workers on .*websocket only/);
  });

  it('answers the API from its workers on one port', async () => {
    for (let i = 0; i < 4; i += 1) {
      const res = await fetch(`${url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', database: 'postgres' });
    }
  });

  it('accepts realtime over websocket and refuses the polling transport (which needs sticky sessions)', async () => {
    const socket = await connectSocket(url);
    try {
      expect((await socket.subscribe('board:qunzhong')).ok).toBe(true);
    } finally {
      socket.close();
    }
    const polling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(400);
  });

  it('closes its workers and exits on SIGTERM', async () => {
    cluster.child.kill('SIGTERM');
    expect(await exited(cluster.child)).toBe(0);
  });
});
