import { describe, expect, it } from 'vitest';
import {
  chooseGenerator, coresUsed, otherCores, fixedRateConnections, fixedRates, GeneratorError, histogramQuantile, parseShellTimes, parseWrkOutput, parseWrkRateOutput, pinned, fixedRatePacing,
  singleProcessPinning, workersHeadroom, workersPinning, wrkConfig, type WrkHistogram,
} from '../bench/generator';
import { machineBusySeconds } from '../bench/proc-cpu';

// What wrk 4.1 prints with tests/bench/wrk.lua: its own summary, then done()'s line.
const wrkOutput = (line: string) => [
  'Running 3s test @ http://127.0.0.1:40211/api/topics/7',
  '  1 threads and 50 connections',
  '  Thread Stats   Avg      Stdev     Max   +/- Stdev',
  '    Latency     3.10ms    1.02ms  31.40ms   90.12%',
  '  30120 requests in 3.00s, 420.11MB read',
  'Requests/sec:  10040.00',
  line,
  '',
].join('\n');
const errors = { connect: 0, read: 0, write: 0, status: 0, timeout: 0 };
const json = (over: Record<string, unknown> = {}) => `WRK_JSON ${JSON.stringify({ requests: 30_120, durationUs: 3_000_000, bytes: 440_000_000, p50Us: 2_987, p99Us: 12_345, maxUs: 31_400, errors, ...over })}`;

describe('chooseGenerator', () => {
  it('takes wrk when installed and autocannon when not, saying why', () => {
    expect(chooseGenerator('auto', true, false)).toEqual({ generator: 'wrk', why: 'installed' });
    expect(chooseGenerator('auto', false, false)).toEqual({ generator: 'autocannon', why: 'wrk is not installed (apt-get install -y wrk)' });
    expect(chooseGenerator('autocannon', true, false).generator).toBe('autocannon');
    expect(chooseGenerator('wrk', true, false)).toEqual({ generator: 'wrk', why: 'asked for (--generator wrk)' });
  });

  it('measures a fixed rate with autocannon unless wrk is asked for by name, which wrk.lua then paces', () => {
    expect(chooseGenerator('auto', true, true)).toEqual({ generator: 'autocannon', why: 'a fixed rate: autocannon keeps one (overallRate)' });
    expect(chooseGenerator('autocannon', true, true).generator).toBe('autocannon');
    expect(chooseGenerator('wrk', true, true)).toEqual({ generator: 'wrk', why: expect.stringContaining('paced by tests/bench/wrk.lua') });
    expect(() => chooseGenerator('wrk', false, true)).toThrow(GeneratorError);
  });

  it('refuses wrk asked for when it is not installed, saying how to install it', () => {
    expect(() => chooseGenerator('wrk', false, false)).toThrow(GeneratorError);
    expect(() => chooseGenerator('wrk', false, false)).toThrow(/apt-get install -y wrk/);
  });
});

describe('fixedRatePacing', () => {
  it('paces posting\'s fixed rate with wrk.lua when wrk is installed, unless autocannon is asked for', () => {
    expect(fixedRatePacing('auto', true)).toBe('wrk');
    expect(fixedRatePacing('wrk', true)).toBe('wrk');
    expect(fixedRatePacing('autocannon', true)).toBe('autocannon');
    expect(fixedRatePacing('auto', false)).toBe('autocannon');
  });
});

describe('wrkConfig', () => {
  it('writes the method, a line per header, the body and the paths in turn', () => {
    expect(wrkConfig({ method: 'POST', headers: { 'content-type': 'application/json', cookie: 'gr_session=abc; x=1' }, body: '{"body":"群众"}', paths: ['/api/topics/1/posts', '/api/topics/2/posts'] }, '/api/topics/1/posts')).toBe(
      'method POST\nheader content-type: application/json\nheader cookie: gr_session=abc; x=1\nbody {"body":"群众"}\npath /api/topics/1/posts\npath /api/topics/2/posts\n',
    );
  });

  it('reads a GET of the URL\'s own path, query included, when no paths are given', () => {
    expect(wrkConfig({}, '/api/search?q=%E7%BE%A4')).toBe('method GET\npath /api/search?q=%E7%BE%A4\n');
    expect(wrkConfig({ paths: [] }, '/x')).toBe('method GET\npath /x\n');
  });

  it('refuses a value with a line break, which wrk.lua would read as two lines', () => {
    expect(() => wrkConfig({ body: '{"a":"1"}\nmethod DELETE' }, '/x')).toThrow(GeneratorError);
    expect(() => wrkConfig({ headers: { cookie: 'a\r\nb' } }, '/x')).toThrow(/line break/);
  });
});

