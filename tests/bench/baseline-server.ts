import { createServer } from 'node:http';
import { Server } from 'socket.io';

/**
 * The baseline of the realtime benchmark: plain socket.io on a bare HTTP server, no database.
 * POST /emit broadcasts its JSON body to the room `bench`, as the app does for a new post.
 */
const http = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    const event = JSON.parse(body) as { room: string; seq: number };
    // Stamped as the app's door stamps a committed batch (its `realtime published` line).
    const at = Date.now();
    const started = performance.now();
    io.to('bench').emit('post:created', event);
    const fanOutMs = performance.now() - started;
    console.log(JSON.stringify({ msg: 'realtime published', events: [`${event.room}#${event.seq}`], at, fanOutMs }));
    res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
  });
});
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  socket.on('subscribe', (_input: unknown, ack?: (answer: unknown) => void) => {
    void socket.join('bench');
    ack?.({ ok: true, seq: 0 });
  });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  if (address && typeof address === 'object') console.log(`Server listening at http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
