import { describe, expect, it } from 'vitest';
import {
  BenchArgsError, EMBEDDED_MAX_POSTS, otherWorkText, fixedRateTarget, fixedSizeRatioTarget, floorSummary, judge, markdown, median, parseBenchArgs, parseSizes, rateKept, sizeDatabase, sizeName, seedPlan, sizeRatioOrder, sizeRatioTable, sizeRatioTarget, unusedResultBase, workersTarget,
  type BenchReport, type SizeRatioPhase, type FixedRateRead, type GeneratorFloor, type LoadFigure, type ReadFigures, type SizeFigures, type Target,
} from '../bench/report';

const figure = (rps: number, p99: number, extra: Partial<LoadFigure> = {}): LoadFigure => ({ rps, p50: Math.round(p99 / 2), p99, total: rps * 8, ok: rps * 8, non2xx: 0, errors: 0, ...extra });
const read = (path: string, p99: number): ReadFigures => ({ path, app: figure(3_000, p99), sameBytes: figure(10_000, 5), sameSql: figure(4_000, 8), statements: 2, bytes: 13_000 });
const size = (posts: number, p99: { topic: number; boardTopics: number }): SizeFigures => ({
  name: sizeName(posts), size: posts, posts: posts + 20, topics: Math.round(posts / 20), database: `database gr_${sizeName(posts)}`, prepared: 'reused (it holds the seeded posts)',
  reads: { topic: read('/api/topics/7', p99.topic), boardTopics: read('/api/boards/qunzhong/topics', p99.boardTopics) },
  search: { chinese: figure(500, 40) },
});

function report(overrides: Partial<BenchReport> = {}): BenchReport {
  const sizes = overrides.sizes === undefined ? [size(10_000, { topic: 10, boardTopics: 8 }), size(1_000_000, { topic: 14, boardTopics: 9 })] : overrides.sizes;
  const largest = sizes?.[sizes.length - 1];
  return {
    date: '2026-12-02T01:00:00.000Z',
    commit: 'abc1234',
    machine: { cores: 2, memoryGiB: 23.5, node: 'v20.20.2', os: 'Linux 6.1', cpu: 'AMD EPYC' },
    versions: { node: 'v20.20.2', postgres: '15.14', pglite: '0.5.16' },
    loadAverage: { before: [0.31, 0.5, 0.72], after: [1.96, 1.2, 0.9] },
    database: { driver: 'postgres', posts: largest?.posts ?? 10_020, topics: largest?.topics ?? 500 },
    settings: { duration: 8, connections: 50, writers: 20 },
    reads: largest?.reads ?? { topic: read('/api/topics/7', 12) },
    posting: { ...figure(1_200, 40), writers: 20 },
    postingFixed: { ...figure(200, 30), rate: 200 },
    search: largest?.search ?? { chinese: figure(500, 40) },
    sizes,
    workers: null,
    firstJs: { files: ['/assets/index.js'], gzipBytes: 70 * 1024 },
    browser: { topicPosts: 101, readableMs: 400 },
    realtime: { subscribers: 1_000, posts: 30, p50: 20, p99: 60, max: 90, delivered: 30_000, expected: 30_000, baselineP50: 10, baselineP99: 30, text: 'realtime fan-out: 1000 subscribers in one room' },
    idleSockets: { sockets: 10_000, rssBeforeBytes: 120 * 2 ** 20, rssHalfBytes: 300 * 2 ** 20, rssAllBytes: 480 * 2 ** 20, bytesPerSocket: 36 * 1024, connectSeconds: 9.5 },
    watchedWords: { words: 10_000, length: 50_000, checkMs: 2.4, text: 'watched words: 10000 words, 50000-character post' },
    targets: [],
    ...overrides,
  };
}

const target = (targets: Target[], name: string): Target => {
  const found = targets.find((t) => t.target.startsWith(name));
  if (!found) throw new Error(`no target "${name}" in ${targets.map((t) => t.target).join('; ')}`);
  return found;
};

describe('parseBenchArgs', () => {
  it('answers the defaults for an empty command line', () => {
    expect(parseBenchArgs([], { embedded: false })).toEqual({
      duration: 8, connections: 50, writers: 20, rate: 200, workers: false, browser: true, realtime: true, subscribers: 1_000, idleSockets: 10_000, sizes: null, generator: 'auto',
      fixedRate: { reads: 1_000, searches: 140 }, sizeRatio: { rounds: 3, duration: 2 }, embeddedPosting: true,
    });
  });

  it('measures posting on an embedded database beside the PostgreSQL server unless --no-embedded-posting, and never on an embedded report', () => {
    expect(parseBenchArgs(['--no-embedded-posting'], { embedded: false }).embeddedPosting).toBe(false);
    expect(parseBenchArgs([], { embedded: true }).embeddedPosting).toBe(false);
  });

  it('sets the size-ratio phase\'s rounds (0 turns it off) and seconds per figure', () => {
    expect(parseBenchArgs(['--ratio-rounds', '5', '--ratio-duration', '3'], { embedded: false }).sizeRatio).toEqual({ rounds: 5, duration: 3 });
    expect(parseBenchArgs(['--ratio-rounds', '0'], { embedded: false }).sizeRatio.rounds).toBe(0);
    expect(() => parseBenchArgs(['--ratio-rounds', '50'], { embedded: false })).toThrow(/--ratio-rounds must be a whole number from 0 to 20/);
  });

  it('reads every option, counts with k, and the switches', () => {
    const args = parseBenchArgs(['--sizes', '1m,10k,100k', '--duration=2', '--connections', '20', '--writers', '5', '--rate', '150', '--subscribers', '1k', '--idle-sockets', '0', '--workers', '--no-browser', '--no-realtime', '--generator', 'wrk'], { embedded: false });
    expect(args).toEqual({ duration: 2, connections: 20, writers: 5, rate: 150, workers: true, browser: false, realtime: false, subscribers: 1_000, idleSockets: 0, sizes: [10_000, 100_000, 1_000_000], generator: 'wrk', fixedRate: { reads: 1_000, searches: 140 }, sizeRatio: { rounds: 3, duration: 2 }, embeddedPosting: true });
    expect(parseBenchArgs(['--generator', 'autocannon'], { embedded: true }).generator).toBe('autocannon');
  });

  it('reads the fixed rates of reads and searches, 0 for half the saturated rate alone, and --no-fixed-rate', () => {
    expect(parseBenchArgs(['--read-rate', '2k', '--search-rate', '0'], { embedded: false }).fixedRate).toEqual({ reads: 2_000, searches: 0 });
    expect(parseBenchArgs(['--no-fixed-rate'], { embedded: false }).fixedRate).toBeNull();
    expect(() => parseBenchArgs(['--read-rate', '30000'], { embedded: false })).toThrow(/--read-rate must be a whole number from 0 to 20,000/);
  });

  it('refuses an unknown option, a stray word and a value out of range, naming it, with the usage', () => {
    expect(() => parseBenchArgs(['--size', '10k'], { embedded: false })).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['10k'], { embedded: false })).toThrow(/usage: npm run bench/);
    expect(() => parseBenchArgs(['--duration', '0'], { embedded: false })).toThrow(/--duration must be a whole number from 1 to 60, got "0"/);
    expect(() => parseBenchArgs(['--duration', 'soon'], { embedded: false })).toThrow(/--duration/);
    expect(() => parseBenchArgs(['--idle-sockets', '20000'], { embedded: false })).toThrow(/--idle-sockets must be .* to 15,000/);
    expect(() => parseBenchArgs(['--connections', '1e400'], { embedded: false })).toThrow(/--connections/);
    expect(() => parseBenchArgs(['--generator', 'wrk2'], { embedded: false })).toThrow(/--generator must be auto, wrk or autocannon, got "wrk2"/);
  });

  it('caps the sizes on the embedded database and says to use the server instead', () => {
    expect(parseBenchArgs(['--sizes', '2500,100k'], { embedded: true }).sizes).toEqual([2_500, EMBEDDED_MAX_POSTS]);
    expect(() => parseBenchArgs(['--sizes', '10k,1m'], { embedded: true })).toThrow(/--sizes 1m: the embedded database is seeded up to 100k posts[\s\S]*DATABASE_URL/);
    expect(parseBenchArgs(['--sizes', '10k,1m'], { embedded: false }).sizes).toEqual([10_000, 1_000_000]);
  });
});

