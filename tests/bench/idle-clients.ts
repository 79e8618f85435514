import { createInterface } from 'node:readline';
import { io as connect, type Socket } from 'socket.io-client';

/**
 * The clients of the idle-socket figure, in a process of their own so their memory and CPU are
 * not the server's: `tsx tests/bench/idle-clients.ts <url> <room>`, then on stdin `open N` opens
 * sockets (websocket transport, each subscribed to the room, as a reader of a board's page is) until
 * N are open and prints `open N`; `close` closes them all and exits. 127.0.0.1 only.
 */
const [url = '', room = ''] = process.argv.slice(2);
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error('idle clients connect to 127.0.0.1 only');
const sockets: Socket[] = [];

async function openOne(): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const answer = (await socket.timeout(60_000).emitWithAck('subscribe', { room })) as { ok: boolean };
  if (!answer.ok) throw new Error(`subscribe refused: ${JSON.stringify(answer)}`);
  return socket;
}

async function openUntil(total: number): Promise<void> {
  while (sockets.length < total) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, total - sockets.length) }, openOne));
    sockets.push(...batch);
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, count] = line.trim().split(' ');
  if (command === 'open') {
    try {
      await openUntil(Number(count));
      console.log(`open ${sockets.length}`);
    } catch (err) {
      console.log(`error ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  } else if (command === 'close') {
    sockets.forEach((s) => s.close());
    process.exit(0);
  }
}
process.exit(0);