describe('parseWrkOutput', () => {
  it('reads requests/s, p50 and p99 in ms, and the counts from the WRK_JSON line', () => {
    expect(parseWrkOutput(wrkOutput(json()))).toEqual({ rps: 10_040, p50: 2.99, p99: 12.35, total: 30_120, ok: 30_120, non2xx: 0, errors: 0, timeouts: 0, generator: 'wrk' });
  });

  it('counts status errors as non-2xx and socket errors and timeouts apart', () => {
    const f = parseWrkOutput(wrkOutput(json({ requests: 1_000, errors: { connect: 1, read: 2, write: 3, status: 40, timeout: 5 } })));
    expect(f).toMatchObject({ total: 1_000, ok: 960, non2xx: 40, errors: 6, timeouts: 5 });
  });

  it('refuses output without the line, with a broken line or with a figure missing', () => {
    expect(() => parseWrkOutput('Running 3s test @ http://127.0.0.1:1/\n')).toThrow(/no WRK_JSON line/);
    expect(() => parseWrkOutput(wrkOutput('WRK_JSON {"requests":'))).toThrow(/not JSON/);
    expect(() => parseWrkOutput(wrkOutput(json({ p99Us: undefined })))).toThrow(/lacks a figure/);
    expect(() => parseWrkOutput(wrkOutput(json({ durationUs: 0 })))).toThrow(/lacks a figure/);
    expect(() => parseWrkOutput(wrkOutput(json({ requests: -1 })))).toThrow(GeneratorError);
  });
});

describe('parseShellTimes', () => {
  it('answers the children\'s user + system seconds from the shell\'s `times`, in dash\'s and bash\'s forms', () => {
    expect(parseShellTimes('0m0.001000s 0m0.002000s\n0m1.250000s 0m0.500000s\n')).toBeCloseTo(1.75, 6);
    expect(parseShellTimes('some wrk warning\n0m0.000s 0m0.000s\n1m2.500s 0m0.250s\n')).toBeCloseTo(62.75, 6);
  });

  it('answers null without both lines', () => {
    expect(parseShellTimes('')).toBeNull();
    expect(parseShellTimes('0m0.001s 0m0.002s\n')).toBeNull();
    expect(parseShellTimes('Segmentation fault\n')).toBeNull();
  });
});

describe('pinning', () => {
  it('puts the server on CPU 0 and the generator on CPU 1 with taskset and two CPUs or more', () => {
    expect(singleProcessPinning(2, true)).toMatchObject({ server: '0', generator: '1' });
    expect(singleProcessPinning(8, true).text).toContain('the server on CPU 0, the load generator on CPU 1');
  });

  it('pins nothing on one CPU or without taskset, and says so', () => {
    expect(singleProcessPinning(1, true)).toEqual({ server: null, generator: null, text: 'nothing pinned (1 CPU)' });
    expect(singleProcessPinning(2, false)).toEqual({ server: null, generator: null, text: 'nothing pinned (no taskset)' });
  });

  it('pins nothing for one process against two, alike for both', () => {
    expect(workersPinning()).toMatchObject({ server: null, generator: null });
  });

  it('prefixes taskset -c only when pinned', () => {
    expect(pinned('1', ['wrk', '-t1'])).toEqual(['taskset', '-c', '1', 'wrk', '-t1']);
    expect(pinned(null, ['wrk', '-t1'])).toEqual(['wrk', '-t1']);
  });
});

describe('workersHeadroom', () => {
  it('answers the cores 1.6× the one-process rate needs from the CPU one request cost', () => {
    // 2,000 req/s; 16,000 requests took 4 s server + 0.8 s generator CPU: 300 µs each.
    const room = workersHeadroom({ rps: 2_000, total: 16_000, serverCpuSeconds: 4, generatorCpuSeconds: 0.8 }, 2);
    expect(room.cpuPerRequestUs).toBeCloseTo(300, 6);
    expect(room.coresNeeded).toBeCloseTo(0.96, 6);
    expect(room.feasible).toBe(true);
    expect(workersHeadroom({ rps: 4_000, total: 32_000, serverCpuSeconds: 12, generatorCpuSeconds: 2 }, 2).feasible).toBe(false);
  });
});

