import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A server started as its own process with `npm start`'s entry point. */
export interface ServerProcess {
  url: string;
  logs: string[];
  child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Starts `tsx server/main.ts` with the given environment (PORT=0 picks a free port) and
 * resolves once it listens, with the address read from its log.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 90_000, nodeArgs: string[] = []): Promise<ServerProcess> {
  // node --import tsx runs the server in this one process (the tsx CLI would fork a child).
  // `nodeArgs` go to node before the script (the realtime benchmark's `--cpu-prof`, which NODE_OPTIONS refuses).
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${logs.join('\n')}`));
    }, timeoutMs);
    const onLine = (line: string) => {
      logs.push(line);
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], logs, child, stop });
      }
    };
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(onLine);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`));
    });
  });
}