describe('parseSizes', () => {
  it('sorts the sizes, drops repeats and blanks', () => {
    expect(parseSizes('100k, 10k,,10000,2500')).toEqual([2_500, 10_000, 100_000]);
  });

  it('refuses a size that is not a count or is below 1,000 posts', () => {
    expect(() => parseSizes('')).toThrow(/at least one size/);
    expect(() => parseSizes('10k,lots')).toThrow(/"lots" is not a size/);
    expect(() => parseSizes('500')).toThrow(/"500" is not a size from 1k to 20m/);
    expect(() => parseSizes('-1k')).toThrow(BenchArgsError);
  });
});

describe('sizeName', () => {
  it('names round sizes in k and m, and others by their digits', () => {
    expect(sizeName(2_500)).toBe('2500');
    expect(sizeName(10_000)).toBe('10k');
    expect(sizeName(100_000)).toBe('100k');
    expect(sizeName(1_000_000)).toBe('1m');
    expect(sizeName(1_500_000)).toBe('1500k');
  });
});

describe('sizeDatabase', () => {
  it('names <db>_<size> on the same server, and its maintenance database', () => {
    const db = sizeDatabase('postgres://postgres:secret@127.0.0.1:5432/grassroots_bench', 1_000_000);
    expect(db.name).toBe('grassroots_bench_1m');
    expect(db.url).toBe('postgres://postgres:secret@127.0.0.1:5432/grassroots_bench_1m');
    expect(db.maintenanceUrl).toBe('postgres://postgres:secret@127.0.0.1:5432/postgres');
    expect(sizeDatabase('postgres://u:p@127.0.0.1/Bench?sslmode=disable', 2_500).url).toBe('postgres://u:p@127.0.0.1/bench_2500?sslmode=disable');
  });

  it('refuses a database name that is not a plain identifier', () => {
    expect(() => sizeDatabase('postgres://u:p@127.0.0.1:5432/my-db', 10_000)).toThrow(/letters, digits and _/);
    expect(() => sizeDatabase('postgres://u:p@127.0.0.1:5432/a%22%3Bdrop', 10_000)).toThrow(BenchArgsError);
    expect(() => sizeDatabase('postgres://u:p@127.0.0.1:5432/', 10_000)).toThrow(BenchArgsError);
  });
});

