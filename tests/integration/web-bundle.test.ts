import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWebBundle, type WebBundle } from '../helpers/web-bundle';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Issue 14's target for the first JavaScript a browser loads (entry and static imports), gzip. */
const FIRST_JS_BUDGET = 80 * 1024;

/** The page areas, each imported by web/routes.ts when one of its routes is first entered. */
const AREAS = ['forum', 'campaign', 'moderation', 'featured', 'columns', 'awards', 'admin', 'account'].map(
  (area) => `web/components/${area}/${area}-pages.ts`,
);

/** Each language's messages, imported by web/i18n when that language is needed. */
const CATALOGUES = ['web/i18n/zh-CN.ts', 'web/i18n/en.ts'];

describe('the web bundle (dist/web, as npm start builds it)', () => {
  let bundle: WebBundle;
  let firstJs: string[];

  beforeAll(() => {
    // Builds when the sources are newer than the last build, as npm start does.
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/tools/build.ts'], { cwd: ROOT, stdio: 'ignore' });
    bundle = readWebBundle(ROOT);
    firstJs = bundle.staticClosure(bundle.entryKey);
  }, 300_000);

  it('loads from index.html exactly the entry chunk and its static imports, as modulepreload links', () => {
    expect(bundle.entryKey).toBe('web/index.html');
    expect([...bundle.indexFiles].sort()).toEqual([...firstJs].sort());
  });

  it('keeps the first JavaScript (the entry and its static imports) within 80 KB gzip', () => {
    const total = firstJs.reduce((sum, file) => sum + bundle.gzipBytes(file), 0);
    expect(total).toBeGreaterThan(0);
    expect(total, `${(total / 1024).toFixed(1)} KB gzip in ${firstJs.join(', ')}`).toBeLessThanOrEqual(FIRST_JS_BUDGET);
  });

  it('makes each page area and each language\'s messages a chunk the first JavaScript imports dynamically', () => {
    const chunks = Object.values(bundle.manifest).filter((chunk) => firstJs.includes(chunk.file));
    const imported = chunks.flatMap((chunk) => chunk.dynamicImports ?? []);
    for (const source of [...AREAS, ...CATALOGUES]) {
      expect(bundle.manifest[source]?.isDynamicEntry, source).toBe(true);
      expect(imported, source).toContain(source);
    }
  });

  it('leaves the pages, both languages\' messages and ECharts out of the first JavaScript, and the shell in it', () => {
    const modules = firstJs.flatMap((file) => bundle.modulesOf(file));
    for (const shell of ['web/main.ts', 'web/router.ts', 'web/routes.ts', 'web/i18n/index.ts', 'web/api/client.ts', 'web/realtime/socket.ts', 'web/components/shell/gr-app.ts']) {
      expect(modules, shell).toContain(shell);
    }
    const misplaced = modules.filter(
      (m) => /\/gr-[a-z-]+-page\.ts$/.test(m) || /-pages\.ts$/.test(m) || /^web\/i18n\/([a-z]+\.)?(zh-CN|en)\.ts$/.test(m) || m.includes('node_modules/echarts/'),
    );
    expect(misplaced).toEqual([]);
  });

  it('gives a language\'s messages to its own chunk only: the other language is in neither the first JavaScript nor its chunk', () => {
    const zh = bundle.staticClosure('web/i18n/zh-CN.ts').flatMap((file) => bundle.modulesOf(file));
    const en = bundle.staticClosure('web/i18n/en.ts').flatMap((file) => bundle.modulesOf(file));
    expect(zh).toContain('web/i18n/moderation.zh-CN.ts');
    expect(zh.filter((m) => m.endsWith('.en.ts') || m === 'web/i18n/en.ts')).toEqual([]);
    expect(en).toContain('web/i18n/moderation.en.ts');
    expect(en.filter((m) => m.endsWith('.zh-CN.ts') || m === 'web/i18n/zh-CN.ts')).toEqual([]);
  });
});