describe('machineBusySeconds', () => {
  it('reads the cores\' busy CPU seconds from /proc/stat, and they do not go back', () => {
    const before = machineBusySeconds();
    expect(typeof before).toBe('number');
    expect(before).toBeGreaterThan(0);
    let x = 0;
    for (let i = 0; i < 2e6; i += 1) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(machineBusySeconds()).toBeGreaterThanOrEqual(before ?? Infinity);
  });
});

describe('otherCores', () => {
  it('answers the machine\'s busy CPU less the server\'s and the generator\'s, over the figure\'s wall time', () => {
    // 8 s; the machine busy 12 s, of which 6 + 2 s the server and the generator: half a core for the rest.
    expect(otherCores({ rps: 2_000, total: 16_000, serverCpuSeconds: 6, generatorCpuSeconds: 2, machineCpuSeconds: 12 })).toBeCloseTo(0.5, 6);
    expect(otherCores({ rps: 2_000, total: 16_000, serverCpuSeconds: 6, generatorCpuSeconds: 2, machineCpuSeconds: 7.9 })).toBe(0);
  });

  it('answers null without any of the three CPU figures or without requests', () => {
    expect(otherCores({ rps: 2_000, total: 16_000, serverCpuSeconds: 6, generatorCpuSeconds: 2 })).toBeNull();
    expect(otherCores({ rps: 2_000, total: 16_000, serverCpuSeconds: null, generatorCpuSeconds: 2, machineCpuSeconds: 12 })).toBeNull();
    expect(otherCores({ rps: 0, total: 0, serverCpuSeconds: 1, generatorCpuSeconds: 1, machineCpuSeconds: 3 })).toBeNull();
  });
});

describe('coresUsed', () => {
  it('answers the server and generator CPU seconds over the figure\'s wall time', () => {
    // 16,000 requests at 2,000 req/s: 8 s; 6 + 2 s of CPU: one core.
    expect(coresUsed({ rps: 2_000, total: 16_000, serverCpuSeconds: 6, generatorCpuSeconds: 2 })).toBeCloseTo(1, 6);
  });

  it('answers null without CPU figures or without requests', () => {
    expect(coresUsed({ rps: 2_000, total: 16_000, serverCpuSeconds: null, generatorCpuSeconds: 2 })).toBeNull();
    expect(coresUsed({ rps: 2_000, total: 16_000 })).toBeNull();
    expect(coresUsed({ rps: 0, total: 0, serverCpuSeconds: 1, generatorCpuSeconds: 1 })).toBeNull();
  });
});

/** A wrk.lua histogram bucket holding `us` microseconds (as wrk.lua's bucket()). */
const bucketOf = (us: number) => (us < 1 ? -1 : Math.floor(Math.log(us) * 100));
const histogram = (values: number[]): WrkHistogram => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]);
};

describe('fixedRateConnections', () => {
  it('spreads a rate over enough connections for a slot every 50 ms, 16 to 64 of them', () => {
    expect(fixedRateConnections(1_000)).toBe(50);
    expect(fixedRateConnections(140)).toBe(16);
    expect(fixedRateConnections(5_000)).toBe(64);
    expect(fixedRateConnections(1_001)).toBe(51);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => fixedRateConnections(0)).toThrow(GeneratorError);
    expect(() => fixedRateConnections(Number.NaN)).toThrow(GeneratorError);
  });
});

describe('fixedRates', () => {
  it('answers half the saturated rate of the run and the absolute rate, saying which is which', () => {
    expect(fixedRates(3_791.4, 1_000)).toEqual([{ rate: 1_896, basis: '50% of saturated' }, { rate: 1_000, basis: 'absolute' }]);
    expect(fixedRates(371, 140, 0.25)).toEqual([{ rate: 93, basis: '25% of saturated' }, { rate: 140, basis: 'absolute' }]);
  });

  it('leaves out the share when nothing was answered at saturation, and the absolute rate when it is 0', () => {
    expect(fixedRates(0, 1_000)).toEqual([{ rate: 1_000, basis: 'absolute' }]);
    expect(fixedRates(2_000, 0)).toEqual([{ rate: 1_000, basis: '50% of saturated' }]);
  });
});

