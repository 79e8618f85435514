/** Thrown for a command line the seed cannot use; its message says what to write instead. */
export class SeedArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedArgsError';
  }
}

/** The seed's command line, validated. */
export interface SeedArgs {
  posts: number;
  seed: number;
  batch: number;
}

const USAGE = 'usage: npm run seed -- --posts N [--seed S] [--batch B]   (N may end in k or m: 100k, 1m)';

/** A count such as 2000, 100k or 1m; null when it is not one. */
export function parseCount(raw: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(raw.trim().replace(/_/g, ''));
  if (!match) return null;
  const value = Number(match[1]) * (match[2]?.toLowerCase() === 'm' ? 1_000_000 : match[2]?.toLowerCase() === 'k' ? 1_000 : 1);
  return Number.isSafeInteger(value) ? value : null;
}

/** Reads `--posts N [--seed S] [--batch B]`; throws SeedArgsError naming the problem. */
export function parseSeedArgs(argv: string[]): SeedArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (!['--posts', '--seed', '--batch'].includes(name)) throw new SeedArgsError(`unknown option "${arg}"\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new SeedArgsError(`${name} needs a value\n${USAGE}`);
    values.set(name, value);
  }
  const count = (name: string, fallback: number | null, min: number, max: number): number => {
    const raw = values.get(name);
    if (raw === undefined) {
      if (fallback === null) throw new SeedArgsError(`${name} is required\n${USAGE}`);
      return fallback;
    }
    const value = parseCount(raw);
    if (value === null || value < min || value > max) throw new SeedArgsError(`${name} must be a whole number from ${min} to ${max.toLocaleString('en')}, got "${raw}"\n${USAGE}`);
    return value;
  };
  return { posts: count('--posts', null, 1, 20_000_000), seed: count('--seed', 1, 0, 2 ** 31), batch: count('--batch', 5_000, 100, 100_000) };
}

/** One line of the progress bar: bar, percentage, count, rate and time left. */
export function progressLine(done: number, total: number, elapsedMs: number): string {
  const width = 30;
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (total - done) / rate : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
    `${done.toLocaleString('en')}/${total.toLocaleString('en')} posts  ${Math.round(rate).toLocaleString('en')}/s  ETA ${formatSeconds(eta)}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}
