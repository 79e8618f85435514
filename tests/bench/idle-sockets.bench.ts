import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { IdleSocketsFigures } from './report';

/**
 * Idle sockets: a client process (tests/bench/idle-clients.ts) opens `sockets` websocket
 * connections to a running server, each subscribed to `room`, and leaves them idle; the server's
 * resident memory is read (a median of samples after it settles) before any socket, at half and
 * at all of them. Memory per socket is the slope from half to all (the server's start-up garbage
 * does not count); the total is the server's whole RSS with every socket open.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

async function settledRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    await new Promise((r) => setTimeout(r, 400));
    samples.push(rssOf(pid));
  }
  samples.sort((a, b) => a - b);
  return samples[3] ?? 0;
}

/** Opens `sockets` idle sockets against the server at `url` (its process `serverPid`) and answers its memory figures. */
export async function runIdleSocketsBench(options: { url: string; serverPid: number; sockets: number; room: string }): Promise<IdleSocketsFigures> {
  const client = spawn(process.execPath, [TSX, 'tests/bench/idle-clients.ts', options.url, options.room], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: client.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => client.once('exit', (code) => reject(new Error(`idle clients exited with ${code}`))));
  exited.catch(() => {});
  const open = async (total: number): Promise<void> => {
    client.stdin!.write(`open ${total}\n`);
    const next = await Promise.race([replies.next(), exited]);
    const line = next.done ? '' : String(next.value);
    if (line !== `open ${total}`) throw new Error(`idle clients: ${line || 'no answer'}`);
  };
  try {
    const half = Math.floor(options.sockets / 2);
    const rssBeforeBytes = await settledRss(options.serverPid);
    const started = performance.now();
    await open(half);
    const halfAt = performance.now();
    const rssHalfBytes = await settledRss(options.serverPid);
    const resumed = performance.now();
    await open(options.sockets);
    const connectSeconds = (halfAt - started + performance.now() - resumed) / 1000;
    const rssAllBytes = await settledRss(options.serverPid);
    return {
      sockets: options.sockets,
      rssBeforeBytes,
      rssHalfBytes,
      rssAllBytes,
      bytesPerSocket: Math.max(0, (rssAllBytes - rssHalfBytes) / Math.max(1, options.sockets - half)),
      connectSeconds,
    };
  } finally {
    if (client.exitCode === null) {
      const gone = new Promise<void>((resolve) => client.once('exit', () => resolve()));
      client.stdin!.write('close\n');
      const timer = setTimeout(() => client.kill('SIGTERM'), 15_000);
      await gone;
      clearTimeout(timer);
    }
  }
}
