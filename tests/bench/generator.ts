import type { FixedRateInfo, LoadFigure } from './report';

/*
 * The pure parts of the load generator (tests/bench/load.ts and harness.ts's load() run it):
 * which generator measures a figure, wrk's config file and output, the shell's `times`, and
 * where each process is pinned. No I/O here, so tests/unit checks it.
 */

/** The load generators: wrk (C, Debian's package `wrk`) when installed, else autocannon (Node). */
export type Generator = 'wrk' | 'autocannon';

/** What the command line asks for: `auto` takes wrk when it is installed. */
export type GeneratorChoice = Generator | 'auto';

/** Thrown when the generator asked for cannot run; the message says what to do. */
export class GeneratorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorError';
  }
}

/**
 * The generator of one figure. wrk itself keeps no fixed rate (its requests go as fast as
 * answers come); tests/bench/wrk.lua paces it (WRK_RATE: a schedule per connection, latency
 * from the time each request was meant to leave), which a fixed-rate figure gets only when
 * wrk is asked for by name. Otherwise a fixed rate is autocannon's (its overallRate), as the
 * posting figures have always been measured. Throws GeneratorError when wrk is asked for and
 * not installed.
 */
export function chooseGenerator(asked: GeneratorChoice, wrkInstalled: boolean, fixedRate: boolean): { generator: Generator; why: string } {
  if (asked === 'wrk' && !wrkInstalled) throw new GeneratorError('--generator wrk: wrk is not installed (apt-get install -y wrk), or use --generator autocannon');
  if (fixedRate && asked === 'wrk') return { generator: 'wrk', why: 'a fixed rate paced by tests/bench/wrk.lua (a schedule per connection, latency from the meant time)' };
  if (fixedRate) return { generator: 'autocannon', why: 'a fixed rate: autocannon keeps one (overallRate)' };
  if (asked === 'autocannon') return { generator: 'autocannon', why: 'asked for (--generator autocannon)' };
  if (wrkInstalled) return { generator: 'wrk', why: asked === 'wrk' ? 'asked for (--generator wrk)' : 'installed' };
  return { generator: 'autocannon', why: 'wrk is not installed (apt-get install -y wrk)' };
}

/**
 * Which generator paces a fixed rate (reads, searches and posting alike): wrk with
 * tests/bench/wrk.lua (each connection on an even schedule, latency from the time a request was
 * meant to leave) when wrk is installed and autocannon was not asked for; else autocannon.
 * autocannon's overallRate is no even rate: each connection sends its share of a second's
 * posts as fast as answers come, then waits for the next second, so its "200 posts/s" is a
 * burst of all the writers at once at the top of every second, and its p99 is the burst's
 * queue (the saturated latency), not the latency at 200 posts/s.
 */
export function fixedRatePacing(asked: GeneratorChoice, wrk: boolean): 'wrk' | 'autocannon' {
  return asked !== 'autocannon' && wrk ? 'wrk' : 'autocannon';
}

/** What one load sends: method, headers, body, and the paths requests take in turn. */
export interface RequestShape {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  paths?: string[];
}

/**
 * The file tests/bench/wrk.lua reads (WRK_CONFIG): a line per setting, `<kind> <value>`.
 * Throws when a value holds a line break (wrk.lua reads one line per value).
 */
export function wrkConfig(shape: RequestShape, urlPath: string): string {
  const lines = [`method ${shape.method ?? 'GET'}`];
  for (const [name, value] of Object.entries(shape.headers ?? {})) lines.push(`header ${name}: ${value}`);
  if (shape.body !== undefined) lines.push(`body ${shape.body}`);
  for (const p of shape.paths && shape.paths.length > 0 ? shape.paths : [urlPath]) lines.push(`path ${p}`);
  for (const line of lines) if (/[\r\n]/.test(line.slice(line.indexOf(' ') + 1))) throw new GeneratorError(`wrk.lua reads one line per value; this one holds a line break: ${JSON.stringify(line.slice(0, 60))}`);
  return `${lines.join('\n')}\n`;
}