describe('judge', () => {
  it('meets the 1.5× target when every read p99 at 1M stays within 1.5× of 10k, with each ratio in the figure', () => {
    const t = target(judge(report()), 'read p99 at 1M within 1.5×');
    expect(t.met).toBe(true);
    expect(t.detail).toContain('topic 1.40× (10 → 14 ms)');
    expect(t.detail).toContain('boardTopics 1.13×');
  });

  it('does not meet it when one read grows past 1.5×', () => {
    const sizes = [size(10_000, { topic: 10, boardTopics: 8 }), size(100_000, { topic: 11, boardTopics: 9 }), size(1_000_000, { topic: 11, boardTopics: 13 })];
    const t = target(judge(report({ sizes })), 'read p99 at 1M within 1.5×');
    expect(t.met).toBe(false);
    expect(t.detail).toMatch(/^1m \/ 10k: .*boardTopics 1\.63×/);
  });

  it('leaves it unjudged at sizes other than 10k and 1M, or with one size, still showing the ratio', () => {
    const small = target(judge(report({ sizes: [size(2_500, { topic: 4, boardTopics: 4 }), size(10_000, { topic: 8, boardTopics: 4 })] })), 'read p99 at 1M within 1.5×');
    expect(small.met).toBeNull();
    expect(small.detail).toContain('topic 2.00×');
    expect(small.detail).toContain('not 10k and 1M');
    expect(target(judge(report({ sizes: null })), 'read p99 at 1M within 1.5×').met).toBeNull();
    expect(target(judge(report({ sizes: [size(10_000, { topic: 4, boardTopics: 4 })] })), 'read p99 at 1M within 1.5×').met).toBeNull();
  });

  it('makes no ratio of a size that got no answer, and leaves the target unjudged', () => {
    const silent = size(10_000, { topic: 10, boardTopics: 8 });
    silent.reads.topic = { ...silent.reads.topic!, app: figure(0, 0, { ok: 0, total: 0 }) };
    const r = report({ sizes: [silent, size(1_000_000, { topic: 14, boardTopics: 9 })] });
    const t = target(judge(r), 'read p99 at 1M within 1.5×');
    expect(t.met).toBeNull();
    expect(t.detail).toContain('topic no answers at one size');
    expect(t.detail).toContain('boardTopics 1.13×');
    expect(markdown(r)).toMatch(/\| topic \| 0 req\/s, p99 0 ms \(0\.000 of same bytes\) \| .* \| — \|/);
  });

  it('judges realtime at 1,000 subscribers: met under 100 ms with every message delivered', () => {
    expect(target(judge(report()), 'realtime p99').met).toBe(true);
    const late = report({ realtime: { ...report().realtime!, p99: 140 } });
    expect(target(judge(late), 'realtime p99').met).toBe(false);
    const lost = report({ realtime: { ...report().realtime!, delivered: 29_990 } });
    expect(target(judge(lost), 'realtime p99').met).toBe(false);
    const few = report({ realtime: { ...report().realtime!, subscribers: 500 } });
    expect(target(judge(few), 'realtime p99').met).toBeNull();
    expect(target(judge(report({ realtime: null })), 'realtime p99').detail).toContain('not run');
  });

  it('judges 10,000 idle sockets on the server\'s whole memory against 1 GiB', () => {
    const t = target(judge(report()), '10,000 idle sockets');
    expect(t.met).toBe(true);
    expect(t.detail).toContain('480 MiB with 10,000 sockets');
    expect(t.detail).toContain('36.0 KiB per socket');
    const big = report({ idleSockets: { ...report().idleSockets!, rssAllBytes: 1.2 * 2 ** 30 } });
    expect(target(judge(big), '10,000 idle sockets').met).toBe(false);
    const few = report({ idleSockets: { ...report().idleSockets!, sockets: 2_000 } });
    expect(target(judge(few), '10,000 idle sockets').met).toBeNull();
    expect(target(judge(report({ idleSockets: null })), '10,000 idle sockets').met).toBeNull();
  });

  it('judges the fixed-rate posting p99 under 50 ms only at 200 posts/s and without failures', () => {
    expect(target(judge(report()), 'posting p99 under 50 ms').met).toBe(true);
    expect(target(judge(report({ postingFixed: { ...figure(200, 50), rate: 200 } })), 'posting p99 under 50 ms').met).toBe(false);
    expect(target(judge(report({ postingFixed: { ...figure(200, 20, { non2xx: 3 }), rate: 200 } })), 'posting p99 under 50 ms').met).toBe(false);
    expect(target(judge(report({ postingFixed: { ...figure(100, 20), rate: 100 } })), 'posting p99 under 50 ms').met).toBeNull();
    // Paced by wrk.lua: the rate must also be kept.
    expect(target(judge(report({ postingFixed: { ...paced(200, 8), rate: 200 } })), 'posting p99 under 50 ms').met).toBe(true);
    const behind = target(judge(report({ postingFixed: { ...paced(200, 8, { reached: 0.8 }), rate: 200 } })), 'posting p99 under 50 ms');
    expect(behind.met).toBe(false);
    expect(behind.detail).toContain('paced by wrk.lua, the rate not kept');
  });

  it('judges posting on the embedded database beside a PostgreSQL report, against 300 posts/s and the same p99', () => {
    const embedded = (rps: number, p99: number) => ({ posts: 10_000, saturated: { ...figure(rps, 120), writers: 20 }, fixed: { ...paced(200, p99), rate: 200 } });
    const met = judge(report({ embeddedPosting: embedded(578, 7) }));
    expect(target(met, 'posting ≥ 1,000 posts/s').met).toBe(true);
    expect(target(met, 'posting ≥ 300 posts/s with 20 writers on the embedded database')).toEqual({
      target: 'posting ≥ 300 posts/s with 20 writers on the embedded database', met: true, detail: '578 posts/s, p99 120 ms (0 non-2xx) on the embedded database (10,000 posts)',
    });
    expect(target(met, 'posting p99 under 50 ms at 200 posts/s on the embedded database').met).toBe(true);
    const slow = judge(report({ embeddedPosting: embedded(250, 70) }));
    expect(target(slow, 'posting ≥ 300 posts/s with 20 writers on the embedded database').met).toBe(false);
    expect(target(slow, 'posting p99 under 50 ms at 200 posts/s on the embedded database').met).toBe(false);
    // Not measured: no such targets.
    expect(judge(report()).some((t) => t.target.includes('embedded database'))).toBe(false);
    const md = markdown({ ...report({ embeddedPosting: embedded(578, 7) }), targets: met });
    expect(md).toContain('| posting, 20 writers as fast as they go (embedded database, 10,000 posts) | 578 posts/s');
    expect(md).toContain('| posting at a fixed 200 posts/s (embedded database, 10,000 posts) | 200 posts/s reached, p50 4 ms, p99 7 ms');
  });

  it('says the other work in cores, never below 0 (the clocks are read a moment apart)', () => {
    expect(otherWorkText(figure(200, 10, { total: 1_600, serverCpuSeconds: 3, generatorCpuSeconds: 1, machineCpuSeconds: 3.9 }))).toBe('; other work on the cores: 0.00 cores');
    expect(otherWorkText(figure(200, 10, { total: 1_600, serverCpuSeconds: 3, generatorCpuSeconds: 1 }))).toBe('');
    expect(otherWorkText(figure(200, 10, { total: 1_600, serverCpuSeconds: null, generatorCpuSeconds: 1, machineCpuSeconds: 9 }))).toBe('');
  });

  it('names the other work on the cores beside a fixed-rate posting figure that has the machine\'s CPU, and nothing without it', () => {
    // 1,600 posts at 200/s: 8 s; the machine busy 10 s, the server 3 s and the generator 1 s of it: 0.75 cores of other work.
    const busy = { ...paced(200, 60), rate: 200, total: 1_600, serverCpuSeconds: 3, generatorCpuSeconds: 1, machineCpuSeconds: 10 };
    const withCpu = judge(report({ embeddedPosting: { posts: 10_000, saturated: { ...figure(600, 120), writers: 20 }, fixed: busy } }));
    const fixed = target(withCpu, 'posting p99 under 50 ms at 200 posts/s on the embedded database');
    expect(fixed.met).toBe(false);
    expect(fixed.detail).toContain('; other work on the cores: 0.75 cores');
    const md = markdown({ ...report({ embeddedPosting: { posts: 10_000, saturated: { ...figure(600, 120), writers: 20 }, fixed: busy } }), targets: withCpu });
    expect(md).toMatch(/\| posting at a fixed 200 posts\/s \(embedded database, 10,000 posts\) \| 200 posts\/s reached, p50 \d+ ms, p99 60 ms, 0 non-2xx; other work on the cores: 0\.75 cores/);
    expect(target(judge(report()), 'posting p99 under 50 ms').detail).not.toContain('other work');
  });

  it('judges the watched-word check against issue 10\'s few milliseconds', () => {
    expect(target(judge(report()), 'watched words').met).toBe(true);
    expect(target(judge(report({ watchedWords: { ...report().watchedWords!, checkMs: 7.5 } })), 'watched words').met).toBe(false);
    expect(target(judge(report({ watchedWords: null })), 'watched words').met).toBeNull();
  });

  it('judges p99 and search at 1M only on a database of a million posts, and posting by the driver\'s floor', () => {
    const small = report({ sizes: null, database: { driver: 'pglite', posts: 10_020, topics: 500 }, posting: { ...figure(320, 90), writers: 20 } });
    const targets = judge(small);
    expect(target(targets, 'topic: p99 ≤ 20 ms at 1M').met).toBeNull();
    expect(target(targets, 'search (chinese) p99').met).toBeNull();
    expect(target(targets, 'posting ≥ 300 posts/s').met).toBe(true);
    expect(target(judge(report()), 'topic: p99 ≤ 20 ms at 1M').met).toBe(true);
    expect(target(judge(report()), 'posting ≥ 1,000 posts/s').met).toBe(true);
  });
});

