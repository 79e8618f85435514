import cluster, { type Worker } from 'node:cluster';
import { ConfigError, loadConfig } from './config';

/**
 * `npm run start:cluster`: WORKERS processes of the app on one port (node:cluster hands each
 * new connection to a worker in turn). The workers are stateless: sessions, the event log and
 * realtime fan-out live in PostgreSQL (LISTEN/NOTIFY through the socket.io adapter), so this
 * needs DATABASE_URL; several processes cannot share one embedded database directory.
 *
 * socket.io's polling transport sends one client's requests over several connections, which
 * must reach the same process (sticky sessions). Rather than route every connection through
 * the primary to read its session id (and proxy request bodies over IPC), the workers accept
 * websocket only: a websocket is one connection, so it stays on one worker, and the web app
 * opens a websocket first. Where the polling fallback matters, run the processes behind
 * nginx with deploy/nginx.conf, which keeps /socket.io/ sticky by client address.
 */
if (cluster.isPrimary) {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
  if (!config.databaseUrl) {
    console.error(
      'npm run start:cluster needs DATABASE_URL (a PostgreSQL server): several processes cannot share one embedded database.\n' +
        'Set DATABASE_URL=postgres://user:password@host:5432/grassroots, or run one process with npm start.',
    );
    process.exit(1);
  }
  const workers = config.workers;
  console.log(`Grassroots cluster: starting ${workers} workers on ${config.publicUrl} (realtime over websocket only; see README)`);
  let stopping = false;
  const fork = (): Worker => cluster.fork({ REALTIME_TRANSPORTS: 'websocket' });
  for (let i = 0; i < workers; i += 1) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting another in 1 s`);
    setTimeout(fork, 1_000).unref();
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing the workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), 12_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} else {
  // A worker is the ordinary server: main.ts listens, and node:cluster shares the port.
  await import('./main');
}
