import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import path from 'node:path';

/** Everything the server needs to know about its environment, read once at start. */
export interface AppConfig {
  /** A postgres:// URL of a PostgreSQL server; null selects the embedded database. */
  databaseUrl: string | null;
  /**
   * A postgres:// URL of a read replica (or a second pool on the same server): reads that
   * tolerate lag (search, public lists) go there when set; null sends every read to the primary.
   */
  databaseReplicaUrl: string | null;
  /** Where the embedded database and uploaded files live. */
  dataDir: string;
  host: string;
  port: number;
  /** The address users reach, for absolute links in feeds and notifications; the origin realtime accepts. */
  publicUrl: string;
  /** The first admin, created when no admin exists; a null password means generate one. */
  adminUsername: string;
  adminPassword: string | null;
  /** Topics and replies one member may create per minute; 0 turns the limit off. */
  postRateLimit: number;
  /** The most new posts (replies, topics) committed together in one transaction; 1 commits each alone (the embedded database's default). */
  postCommitGroup: number;
  /** Accounts one address may register per hour; 0 turns the limit off. */
  registrationRateLimit: number;
  /** A new account's first N posts (topics and replies) wait for a moderator's approval; 0 turns it off. */
  holdNewAccountPosts: number;
  /**
   * Failed sign-ins allowed per account-and-address, and per address, before that address
   * waits; the longest wait is `loginFailureWindowMs` (see authenticate in services/accounts).
   */
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  loginFailureWindowMs: number;
  /** Requests one personal API token may make per minute; 0 turns the limit off. */
  tokenRateLimit: number;
  /** Changes (any write) one signed-in member may make per minute, by cookie or token; 0 turns it off. */
  writeRateLimit: number;
  /** Post edits (each keeps a revision) one member may make per minute; 0 turns it off. */
  editRateLimit: number;
  /** Draft saves one member may make per minute; 0 turns it off. */
  draftRateLimit: number;
  /** Personal API tokens one member may create per hour; 0 turns it off. */
  tokenCreateRateLimit: number;
  /** The largest photo upload accepted, in bytes; a larger one is answered 413 before it is all read. */
  uploadMaxBytes: number;
  /** Photos one member may upload per hour; 0 turns the limit off. */
  uploadRatePerHour: number;
  /** How long a session lives without use. */
  sessionTtlMs: number;
  /** How often each process looks for scheduled column editions that are due (ms). */
  columnSchedulerIntervalMs: number;
  /** How long a request, body included, may take to arrive before it is answered 408. */
  requestTimeoutMs: number;
  /** How long a connection may stay silent (no byte either way) before it is closed. */
  connectionTimeoutMs: number;
  /** Log level for pino: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Trust X-Forwarded-* headers from a reverse proxy in front of the server. */
  trustProxy: boolean;
  /** Directory holding the built web bundle (index.html and assets). */
  webDir: string;
  /** Directory holding the drizzle-kit migrations. */
  migrationsDir: string;
  /** Addresses allowed to read /api/metrics without signing in (admins always may). */
  metricsAllow: string[];
  /** Bytes the in-process cache of public reads may hold (0 turns it off). */
  cacheMaxBytes: number;
  /**
   * Milliseconds a cached public answer stays good however quiet its rooms (0: no expiry): the
   * longest a lost cross-process notice can leave an answer stale.
   */
  cacheTtlMs: number;
  /** Worker processes `npm run start:cluster` starts (default: the number of CPUs). */
  workers: number;
  /**
   * The socket.io transports the server accepts. Polling needs every request of a client on
   * the same process (sticky sessions); websocket alone does not (`npm run start:cluster`).
   */
  realtimeTransports: ('websocket' | 'polling')[];
}

/** A problem with one environment variable, as reported at start. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown by loadConfig with every problem found, so an operator can fix them all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The repository root, where migrations/ and dist/ are found. */
export const ROOT_DIR = path.resolve(import.meta.dirname, '..');

/**
 * Reads `.env` (if present) and the environment, validates every variable, and returns the
 * configuration. Throws ConfigError listing every problem at once.
 */