describe('markdown', () => {
  it('heads the report with the versions and the load average before and after', () => {
    const md = markdown(report());
    expect(md).toContain('# Benchmark 2026-12-02 at abc1234');
    expect(md).toContain('Node v20.20.2, PostgreSQL 15.14 (server), PGlite 0.5.16.');
    expect(md).toContain('Load average (1, 5, 15 min): 0.31 0.50 0.72 before, 1.96 1.20 0.90 after.');
    expect(md).toContain('(the largest size, 1m; every figure but the size table is measured on it)');
  });

  it('puts the sizes side by side with how each database was got and the p99 ratio', () => {
    const md = markdown(report());
    expect(md).toContain('- 10k: database gr_10k, reused (it holds the seeded posts); 10,020 posts in 500 topics when measured.');
    expect(md).toContain('| read | 10k posts | 1m posts | p99 1m / 10k |');
    expect(md).toContain('| topic | 3,000 req/s, p99 10 ms (0.300 of same bytes) | 3,000 req/s, p99 14 ms (0.300 of same bytes) | 1.40× |');
    expect(md).toContain('| search, chinese | 500 req/s, p99 40 ms | 500 req/s, p99 40 ms | 1.00× |');
    expect(markdown(report({ sizes: null }))).not.toContain('The same reads at each size');
  });

  it('lists the fixed-rate posting, realtime, idle sockets and watched words, and every target with its verdict', () => {
    const r = report({ realtime: { ...report().realtime!, p99: 140 } });
    r.targets = judge(r);
    const md = markdown(r);
    expect(md).toContain('| posting at a fixed 200 posts/s | 200 posts/s reached, p50 15 ms, p99 30 ms, 0 non-2xx |');
    expect(md).toContain('| realtime commit → delivery, 1,000 subscribers | p50 20.0 ms, p99 140.0 ms');
    expect(md).toContain('| idle sockets, 10,000 | the server\'s RSS 120 MiB with none, 300 MiB at 5,000, 480 MiB at 10,000: 36.0 KiB per idle socket');
    expect(md).toContain('| watched words | 2.40 ms per check');
    expect(md).toMatch(/\| realtime p99 ≤ 100 ms at 1,000 subscribers \| NOT met \|/);
    expect(md).toMatch(/\| 10,000 idle sockets ≤ 1 GiB \| met \|/);
    expect(md).toMatch(/\| two processes ≥ 1\.6× one on read paths \| not measured \|/);
    expect(md).toContain('## Realtime\n\n```\nrealtime fan-out: 1000 subscribers in one room\n```');
    expect(md).toContain('## Watched words\n\n```\nwatched words: 10000 words, 50000-character post\n```');
  });

  it('shows the posting floor (bare Fastify, a reply\'s own statements) with the app\'s share of it, and no row without one', () => {
    const md = markdown(report({ postingFloor: { ...figure(1_500, 30), group: 32 } }));
    expect(md).toContain('| posting floor: bare Fastify running a reply\'s own statements (same SQL and parameters, prepared, groups of up to 32), 20 writers | 1,500 posts/s, p50 15 ms, p99 30 ms, 0 non-2xx; the app reaches 0.80 of it |');
    expect(markdown(report({ postingFloor: null }))).not.toContain('posting floor');
    expect(markdown(report())).not.toContain('posting floor');
  });

  it('says why posting is under its target when the floor was measured: the floor under it too, or the app', () => {
    const under = (floorRps: number) => target(judge(report({ posting: { ...figure(455, 136), writers: 20 }, postingFloor: { ...figure(floorRps, 54), group: 32 } })), 'posting ≥ 1,000 posts/s');
    expect(under(762)).toMatchObject({ met: false });
    expect(under(762).detail).toContain('the app reaches 0.60 of bare Fastify running a reply\'s own statements (762 posts/s), itself under 1,000: with these statements the target is beyond this machine');
    expect(under(1_400).detail).toContain('(1,400 posts/s), which reaches the target: the app\'s own cost is what stands between');
    // Met, or no floor measured: no reason given.
    expect(target(judge(report({ postingFloor: { ...figure(762, 54), group: 32 } })), 'posting ≥ 1,000 posts/s').detail).not.toContain('bare Fastify');
    expect(target(judge(report({ posting: { ...figure(455, 136), writers: 20 }, postingFloor: null })), 'posting ≥ 1,000 posts/s').detail).toBe('455 posts/s, p99 136 ms (0 non-2xx)');
  });

  it('names the generator of every figure, the pinning, and the CPU it was pinned to', () => {
    const wrk = (rps: number, p99: number) => figure(rps, p99, { generator: 'wrk', generatorCpus: '1' });
    const r = report({
      sizes: null,
      settings: { duration: 8, connections: 50, writers: 20, generator: 'wrk (installed); fixed-rate figures: autocannon', pinning: 'the server on CPU 0, the load generator on CPU 1 (taskset; PostgreSQL unpinned)' },
      reads: { topic: { ...read('/api/topics/7', 12), app: wrk(3_000, 12), sameBytes: wrk(10_000, 5), sameSql: wrk(4_000, 8) } },
      posting: { ...figure(1_200, 40), generator: 'wrk', generatorCpus: null, writers: 20 },
      postingFixed: { ...figure(200, 30), generator: 'autocannon', rate: 200 },
    });
    const md = markdown(r);
    expect(md).toContain('Load: wrk (installed); fixed-rate figures: autocannon in its own process, 50 connections, 8 s per figure; single-process figures: the server on CPU 0, the load generator on CPU 1');
    expect(md).toContain('| topic `/api/topics/7` | 3,000 req/s, p50 6 ms, p99 12 ms [wrk, CPU 1] | 10,000 req/s, p50 3 ms, p99 5 ms [wrk, CPU 1] | 4,000 req/s, p50 4 ms, p99 8 ms [wrk, CPU 1] |');
    expect(md).toContain('p99 40 ms, 0 non-2xx [wrk] |');
    expect(md).toContain('p99 30 ms, 0 non-2xx [autocannon] |');
    expect(markdown(report())).toContain('Load: autocannon in its own process');
  });

  it('sets out the same-bytes floor by each generator: medians of its rounds and CPU per request', () => {
    const round = (generator: 'wrk' | 'autocannon', p99: number, cpu: number) => figure(10_000, p99, { total: 30_000, generator, generatorCpus: '1', generatorCpuSeconds: cpu, serverCpuSeconds: 1.5 });
    const generatorFloor: GeneratorFloor = { path: '/api/topics/7', pinning: 'the server on CPU 0, the load generator on CPU 1', rounds: [round('wrk', 4, 0.3), round('autocannon', 20, 2.4), round('wrk', 6, 0.6), round('autocannon', 30, 2.7), round('wrk', 5, 0.45), round('autocannon', 24, 3)] };
    expect(floorSummary(generatorFloor)).toEqual([
      { generator: 'wrk', rounds: 3, p99: 5, p50: 3, rps: 10_000, generatorCpuUs: 15, serverCpuUs: 50 },
      { generator: 'autocannon', rounds: 3, p99: 24, p50: 12, rps: 10_000, generatorCpuUs: 90, serverCpuUs: 50 },
    ]);
    const md = markdown(report({ generatorFloor }));
    expect(md).toContain('## The same-bytes floor by each load generator');
    expect(md).toContain('| wrk | 3 | 10,000 | 3 ms | 5 ms | 15 µs | 50 µs |');
    expect(md).toContain('| autocannon | 3 | 10,000 | 12 ms | 24 ms | 90 µs | 50 µs |');
    expect(md).toContain('Rounds in order: wrk 10,000 req/s p99 4 ms; autocannon 10,000 req/s p99 20 ms;');
    expect(markdown(report())).not.toContain('by each load generator');
  });
});

