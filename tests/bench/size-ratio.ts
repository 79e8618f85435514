import os from 'node:os';
import { freePort } from '../helpers/nginx';
import { fixedRateConnections, fixedRatePacing, singleProcessPinning, type GeneratorChoice } from './generator';
import { LISTENING, load, startChild, tasksetInstalled, wrkInstalled } from './harness';
import { sizeRatioOrder, type LoadFigure, type SizeRatioPhase, type SizeRatioRound } from './report';
import { APP_NODE_ARGS } from './node-args';

/**
 * The size-ratio phase of the full bench (and of tests/bench/size-ratio.bench.ts): "read p99 at
 * 1M within 1.5× of p99 at 10k" measured so that the two sizes meet the same machine. The app of
 * each size (dist/main.js on its database, as the bench runs it) and bare Fastify sending each
 * size's bytes all listen for the whole phase; the sizes are loaded in turn, ABBA (10k, 1M, 1M,
 * 10k, …), each round every read at one fixed rate on the app and then on the same bytes, paced
 * by tests/bench/wrk.lua as the bench's other figures below saturation. report.ts judges it.
 */
export interface SizeRatioSide {
  name: string;
  size: number;
  /** The environment the bench gave the app of this size (DATABASE_URL, DATA_DIR, …). */
  baseEnv: Record<string, string>;
  /** bare-server.ts's plan of this size's pages (the app's bytes for each path). */
  planFile: string;
  paths: Record<string, string>;
}

export interface SizeRatioOptions {
  low: SizeRatioSide;
  high: SizeRatioSide;
  rate: number;
  rounds: number;
  duration: number;
  generator: GeneratorChoice;
  /** The directory whose dist/main.js is run (the checkout's by default). */
  appDir?: string;
  log?: (line: string) => void;
}

const TSX_ARGS = ['node_modules/tsx/dist/cli.mjs', 'tests/bench/bare-server.ts', 'bytes'];

/** Runs the phase: starts the four servers, warms each read on each, then the rounds; stops them all. */
export async function runSizeRatioPhase(options: SizeRatioOptions): Promise<SizeRatioPhase> {
  const log = options.log ?? ((line: string) => console.log(line));
  const pin = singleProcessPinning(os.cpus().length, tasksetInstalled());
  const paced: GeneratorChoice = fixedRatePacing(options.generator, wrkInstalled());
  const mainJs = options.appDir ? `${options.appDir}/dist/main.js` : 'dist/main.js';
  const started: { stop(): Promise<void> }[] = [];
  const servers = { low: { app: '', bare: '', appPid: 0, barePid: 0 }, high: { app: '', bare: '', appPid: 0, barePid: 0 } };
  try {
    for (const which of ['low', 'high'] as const) {
      const side = options[which];
      const port = await freePort();
      const app = await startChild([...APP_NODE_ARGS, mainJs], { ...side.baseEnv, PORT: String(port) }, LISTENING, 120_000, pin.server);
      started.push(app);
      const bare = await startChild([...TSX_ARGS, side.planFile], {}, LISTENING, 120_000, pin.server);
      started.push(bare);
      servers[which] = { app: app.url, bare: bare.url, appPid: app.child.pid ?? 0, barePid: bare.child.pid ?? 0 };
    }
    const at = (url: string, pid: number, p: string, duration: number): LoadFigure =>
      load({ url: `${url}${p}`, connections: fixedRateConnections(options.rate), duration, rate: options.rate, generator: paced, cpus: pin.generator, serverPids: pid ? [pid] : [] });
    // One read fills each app's cache; then a short round at the rate on every server and read,
    // not counted, so the JIT has compiled the hot paths before the first counted round.
    for (const which of ['low', 'high'] as const) {
      for (const p of Object.values(options[which].paths)) {
        const res = await fetch(`${servers[which].app}${p}`);
        await res.text();
        if (res.status !== 200) throw new Error(`${p} on ${options[which].name}: ${res.status}`);
        at(servers[which].app, servers[which].appPid, p, 1);
        at(servers[which].bare, servers[which].barePid, p, 1);
      }
    }
    const measured: SizeRatioRound[] = [];
    const order = sizeRatioOrder(options.rounds);
    for (const [i, which] of order.entries()) {
      const side = options[which];
      const round: SizeRatioRound = { size: side.name, load: os.loadavg().map((x) => Math.round(x * 100) / 100), reads: {} };
      for (const [name, p] of Object.entries(side.paths)) {
        const app = at(servers[which].app, servers[which].appPid, p, options.duration);
        const sameBytes = at(servers[which].bare, servers[which].barePid, p, options.duration);
        round.reads[name] = { app, sameBytes };
        log(`size ratio, round ${i + 1} of ${order.length} (${side.name}, load ${round.load.join(' ')}): ${name} app p99 ${app.p99} ms (${Math.round(app.rps)} of ${options.rate} req/s), same bytes p99 ${sameBytes.p99} ms`);
      }
      measured.push(round);
    }
    const described = (side: SizeRatioSide) => ({ name: side.name, size: side.size, paths: side.paths });
    return { rate: options.rate, duration: options.duration, rounds: options.rounds, pinning: pin.text, low: described(options.low), high: described(options.high), measured };
  } finally {
    for (const server of started.reverse()) await server.stop();
  }
}