interface WrkJson {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
}

const ms = (us: number) => Math.round(us / 10) / 100;

/**
 * wrk's output with tests/bench/wrk.lua as a LoadFigure: the `WRK_JSON` line done() prints.
 * wrk counts an answer of status 400 or more as a status error: that is `non2xx` (a 3xx counts
 * as answered, as none of the measured paths redirects); connect, read and write errors are
 * `errors`, timeouts `timeouts`. Throws when the line is missing or malformed.
 */
export function parseWrkOutput(stdout: string): LoadFigure {
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new GeneratorError(`wrk printed no WRK_JSON line (is tests/bench/wrk.lua loaded?):\n${stdout.slice(0, 2_000)}`);
  let json: WrkJson;
  try {
    json = JSON.parse(line.slice('WRK_JSON '.length)) as WrkJson;
  } catch {
    throw new GeneratorError(`wrk's WRK_JSON line is not JSON: ${line.slice(0, 200)}`);
  }
  const numbers = [json.requests, json.durationUs, json.p50Us, json.p99Us, json.errors?.connect, json.errors?.read, json.errors?.write, json.errors?.status, json.errors?.timeout];
  if (!numbers.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || json.durationUs === 0) {
    throw new GeneratorError(`wrk's WRK_JSON line lacks a figure: ${line.slice(0, 200)}`);
  }
  const non2xx = Math.min(json.errors.status, json.requests);
  return {
    rps: json.requests / (json.durationUs / 1e6),
    p50: ms(json.p50Us),
    p99: ms(json.p99Us),
    total: json.requests,
    ok: json.requests - non2xx,
    non2xx,
    errors: json.errors.connect + json.errors.read + json.errors.write,
    timeouts: json.errors.timeout,
    generator: 'wrk',
  };
}

/**
 * The CPU seconds (user + system) of the children a shell waited for, from its `times`
 * builtin: two lines, the shell's own `0m0.01s 0m0.00s` then its children's. The load runs as
 * `sh -c '"$@"; times >&2'`, so that is the generator's CPU. Null when not found.
 */
export function parseShellTimes(stderr: string): number | null {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l));
  const children = lines[lines.length - 1];
  if (lines.length < 2 || !children) return null;
  return children.split(' ').reduce((sum, part) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(part);
    return sum + (m ? Number(m[1]) * 60 + Number(m[2]) : 0);
  }, 0);
}

/** Where the processes of one figure run: `taskset -c` CPU lists, or null for anywhere. */
export interface Pinning {
  server: string | null;
  generator: string | null;
  /** One sentence for the report. */
  text: string;
}

/**
 * Single-process figures: the server (the app or a baseline) on CPU 0 and the generator on
 * CPU 1, so neither takes the other's core (PostgreSQL's backends and other work on the machine
 * stay unpinned). Needs taskset and two CPUs or more; else nothing is pinned.
 */
export function singleProcessPinning(cpus: number, taskset: boolean): Pinning {
  if (!taskset || cpus < 2) return { server: null, generator: null, text: `nothing pinned (${taskset ? `${cpus} CPU` : 'no taskset'})` };
  return { server: '0', generator: '1', text: 'the server on CPU 0, the load generator on CPU 1 (taskset; PostgreSQL unpinned)' };
}

/**
 * One process against two: the same scheme for both, nothing pinned (two workers need both
 * cores, so the generator cannot have one of its own).
 */
export function workersPinning(): Pinning {
  return { server: null, generator: null, text: 'nothing pinned for either (the workers and the generator share both cores alike)' };
}

/** The command that runs `argv` on `cpus` (taskset -c), or argv itself when unpinned. */
export function pinned(cpus: string | null, argv: string[]): string[] {
  return cpus === null ? argv : ['taskset', '-c', cpus, ...argv];
}

/**
 * What 2 cores can show of "two processes ≥ 1.6× one": from the one-process run, the CPU one
 * request costs (server processes and generator together), and so the cores 1.6× its rate
 * would need. When that is more than the machine has, the ratio cannot show the app's scaling.
 */