describe('workersTarget', () => {
  const cpuFigure = (rps: number, serverCpuSeconds: number, generatorCpuSeconds: number) => figure(rps, 20, { total: rps * 8, generator: 'wrk', generatorCpus: null, serverCpuSeconds, generatorCpuSeconds });

  it('leaves the ratio unjudged, with the cores it would need, when 2 cores cannot hold 1.6× one process', () => {
    // 4,000 req/s, (32 + 6.4) s of CPU over 32,000 requests: 1,200 µs each, so 1.6× needs 7.68 cores.
    const one = cpuFigure(4_000, 32, 6.4);
    const t = workersTarget(report({ workers: { one, two: cpuFigure(4_400, 40, 7), ratio: 1.1, pinning: 'nothing pinned' } }));
    expect(t.met).toBeNull();
    expect(t.detail).toContain('1.10× (4,000 → 4,400 req/s by wrk; nothing pinned)');
    expect(t.detail).toContain('Cannot be shown on 2 cores: one process: 1,000 µs server CPU + 200 µs generator CPU per request, so 1.6× its rate needs 7.68 cores');
  });

  it('judges the ratio when the cores could hold 1.6× one process', () => {
    const one = cpuFigure(1_000, 2, 0.4);
    expect(workersTarget(report({ workers: { one, two: cpuFigure(1_700, 3.4, 0.7), ratio: 1.7 } }))).toMatchObject({ met: true, detail: expect.stringContaining('1.6× its rate needs 0.48 of the 2 cores') });
    // 1,200 req/s for 8 s with (4.4 + 0.5) s of CPU: 0.61 cores, more than the 0.48 needed, and still 1.2×.
    expect(workersTarget(report({ workers: { one, two: cpuFigure(1_200, 4.4, 0.5), ratio: 1.2 } })).met).toBe(false);
  });

  it('takes a ratio measured at or over 1.6× as met, even where the one process\'s CPU predicted it could not be shown', () => {
    // 1,000 µs + 200 µs a request at 4,000 req/s "needs" 7.68 cores for 1.6×, yet 1.7× was measured.
    const t = workersTarget(report({ workers: { one: cpuFigure(4_000, 32, 6.4), two: cpuFigure(6_800, 40, 7), ratio: 1.7, pinning: 'nothing pinned' } }));
    expect(t.met).toBe(true);
    expect(t.detail).toContain('1.70× (4,000 → 6,800 req/s by wrk; nothing pinned); one process: 1,000 µs server CPU + 200 µs generator CPU per request, by which 1.6× would need 7.68 cores; two processes: 735 µs server CPU per request: the one process cost more per request than the two did');
  });

  it('leaves the ratio unjudged when the two processes got less CPU than 1.6× one needs', () => {
    const one = cpuFigure(1_000, 2, 0.4);
    // 1,100 req/s for 8 s with (2.6 + 0.4) s of CPU: 0.38 cores of the 0.48 needed.
    const t = workersTarget(report({ workers: { one, two: cpuFigure(1_100, 2.6, 0.4), ratio: 1.1 } }));
    expect(t.met).toBeNull();
    expect(t.detail).toContain('1.6× its rate needs 0.48 cores, but the two processes and the generator got 0.38; two processes: 295 µs server CPU per request. Not judged');
  });

  it('judges the ratio alone in a report without CPU figures, and leaves it unmeasured without workers', () => {
    expect(workersTarget(report({ workers: { one: figure(1_000, 20), two: figure(1_700, 20), ratio: 1.7 } })).met).toBe(true);
    expect(workersTarget(report({ workers: null }))).toEqual({ target: 'two processes ≥ 1.6× one on read paths', met: null, detail: 'not measured (PostgreSQL only, --workers)' });
  });
});

/** A wrk-paced figure at `rate` with this p99 (from the meant time), `reached` of the rate answered. */
const paced = (rate: number, p99: number, o: { reached?: number; unsent?: number; due?: number } = {}): LoadFigure => ({
  ...figure(Math.round(rate * (o.reached ?? 1)), p99),
  generator: 'wrk',
  fixedRate: { asked: rate, connections: 50, paced: 'wrk', fromMeant: true, due: o.due ?? rate * 5, unsent: o.unsent ?? 0, late: 3, serviceP50: 1, serviceP99: p99 / 2, lagP99: 0.5, p999: p99 * 2, max: p99 * 3 },
});
const atRates = (p99: { half: number; absolute: number }, floorP99 = 3): FixedRateRead[] => [
  { rate: 1_500, basis: '50% of saturated', app: paced(1_500, p99.half), sameBytes: paced(1_500, floorP99) },
  { rate: 1_000, basis: 'absolute', app: paced(1_000, p99.absolute), sameBytes: paced(1_000, floorP99) },
];
const withFixed = (s: SizeFigures, p99: Record<string, { half: number; absolute: number }>): SizeFigures => ({
  ...s,
  reads: Object.fromEntries(Object.entries(s.reads).map(([name, r]) => [name, { ...r, fixed: p99[name] ? atRates(p99[name]!) : undefined }])),
});