describe('histogramQuantile', () => {
  it('answers the upper edge of the bucket of the ceil(q·n)-th value: never below it, at most 1 % above', () => {
    const values = Array.from({ length: 1_000 }, (_, i) => (i + 1) * 10); // 10 µs … 10 ms
    const h = histogram(values);
    for (const [q, exact] of [[0.5, 5_000], [0.99, 9_900], [1, 10_000], [0.001, 10]] as const) {
      const got = histogramQuantile(h, q);
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got).toBeLessThanOrEqual(exact * 1.0101);
    }
  });

  it('reads zeros from bucket -1, buckets in any order, and NaN from an empty histogram', () => {
    expect(histogramQuantile([[-1, 99], [500, 1]], 0.99)).toBe(0);
    expect(histogramQuantile([[700, 1], [-1, 1]], 1)).toBeCloseTo(Math.exp(7.01), 6);
    expect(histogramQuantile([], 0.5)).toBeNaN();
  });
});

describe('parseWrkRateOutput', () => {
  // A run at 1,000 req/s over 50 connections, 2.5 s of schedule: 2,500 slots, 2,490 sent, 2,480
  // answered (2 with 503). 20 answers took 40 ms, the rest 1 ms from the send; each slow one held
  // its connection up, so the request behind it left 30 ms late and took 31 ms from its slot. Sent
  // alone, the p99 (the 2,456th of 2,480) is 1 ms; from the meant time it is 31 ms.
  const rateJson = (over: Record<string, unknown> = {}) => {
    const fromSent = histogram([...Array<number>(2_460).fill(1_000), ...Array<number>(20).fill(40_000)]);
    const fromMeant = histogram([...Array<number>(2_440).fill(1_000), ...Array<number>(20).fill(31_000), ...Array<number>(20).fill(40_000)]);
    const lag = histogram([...Array<number>(2_470).fill(0), ...Array<number>(20).fill(30_000)]);
    return `WRK_RATE_JSON ${JSON.stringify({ rate: 1_000, connections: 50, durationUs: 3_000_000, scheduledUs: 2_500_000, due: 2_500, sent: 2_490, answered: 2_480, non2xx: 2, late: 20, maxUs: 40_000, fromMeant, fromSent, lag, ...over })}`;
  };
  const output = (over: Record<string, unknown> = {}) => `${wrkOutput(json({ requests: 2_480, errors: { ...errors, read: 1, timeout: 3 } }))}${rateJson(over)}\n`;

  it('reads p50 and p99 from the time each request was meant to leave, with the send-only figures beside them', () => {
    const f = parseWrkRateOutput(output());
    expect(f).toMatchObject({ total: 2_480, ok: 2_478, non2xx: 2, errors: 1, timeouts: 3, generator: 'wrk' });
    expect(f.rps).toBeCloseTo(992, 6);
    expect(f.p50).toBeCloseTo(1, 1);
    // The 99th percentile lands among the requests held up behind a slow one: the send alone shows 1 ms there.
    expect(f.p99).toBeGreaterThanOrEqual(31);
    expect(f.p99).toBeLessThan(31.4);
    expect(f.fixedRate).toMatchObject({ asked: 1_000, connections: 50, paced: 'wrk', fromMeant: true, due: 2_500, unsent: 10, late: 20, max: 40 });
    expect(f.fixedRate?.serviceP99).toBeGreaterThanOrEqual(1);
    expect(f.fixedRate?.serviceP99).toBeLessThan(1.02);
    expect(f.fixedRate?.lagP99).toBe(0);
    expect(f.fixedRate?.sentRps).toBeCloseTo(996, 6);
  });

  it('counts no unsent slots when more were sent than fell due', () => {
    expect(parseWrkRateOutput(output({ sent: 2_501 })).fixedRate?.unsent).toBe(0);
  });

  it('refuses output without the rate line, with a broken one, or with a figure or a histogram missing', () => {
    expect(() => parseWrkRateOutput(wrkOutput(json()))).toThrow(/no WRK_RATE_JSON line/);
    expect(() => parseWrkRateOutput(`${wrkOutput(json())}WRK_RATE_JSON {"rate":\n`)).toThrow(/not JSON/);
    expect(() => parseWrkRateOutput(output({ scheduledUs: 0 }))).toThrow(/lacks a figure/);
    expect(() => parseWrkRateOutput(output({ due: undefined }))).toThrow(/lacks a figure/);
    expect(() => parseWrkRateOutput(output({ lag: [[1, 2, 3]] }))).toThrow(/lacks a figure/);
    expect(() => parseWrkRateOutput(output({ fromMeant: 'x' }))).toThrow(GeneratorError);
  });
});
