import autocannon from 'autocannon';

/**
 * The load generator, run as its own process so it does not share the server's event loop:
 * `tsx tests/bench/load.ts '<json options>'` prints one JSON line of results. Keep-alive
 * connections to 127.0.0.1 only, for a bounded duration.
 */
interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Paths to spread the requests over (each request takes the next, in turn). */
  paths?: string[];
  /** A fixed rate: this many requests per second over all connections (autocannon's overallRate). */
  rate?: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
if (!/^http:\/\/127\.0\.0\.1:\d+/.test(options.url)) throw new Error('load goes to 127.0.0.1 only');
let turn = 0;
const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: Math.min(60, options.duration),
  method: options.method ?? 'GET',
  headers: options.headers ?? {},
  ...(options.body !== undefined ? { body: options.body } : {}),
  ...(options.rate !== undefined ? { overallRate: options.rate } : {}),
  ...(options.paths
    ? {
      requests: [{
        setupRequest: (req: { path?: string }) => {
          turn += 1;
          return { ...req, path: options.paths![turn % options.paths!.length] };
        },
      }],
    }
    : {}),
});
console.log(JSON.stringify({
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  total: result.requests.total,
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  duration: result.duration,
}));