describe('rateKept', () => {
  it('holds a figure that answered 95 % of the rate asked with at most 1 % of its slots unsent', () => {
    expect(rateKept(paced(1_000, 5))).toBe(true);
    expect(rateKept(paced(1_000, 5, { reached: 0.96 }))).toBe(true);
    expect(rateKept(paced(1_000, 5, { reached: 0.9 }))).toBe(false);
    expect(rateKept(paced(1_000, 5, { unsent: 60, due: 5_000 }))).toBe(false);
    expect(rateKept(figure(1_000, 5))).toBe(false);
  });
});

describe('fixedRateTarget', () => {
  it('meets p99 ≤ 20 ms at 1M when every rate kept a p99 within it, naming each rate, the floor and the saturated figure', () => {
    const t = fixedRateTarget('topic: p99 ≤ 20 ms at 1M posts', 20, 1_000_000, atRates({ half: 12, absolute: 8 }), figure(3_000, 500));
    expect(t.met).toBe(true);
    expect(t.detail).toContain('at 1,500 req/s (50% of saturated): p99 12 ms');
    expect(t.detail).toContain('at 1,000 req/s (absolute): p99 8 ms');
    expect(t.detail).toContain('the same bytes at that rate: p99 3 ms');
    expect(t.detail).toContain('Saturated (closed loop, queueing): p99 500 ms at 3,000 req/s');
  });

  it('does not meet it when one rate goes over, or was not kept, saying which', () => {
    const over = fixedRateTarget('topic', 20, 1_000_000, atRates({ half: 25, absolute: 8 }), figure(3_000, 500));
    expect(over.met).toBe(false);
    expect(over.detail).toContain('p99 25 ms, p50 13 ms, 1,500 req/s reached; the same bytes at that rate: p99 3 ms — over 20 ms');
    const behind = [{ rate: 1_000, basis: 'absolute', app: paced(1_000, 4, { reached: 0.5 }) }];
    const t = fixedRateTarget('topic', 20, 1_000_000, behind, figure(3_000, 500));
    expect(t.met).toBe(false);
    expect(t.detail).toContain('the rate was not kept');
  });

  it('leaves a failure unjudged when the same bytes at that rate were over the limit too (the machine), but not a failure beside a quiet floor', () => {
    const noisy = atRates({ half: 8, absolute: 300 });
    noisy[1]!.sameBytes = paced(1_000, 250);
    const t = fixedRateTarget('topic', 20, 1_000_000, noisy, figure(3_000, 500));
    expect(t.met).toBeNull();
    expect(t.detail).toContain('p99 300 ms, p50 150 ms, 1,000 req/s reached; the same bytes at that rate: p99 250 ms — over 20 ms (not judged: the floor was not quiet either)');
    const both = atRates({ half: 30, absolute: 300 });
    both[1]!.sameBytes = paced(1_000, 250);
    expect(fixedRateTarget('topic', 20, 1_000_000, both, figure(3_000, 500)).met).toBe(false);
  });

  it('leaves it unjudged below 1M posts', () => {
    const t = fixedRateTarget('topic', 20, 10_020, atRates({ half: 5, absolute: 5 }), figure(3_000, 500));
    expect(t.met).toBeNull();
    expect(t.detail).toContain('(not a 1M database)');
  });
});

describe('fixedSizeRatioTarget', () => {
  const sizes = (high: { topic: number; boardTopics: number }) => [
    withFixed(size(10_000, { topic: 300, boardTopics: 300 }), { topic: { half: 6, absolute: 4 }, boardTopics: { half: 5, absolute: 4 } }),
    withFixed(size(1_000_000, { topic: 900, boardTopics: 900 }), { topic: { half: 9, absolute: high.topic }, boardTopics: { half: 9, absolute: high.boardTopics } }),
  ];

  it('compares 1M with 10k at the absolute rate, not at the saturated p99', () => {
    const t = fixedSizeRatioTarget(sizes({ topic: 5, boardTopics: 6 }))!;
    expect(t.met).toBe(true);
    // Each ratio with the same bytes' own at that rate, size against size (here a steady 3 ms).
    expect(t.detail).toBe('1m / 10k at a fixed 1,000 req/s: topic 1.25× (4 → 5 ms; the same bytes 3 → 3 ms, 1.00×), boardTopics 1.50× (4 → 6 ms; the same bytes 3 → 3 ms, 1.00×)');
    expect(fixedSizeRatioTarget(sizes({ topic: 5, boardTopics: 6.5 }))!.met).toBe(false);
  });

  it('leaves the ratio unjudged when a size did not keep the rate, and answers null without fixed-rate figures', () => {
    const s = sizes({ topic: 5, boardTopics: 6 });
    s[1]!.reads.topic!.fixed![1]!.app = paced(1_000, 5, { reached: 0.5 });
    const t = fixedSizeRatioTarget(s)!;
    expect(t.met).toBeNull();
    expect(t.detail).toContain('topic rate not kept at one size');
    expect(fixedSizeRatioTarget([size(10_000, { topic: 1, boardTopics: 1 }), size(1_000_000, { topic: 1, boardTopics: 1 })])).toBeNull();
  });

  it('makes no ratio of a p99 over 20 ms at a size whose floor was not quiet at that rate', () => {
    const s = sizes({ topic: 5, boardTopics: 6 });
    s[0]!.reads.topic!.fixed![1]! = { rate: 1_000, basis: 'absolute', app: paced(1_000, 120), sameBytes: paced(1_000, 90) };
    const t = fixedSizeRatioTarget(s)!;
    expect(t.met).toBeNull();
    expect(t.detail).toContain('topic over 20 ms where the floor was not quiet either at one size (120 → 5 ms)');
  });

  it('is what judge() uses for the 1.5× target, and the fixed-rate p99 for "p99 ≤ 20 ms" and the searches', () => {
    const s = sizes({ topic: 5, boardTopics: 6 });
    const r = report({ sizes: s, reads: s[1]!.reads, searchFixed: { chinese: [{ rate: 140, basis: 'absolute', app: paced(140, 120) }] } });
    const targets = judge(r);
    expect(target(targets, 'read p99 at 1M within 1.5×').met).toBe(true);
    expect(target(targets, 'topic: p99 ≤ 20 ms at 1M').met).toBe(true);
    expect(target(targets, 'topic: p99 ≤ 20 ms at 1M').detail).toContain('Saturated (closed loop, queueing): p99 900 ms');
    expect(target(targets, 'search (chinese) p99').met).toBe(false);
    expect(target(targets, 'search (chinese) p99').detail).toContain('at 140 req/s (absolute): p99 120 ms');
  });
});