/** The cores of CPU a figure's server and generator got: their CPU seconds over its wall time; null without CPU figures. */
export function coresUsed(f: { rps: number; total: number; serverCpuSeconds?: number | null; generatorCpuSeconds?: number | null }): number | null {
  if (typeof f.serverCpuSeconds !== 'number' || typeof f.generatorCpuSeconds !== 'number' || f.rps <= 0) return null;
  return (f.serverCpuSeconds + f.generatorCpuSeconds) / (f.total / f.rps);
}

/**
 * The cores that work other than the figure's server and generator used over its wall time
 * (the machine's busy CPU less theirs): the database server's backends on a PostgreSQL figure,
 * and a neighbour, a checkpoint or a process left running by an earlier phase on any. Null
 * without the three CPU figures; never below 0 (the clocks are read a moment apart).
 */
export function otherCores(f: { rps: number; total: number; serverCpuSeconds?: number | null; generatorCpuSeconds?: number | null; machineCpuSeconds?: number | null }): number | null {
  if (typeof f.machineCpuSeconds !== 'number' || typeof f.serverCpuSeconds !== 'number' || typeof f.generatorCpuSeconds !== 'number' || f.rps <= 0) return null;
  return Math.max(0, f.machineCpuSeconds - f.serverCpuSeconds - f.generatorCpuSeconds) / (f.total / f.rps);
}

export function workersHeadroom(one: { rps: number; serverCpuSeconds: number; generatorCpuSeconds: number; total: number }, cores: number, wanted = 1.6): { coresNeeded: number; cpuPerRequestUs: number; feasible: boolean } {
  const cpuPerRequest = (one.serverCpuSeconds + one.generatorCpuSeconds) / Math.max(1, one.total);
  const coresNeeded = wanted * one.rps * cpuPerRequest;
  return { coresNeeded, cpuPerRequestUs: cpuPerRequest * 1e6, feasible: coresNeeded <= cores };
}

/**
 * The rate schedule of wrk.lua (WRK_RATE): how many connections carry a fixed rate, each with its
 * own slot every connections/rate seconds. Enough that a connection's slot interval (50 ms or
 * more at up to 1,280 req/s) is well above a read's service time, so a connection is usually
 * idle when its next slot comes and the load stays close to open-loop; at least 16 (a slow
 * search does not hold the whole schedule), at most 64 (one wrk thread each).
 */
export function fixedRateConnections(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) throw new GeneratorError(`a fixed rate must be a positive number of requests per second, got ${rate}`);
  return Math.min(FIXED_RATE_MAX_CONNECTIONS, Math.max(FIXED_RATE_MIN_CONNECTIONS, Math.ceil(rate * 0.05)));
}

/** The fewest and the most connections of a fixed-rate load (fixedRateConnections). */
export const FIXED_RATE_MIN_CONNECTIONS = 16;
export const FIXED_RATE_MAX_CONNECTIONS = 64;

/** The rates a read (or a search) is measured at below saturation: a share of its saturated rate in the same run, and an absolute one. */
export function fixedRates(saturatedRps: number, absolute: number, share = 0.5): { rate: number; basis: string }[] {
  const rates: { rate: number; basis: string }[] = [];
  if (Number.isFinite(saturatedRps) && saturatedRps > 0) rates.push({ rate: Math.max(1, Math.round(saturatedRps * share)), basis: `${Math.round(share * 100)}% of saturated` });
  if (absolute > 0) rates.push({ rate: absolute, basis: 'absolute' });
  return rates;
}

/** A histogram of wrk.lua: [bucket, count] pairs, bucket b holding e^(b/100) to e^((b+1)/100) µs (b = -1: 0 µs). */
export type WrkHistogram = [number, number][];

/**
 * The q-th quantile (0 < q ≤ 1) of a wrk.lua histogram, in microseconds: the upper edge of the
 * bucket holding the ceil(q·n)-th smallest value, so it never understates (by at most 1 %).
 * NaN for an empty histogram.
 */
