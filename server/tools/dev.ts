import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `npm run dev`: the server in watch mode (restarts on change) and Vite's dev server with hot
 * reload, which proxies /api and /socket.io to the server. Open the address Vite prints.
 */
const children: ChildProcess[] = [
  spawn('npx', ['tsx', 'watch', 'server/main.ts'], { stdio: 'inherit' }),
  spawn('npx', ['vite', '--host', '127.0.0.1'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