describe('markdown below saturation', () => {
  it('sets out every read and search at each fixed rate beside the same bytes, and the floor by each pacing', () => {
    const s = [withFixed(size(10_000, { topic: 300, boardTopics: 300 }), { topic: { half: 6, absolute: 4 } }), withFixed(size(1_000_000, { topic: 900, boardTopics: 900 }), { topic: { half: 9, absolute: 5 } })];
    s[1]!.searchFixed = { chinese: [{ rate: 140, basis: 'absolute', app: paced(140, 60) }] };
    const floor: GeneratorFloor = { path: '/api/topics/7', pinning: 'the server on CPU 0, the load generator on CPU 1', rate: 1_000, rounds: [paced(1_000, 2), { ...figure(1_000, 15), generator: 'autocannon' }, paced(1_000, 3), { ...figure(1_000, 17), generator: 'autocannon' }] };
    const md = markdown(report({ sizes: s, reads: s[1]!.reads, searchFixed: s[1]!.searchFixed, generatorFloorFixed: floor }));
    expect(md).toContain('### Below saturation: reads and searches at fixed rates');
    expect(md).toContain('| 1m | topic | 1,000 (absolute) | p50 3 ms, p99 5 ms, 1,000 of 1,000 req/s [wrk paced, 50 connections, from the meant time; from the send p99 2.5 ms; sends p99 0.5 ms late, 3 over 1 ms, 0 of 5,000 due never sent] | p50 2 ms, p99 3 ms');
    expect(md).toContain('| 1m | search, chinese | 140 (absolute) | p50 30 ms, p99 60 ms, 140 of 140 req/s');
    expect(md).toContain('## The same-bytes floor at a fixed 1,000 req/s by each pacing');
    expect(md).toMatch(/\| wrk \| 2 \| 1,000 \| 1\.5 ms \| 2\.5 ms \|/);
    expect(md).toMatch(/\| autocannon \| 2 \| 1,000 \| 8\.5 ms \| 16 ms \|/);
  });
});