export function histogramQuantile(h: WrkHistogram, q: number): number {
  const sorted = [...h].sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((sum, [, c]) => sum + c, 0);
  if (count === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * count));
  let seen = 0;
  for (const [b, c] of sorted) {
    seen += c;
    if (seen >= rank) return b < 0 ? 0 : Math.exp((b + 1) / 100);
  }
  return Number.NaN;
}

interface WrkRateJson {
  rate: number;
  connections: number;
  durationUs: number;
  scheduledUs: number;
  due: number;
  sent: number;
  answered: number;
  non2xx: number;
  late: number;
  maxUs: number;
  fromMeant: WrkHistogram;
  fromSent: WrkHistogram;
  lag: WrkHistogram;
}

const isHistogram = (h: unknown): h is WrkHistogram => Array.isArray(h) && h.every((x) => Array.isArray(x) && x.length === 2 && x.every((y) => Number.isInteger(y)) && (x[1] as number) >= 0);

/**
 * wrk's output at a fixed rate (tests/bench/wrk.lua with WRK_RATE): the `WRK_RATE_JSON` line
 * as a LoadFigure whose p50/p99 are latencies from the time each request was meant to leave
 * (coordinated omission corrected per connection), its rate the answers per second of the
 * scheduled time, and `fixedRate` the rest: the rate asked, the latency from the send alone
 * (what wrk itself records), how late the sends were, and the slots that fell due and were
 * never sent (counted to the connection, about one per connection either way at the edges).
 * Socket errors and timeouts come from the `WRK_JSON` line. Throws when a line is missing or
 * malformed.
 */
export function parseWrkRateOutput(stdout: string): LoadFigure {
  const base = parseWrkOutput(stdout);
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_RATE_JSON '));
  if (!line) throw new GeneratorError(`wrk printed no WRK_RATE_JSON line (was WRK_RATE set?):\n${stdout.slice(0, 2_000)}`);
  let json: WrkRateJson;
  try {
    json = JSON.parse(line.slice('WRK_RATE_JSON '.length)) as WrkRateJson;
  } catch {
    throw new GeneratorError(`wrk's WRK_RATE_JSON line is not JSON: ${line.slice(0, 200)}`);
  }
  const numbers = [json.rate, json.connections, json.scheduledUs, json.due, json.sent, json.answered, json.non2xx, json.late, json.maxUs];
  if (!numbers.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || json.scheduledUs === 0 || json.rate === 0 || ![json.fromMeant, json.fromSent, json.lag].every(isHistogram)) {
    throw new GeneratorError(`wrk's WRK_RATE_JSON line lacks a figure: ${line.slice(0, 200)}`);
  }
  const q = (h: WrkHistogram, p: number) => ms(histogramQuantile(h, p));
  // The answers per second of the schedule's window (requests sent after it are none: wrk.lua stops sending).
  const seconds = json.scheduledUs / 1e6;
  const non2xx = Math.min(json.non2xx, json.answered);
  const fixedRate: FixedRateInfo = {
    asked: json.rate,
    connections: json.connections,
    paced: 'wrk',
    fromMeant: true,
    sentRps: json.sent / seconds,
    due: json.due,
    unsent: Math.max(0, json.due - json.sent),
    late: json.late,
    serviceP50: q(json.fromSent, 0.5),
    serviceP99: q(json.fromSent, 0.99),
    lagP99: q(json.lag, 0.99),
    p999: q(json.fromMeant, 0.999),
    max: ms(json.maxUs),
  };
  return {
    rps: json.answered / seconds,
    p50: q(json.fromMeant, 0.5),
    p99: q(json.fromMeant, 0.99),
    total: json.answered,
    ok: json.answered - non2xx,
    non2xx,
    errors: base.errors,
    timeouts: base.timeouts ?? 0,
    generator: 'wrk',
    fixedRate,
  };
}
