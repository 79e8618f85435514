import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';

let app: FastifyInstance;
let webDir: string;

/** A built web app as Vite writes it, with the build manifest and two stray dotfiles beside it. */
beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'grassroots-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  mkdirSync(path.join(webDir, '.vite'));
  mkdirSync(path.join(webDir, '.git'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>基层</title><gr-app></gr-app>');
  writeFileSync(path.join(webDir, 'assets', 'main-abc123.js'), 'console.log(1);');
  writeFileSync(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(webDir, '.vite', 'manifest.json'), '{"web/main.ts":{"file":"assets/main-abc123.js"}}');
  writeFileSync(path.join(webDir, '.env'), 'SECRET=1');
  writeFileSync(path.join(webDir, '.git', 'config'), '[core]');
  app = await createTestApp({ WEB_DIR: webDir });
});
afterAll(async () => {
  await app?.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the web app (server/plugins/web.plugin.ts)', () => {
  it('serves hashed assets immutable, other files no-cache, and index.html for page paths', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/main-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    const page = await app.inject({ method: 'GET', url: '/t/12' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<gr-app>');
  });

  it('publishes nothing under a dot name: not the build manifest, .env or .git, however the path is spelled (404, never index.html)', async () => {
    for (const url of [
      '/.vite/manifest.json', '/.vite/', '/.vite', '/.env', '/.git/config', '/.git', '/%2evite/manifest.json', '/%2Eenv',
      '/assets/../.vite/manifest.json', '/assets/.hidden.js', '/.well-known/nothing',
    ]) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await app.inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.body, url).not.toContain('web/main.ts');
        expect(res.body, url).not.toContain('SECRET');
        expect(res.body, url).not.toContain('<gr-app>');
      }
    }
    const res = await app.inject({ method: 'GET', url: '/.vite/manifest.json' });
    expect(JSON.parse(res.body)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
