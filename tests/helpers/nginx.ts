import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Debian's nginx lives. */
export const NGINX_PATH = '/usr/sbin/nginx';
const ROOT = path.resolve(import.meta.dirname, '../..');

/** A free TCP port on 127.0.0.1 (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * deploy/nginx.conf with its example processes replaced by `upstreams` (host:port each, in
 * both upstream blocks) and its listen line by 127.0.0.1:`port`: the committed file, run as is.
 */
export function siteConfig(port: number, upstreams: string[]): string {
  const committed = readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
  const servers = upstreams.map((u) => `    server ${u};`).join('\n');
  const replaced = committed
    .replace(/(?:    server 127\.0\.0\.1:300\d;\n)+/g, `${servers}\n`)
    .replace(/^    listen 80;$/m, `    listen 127.0.0.1:${port};`);
  if (replaced === committed || !replaced.includes(`listen 127.0.0.1:${port};`) || replaced.includes('300' + '1;')) {
    throw new Error('deploy/nginx.conf no longer has the example upstream servers and listen line this helper replaces');
  }
  return replaced;
}

/** A running nginx of the test's own: its prefix, pid, logs and temp files under a temp dir. */
export interface NginxProcess {
  url: string;
  dir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground on 127.0.0.1:`port` with the site config; resolves once it answers. */
export async function startNginx(port: number, upstreams: string[]): Promise<NginxProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gr-nginx-'));
  // nginx's workers may run as another user (nobody): they need to reach their temp paths.
  chmodSync(dir, 0o755);
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(path.join(dir, sub));
    chmodSync(path.join(dir, sub), 0o777);
  }
  writeFileSync(path.join(dir, 'grassroots.conf'), siteConfig(port, upstreams));
  writeFileSync(path.join(dir, 'nginx.conf'), [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'worker_processes 1;',
    'events { worker_connections 512; }',
    'http {',
    `  access_log ${dir}/access.log;`,
    `  client_body_temp_path ${dir}/client_body;`,
    `  proxy_temp_path ${dir}/proxy;`,
    `  fastcgi_temp_path ${dir}/fastcgi;`,
    `  uwsgi_temp_path ${dir}/uwsgi;`,
    `  scgi_temp_path ${dir}/scgi;`,
    `  include ${dir}/grassroots.conf;`,
    '}',
    '',
  ].join('\n'));
  const child = spawn(NGINX_PATH, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) break;
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return { url, dir, child, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  const log = existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
  throw new Error(`nginx did not start:\n${output.join('')}\n${log}`);
}