describe('the size-ratio phase', () => {
  const paths = { topic: '/api/topics/7', boardTopics: '/api/boards/qunzhong/topics' };
  /** A phase of ABBA rounds: each size's topic and board p99 per round, the floor at 1 ms unless given. */
  const phase = (low: { topic: number[]; boardTopics: number[] }, high: { topic: number[]; boardTopics: number[] }, floor: { low: number; high: number } = { low: 1, high: 1 }): SizeRatioPhase => {
    const counters = { low: 0, high: 0 };
    const rounds = low.topic.length;
    return {
      rate: 1_000, duration: 2, rounds, pinning: 'the server on CPU 0, the load generator on CPU 1',
      low: { name: '10k', size: 10_000, paths }, high: { name: '1m', size: 1_000_000, paths },
      measured: sizeRatioOrder(rounds).map((which) => {
        const i = counters[which]++;
        const p99s = which === 'low' ? low : high;
        const f = which === 'low' ? floor.low : floor.high;
        return {
          size: which === 'low' ? '10k' : '1m', load: [0.5 + i, 0.4, 0.3],
          reads: { topic: { app: paced(1_000, p99s.topic[i]!), sameBytes: paced(1_000, f) }, boardTopics: { app: paced(1_000, p99s.boardTopics[i]!), sameBytes: paced(1_000, f) } },
        };
      }),
    };
  };

  it('takes the sizes in ABBA order, and the median of an odd or even count', () => {
    expect(sizeRatioOrder(3)).toEqual(['low', 'high', 'high', 'low', 'low', 'high']);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('judges each read from the median of its rounds per size, not from one round', () => {
    // One slow 1M round (9 ms) and one slow 10k round (8 ms): the medians are 2 → 2.5 and 3 → 3.
    const t = sizeRatioTarget(phase({ topic: [2, 8, 1], boardTopics: [3, 3, 3] }, { topic: [2.5, 9, 2], boardTopics: [3, 4, 2] }, { low: 0.6, high: 0.9 }));
    expect(t.met).toBe(true);
    expect(t.detail).toBe('1m / 10k, medians of 3 alternating rounds per size at a fixed 1,000 req/s: ' +
      'topic 1.25× (2 → 2.5 ms; the same bytes 0.6 → 0.9 ms, 1.50×), boardTopics 1.00× (3 → 3 ms; the same bytes 0.6 → 0.9 ms, 1.50×)');
  });

  it('leaves a read not judged when the same bytes moved more than 1.5× either way between the sizes (the machine changed)', () => {
    const slower = sizeRatioTarget(phase({ topic: [2, 2, 2], boardTopics: [3, 3, 3] }, { topic: [9, 9, 9], boardTopics: [3, 3, 3] }, { low: 1, high: 2 }));
    expect(slower.met).toBeNull();
    expect(slower.detail).toContain('topic not judged: the same bytes moved 2.00× between the sizes (2 → 9 ms');
    const faster = sizeRatioTarget(phase({ topic: [2, 2, 2], boardTopics: [3, 3, 3] }, { topic: [9, 9, 9], boardTopics: [3, 3, 3] }, { low: 3, high: 1 }));
    expect(faster.met).toBeNull();
    expect(faster.detail).toContain('the same bytes moved 0.33× between the sizes');
    // Steady but over the read target at both sizes: the machine alone took more than a read may.
    const loaded = sizeRatioTarget(phase({ topic: [200, 200, 200], boardTopics: [3, 3, 3] }, { topic: [150, 150, 150], boardTopics: [3, 3, 3] }, { low: 40, high: 50 }));
    expect(loaded.met).toBeNull();
    expect(loaded.detail).toContain("topic not judged: the same bytes' median p99 was over 20 ms (40 → 50 ms) (200 → 150 ms");
    const over = sizeRatioTarget(phase({ topic: [2, 2, 2], boardTopics: [3, 3, 3] }, { topic: [2, 2, 2], boardTopics: [5, 4.6, 1] }));
    expect(over.met).toBe(false);
    expect(over.detail).toContain('boardTopics 1.53× (3 → 4.6 ms');
  });

  it('says beside a read over the bound by how much its medians differ, whether its rounds overlap and whether the floor moves as much', () => {
    const over = sizeRatioTarget(phase({ topic: [2, 2, 2], boardTopics: [3, 3, 3] }, { topic: [2, 2, 2], boardTopics: [5, 4.6, 1] }));
    expect(over.met).toBe(false);
    expect(over.detail).toContain("boardTopics 1.53× (3 → 4.6 ms; the same bytes 1 → 1 ms, 1.00×): the medians differ by 1.6 ms; " +
      "the rounds overlap (10k 3–3 ms, 1m 1–5 ms); more than the same bytes' own spread over the rounds (1–1 ms, 0 ms)");
    // Rounds apart, by less than the floor moves between rounds: said so, and still NOT met.
    const p = phase({ topic: [0.8, 0.9, 0.7], boardTopics: [1, 1, 1] }, { topic: [1.6, 1.5, 1.4], boardTopics: [1, 1, 1] }, { low: 0.5, high: 0.5 });
    p.measured[1]!.reads.topic!.sameBytes = paced(1_000, 1.4);
    const apart = sizeRatioTarget(p);
    expect(apart.met).toBe(false);
    expect(apart.detail).toContain("topic 1.88× (0.8 → 1.5 ms; the same bytes 0.5 → 0.5 ms, 1.00×): the medians differ by 0.7 ms; " +
      "the rounds do not overlap (10k 0.7–0.9 ms, 1m 1.4–1.6 ms); within the same bytes' own spread over the rounds (0.5–1.4 ms, 0.9 ms)");
    expect(apart.detail).not.toMatch(/boardTopics[^,]*differ/);
  });

  it('leaves a read not judged when one of its rounds missed the rate, saying which round; a judged read over 1.5× still fails', () => {
    const p = phase({ topic: [2, 2, 2], boardTopics: [3, 3, 3] }, { topic: [2, 2, 2], boardTopics: [3, 3, 3] });
    p.measured[2]!.reads.topic!.app = { ...paced(1_000, Number.NaN, { reached: 0 }), ok: 0 };
    const t = sizeRatioTarget(p);
    expect(t.met).toBeNull();
    expect(t.detail).toContain('topic not judged: the rate was not kept in round 3 (1m) (2 → 2 ms');
    expect(t.detail).toContain('boardTopics 1.00×');
    // A round without answers has no p99: shown as such, left out of the median.
    expect(sizeRatioTable(p).join('\n')).toContain('| topic `/api/topics/7` | 2, 2, 2 | 2, no answers, 2 | 2 → 2 ms | not judged (the rate was not kept in round 3 (1m)) |');
    const failing = phase({ topic: [2, 2, 2], boardTopics: [3, 3, 3] }, { topic: [2, 2, 2], boardTopics: [6, 6, 6] });
    failing.measured[0]!.reads.topic!.app = paced(1_000, 2, { unsent: 500, due: 5_000 });
    expect(sizeRatioTarget(failing).met).toBe(false);
  });

  it('is what judge() uses when the report has it, and markdown shows every round\'s p99 and the floor\'s medians', () => {
    const p = phase({ topic: [2, 8, 1], boardTopics: [3, 3, 3] }, { topic: [2.5, 9, 2], boardTopics: [3, 4, 2] }, { low: 0.6, high: 0.9 });
    // The one-figure-per-size ratios say 1.4× and 1.125×, the rounds otherwise.
    const r = report({ sizeRatio: p });
    const t = target(judge(r), 'read p99 at 1M within 1.5×');
    expect(t.detail).toContain('medians of 3 alternating rounds per size');
    r.targets = judge(r);
    const md = markdown(r);
    expect(md).toContain('### Read p99 at 1m against 10k, alternating rounds');
    expect(md).toContain('the sizes in turn (10k, 1m, 1m, 10k, 10k, 1m)');
    expect(md).toContain('| topic `/api/topics/7` | 2, 8, 1 | 2.5, 9, 2 | 2 → 2.5 ms | 1.25× | 0.6 → 0.9 ms | 1.50× | 0.6, 0.6, 0.6 / 0.9, 0.9, 0.9 |');
    expect(md).toContain('Rounds in order: 1. 10k (load 0.50 0.40 0.30); 2. 1m (load 0.50 0.40 0.30); 3. 1m (load 1.50 0.40 0.30)');
  });

  it('leaves a report without the phase judged and rendered as before', () => {
    const r = report();
    expect(r.sizeRatio).toBeUndefined();
    const t = target(judge(r), 'read p99 at 1M within 1.5×');
    expect(t.met).toBe(true);
    expect(t.detail).toBe('1m / 10k: topic 1.40× (10 → 14 ms), boardTopics 1.13× (8 → 9 ms)');
    r.targets = judge(r);
    expect(markdown(r)).not.toContain('alternating rounds');
    expect(target(judge(report({ sizeRatio: null })), 'read p99 at 1M within 1.5×').detail).toBe(t.detail);
  });
});

describe('seedPlan', () => {
  it('takes a copy of the 10k seed as 10k, as it is or asked for, whatever the benches posted into it', () => {
    expect(seedPlan({ posts: 10_000, seeded: 10_000 })).toEqual({ seed: null, size: '10k', text: 'as it is (10,000 seeded posts)' });
    expect(seedPlan({ posts: 10_213, seeded: 10_000 })).toEqual({ seed: null, size: '10k', text: 'as it is (10,000 seeded posts and 213 others)' });
    expect(seedPlan({ posts: 10_213, seeded: 10_000 }, 10_000)).toEqual({ seed: null, size: '10k', text: 'reused (it holds the 10,000 seeded posts and 213 others)' });
    expect(seedPlan({ posts: 1_000_000, seeded: 1_000_000 }).size).toBe('1m');
  });

  it('seeds 10,000 into a database given as it is only when it holds fewer than 5,000 posts, and seeds a size asked for unless it holds exactly that many seeded posts', () => {
    expect(seedPlan({ posts: 0, seeded: 0 })).toEqual({ seed: 10_000, size: '10k', text: 'seeded with 10,000 posts (it held 0, fewer than 5,000)' });
    expect(seedPlan({ posts: 4_999, seeded: 4_999 }).seed).toBe(10_000);
    // Not the seed's: a real forum's posts are measured as they are, and named by their count.
    expect(seedPlan({ posts: 8_000, seeded: 0 })).toEqual({ seed: null, size: '8,000 posts', text: 'as it is (0 seeded posts and 8,000 others)' });
    expect(seedPlan({ posts: 7_500, seeded: 7_500 }, 10_000)).toEqual({ seed: 10_000, size: '10k', text: 'seeded again (it held 7,500 seeded posts, not 10,000)' });
  });
});

describe('unusedResultBase', () => {
  it('keeps the name when it is free and numbers a second run of the same commit and day, so nothing is overwritten', () => {
    const base = 'bench/results/2026-12-03-abc1234-postgres-sizes';
    expect(unusedResultBase(base, () => false)).toBe(base);
    const taken = new Set([`${base}.json`, `${base}.md`, `${base}-2.md`]);
    expect(unusedResultBase(base, (f) => taken.has(f))).toBe(`${base}-3`);
  });
});