export function loadConfig(
  env: Record<string, string | undefined> = readEnvironment(),
): AppConfig {
  const problems: ConfigProblem[] = [];
  const str = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push({ variable: name, message: `must be a whole number from ${min} to ${max}, got "${raw}"` });
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push({ variable: name, message: `must be true or false, got "${raw}"` });
    return fallback;
  };

  const databaseUrl = str('DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push({ variable: 'DATABASE_URL', message: 'must be a postgres:// or postgresql:// URL' });
  }
  const databaseReplicaUrl = str('DATABASE_REPLICA_URL') ?? null;
  if (databaseReplicaUrl !== null && !/^postgres(ql)?:\/\//.test(databaseReplicaUrl)) {
    problems.push({ variable: 'DATABASE_REPLICA_URL', message: 'must be a postgres:// or postgresql:// URL' });
  } else if (databaseReplicaUrl !== null && databaseUrl === null) {
    problems.push({ variable: 'DATABASE_REPLICA_URL', message: 'needs DATABASE_URL too: the embedded database has no replica' });
  }
  const metricsAllow = (str('METRICS_ALLOW') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  for (const address of metricsAllow) {
    if (isIP(address) === 0) problems.push({ variable: 'METRICS_ALLOW', message: `must be a comma-separated list of IP addresses, got "${address}"` });
  }
  const realtimeTransports = (str('REALTIME_TRANSPORTS') ?? 'websocket,polling').split(',').map((t) => t.trim());
  if (realtimeTransports.length === 0 || realtimeTransports.some((t) => t !== 'websocket' && t !== 'polling')) {
    problems.push({ variable: 'REALTIME_TRANSPORTS', message: `must be "websocket,polling" or "websocket", got "${realtimeTransports.join(',')}"` });
  }
  const host = str('HOST') ?? '127.0.0.1';
  const port = int('PORT', 3000, 0, 65535);
  const publicUrl = (str('PUBLIC_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    problems.push({ variable: 'PUBLIC_URL', message: `must be an http:// or https:// address, got "${publicUrl}"` });
  }
  const adminUsername = str('ADMIN_USERNAME') ?? 'admin';
  if (!/^[A-Za-z0-9_-]{3,32}$/.test(adminUsername)) {
    problems.push({ variable: 'ADMIN_USERNAME', message: 'must be 3–32 letters, digits, _ or -' });
  }
  const adminPassword = env.ADMIN_PASSWORD && env.ADMIN_PASSWORD.length > 0 ? env.ADMIN_PASSWORD : null;
  if (adminPassword !== null && adminPassword.length < 10) {
    problems.push({ variable: 'ADMIN_PASSWORD', message: 'must be at least 10 characters' });
  }
  const logLevel = str('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push({ variable: 'LOG_LEVEL', message: `must be one of ${LOG_LEVELS.join(', ')}` });
  }

  const config: AppConfig = {
    databaseUrl,
    databaseReplicaUrl,
    dataDir: path.resolve(str('DATA_DIR') ?? './data'),
    host,
    port,
    publicUrl,
    adminUsername,
    adminPassword,
    postRateLimit: int('POST_RATE_LIMIT', 20, 0, 1_000_000),
    // Group commit measured as paying on both databases: less CPU per post, more posts/s and a
    // lower p99 (bench/results/2026-12-03-*-pglite-posting.md for the embedded one).
    postCommitGroup: int('POST_COMMIT_GROUP', 32, 1, 1000),
    registrationRateLimit: int('REGISTRATION_RATE_LIMIT', 10, 0, 1_000_000),
    holdNewAccountPosts: int('HOLD_NEW_ACCOUNT_POSTS', 0, 0, 1000),
    loginFailuresPerAccount: int('LOGIN_FAILURES_PER_ACCOUNT', 5, 1, 1000),
    loginFailuresPerAddress: int('LOGIN_FAILURES_PER_ADDRESS', 20, 1, 100_000),
    loginFailureWindowMs: int('LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 24 * 60) * 60_000,
    tokenRateLimit: int('TOKEN_RATE_LIMIT', 600, 0, 1_000_000),
    writeRateLimit: int('WRITE_RATE_LIMIT', 300, 0, 1_000_000),
    editRateLimit: int('EDIT_RATE_LIMIT', 20, 0, 1_000_000),
    draftRateLimit: int('DRAFT_RATE_LIMIT', 120, 0, 1_000_000),
    tokenCreateRateLimit: int('TOKEN_CREATE_RATE_LIMIT', 10, 0, 1_000_000),
    uploadMaxBytes: int('UPLOAD_MAX_BYTES', 10 * 1_048_576, 1024, 100 * 1_048_576),
    uploadRatePerHour: int('UPLOAD_RATE_PER_HOUR', 60, 0, 1_000_000),
    sessionTtlMs: int('SESSION_TTL_DAYS', 30, 1, 365) * 86_400_000,
    columnSchedulerIntervalMs: int('COLUMN_SCHEDULER_INTERVAL_MS', 30_000, 10, 86_400_000),
    requestTimeoutMs: int('REQUEST_TIMEOUT_SECONDS', 60, 1, 3600) * 1000,
    connectionTimeoutMs: int('CONNECTION_TIMEOUT_SECONDS', 120, 1, 3600) * 1000,
    logLevel,
    trustProxy: bool('TRUST_PROXY', false),
    webDir: path.resolve(str('WEB_DIR') ?? path.join(ROOT_DIR, 'dist/web')),
    migrationsDir: path.join(ROOT_DIR, 'migrations'),
    metricsAllow,
    cacheMaxBytes: int('CACHE_MAX_BYTES', 64 * 1024 * 1024, 0, 64 * 1024 * 1024 * 1024),
    cacheTtlMs: int('CACHE_TTL_MS', 60_000, 0, 86_400_000),
    workers: int('WORKERS', availableParallelism(), 1, 256),
    realtimeTransports: [...new Set(realtimeTransports)].filter((t): t is 'websocket' | 'polling' => t === 'websocket' || t === 'polling'),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** process.env over the optional .env file in the working directory. */
function readEnvironment(): Record<string, string | undefined> {
  const file = path.resolve('.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}
