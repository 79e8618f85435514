import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What other modules may count: cache hits and misses (the caches of issue 14's part two
 * call these), realtime event lag, and the open sockets.
 */
export interface Metrics {
  /** This app's registry (one per app: two apps in one process keep their own figures). */
  registry: Registry;
  /** One answer served from the named cache. */
  cacheHit(cache: string): void;
  /** One answer the named cache did not hold, loaded for this request. */
  cacheMiss(cache: string): void;
  /** One answer the named cache did not hold, taken from a load another request had begun. */
  cacheJoined(cache: string): void;
  /** One background reload of an answer late in its lifetime, started by a hit. */
  cacheRefresh(cache: string): void;
  /**
   * Seconds from a committed event's publish to its delivery to this process's sockets:
   * `local` for events committed here, `remote` for events another process committed
   * (measured from its publish, so across machines it includes their clock skew).
   */
  observeEventLag(path: 'local' | 'remote', seconds: number): void;
  /** Where the open-sockets gauge reads its value (the realtime plugin sets it). */
  countSocketsWith(read: () => number): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Prometheus metrics of this app (see GET /api/metrics). */
    metrics: Metrics;
  }
}

/**
 * Request rates and latencies by route pattern (`/api/topics/:id`, never the raw URL, so
 * the label set stays small), the cache and realtime figures other modules feed, and Node's
 * own (event-loop lag, heap, GC), in a registry of this app.
 */
export default fp(
  async (app) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'grassroots_' });
    const requests = new Counter({
      name: 'grassroots_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const durations = new Histogram({
      name: 'grassroots_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by method and route pattern.',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    const cache = new Counter({
      name: 'grassroots_cache_requests_total',
      help: 'Lookups in the in-process caches, by cache and result (hit; miss, loaded for the request; joined, waited for a load under way; refresh, a background reload a late hit started).',
      labelNames: ['cache', 'result'] as const,
      registers: [registry],
    });
    const lag = new Histogram({
      name: 'grassroots_realtime_event_lag_seconds',
      help: 'Seconds from publishing a committed event to handing it to the sockets of this process, by path (local or remote).',
      labelNames: ['path'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
    let readSockets: () => number = () => 0;
    new Gauge({
      name: 'grassroots_realtime_open_sockets',
      help: 'Realtime (socket.io) connections open on this process.',
      registers: [registry],
      collect() {
        this.set(readSockets());
      },
    });

    app.decorate('metrics', {
      registry,
      cacheHit: (name) => cache.inc({ cache: name, result: 'hit' }),
      cacheMiss: (name) => cache.inc({ cache: name, result: 'miss' }),
      cacheJoined: (name) => cache.inc({ cache: name, result: 'joined' }),
      cacheRefresh: (name) => cache.inc({ cache: name, result: 'refresh' }),
      observeEventLag: (path, seconds) => lag.observe({ path }, seconds),
      countSocketsWith: (read) => {
        readSockets = read;
      },
    } satisfies Metrics);

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern; requests no route matched (404s, probes) share one label.
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      durations.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
  },
  { name: 'metrics' },
);
