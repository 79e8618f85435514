import { createServer } from 'node:http';
import { Server } from 'socket.io';

/**
 * The baseline of the realtime benchmark: plain socket.io on a bare HTTP server, no database.
 * POST /emit broadcasts its JSON body to the room `bench`, as the app does for a new post;
 * a body `{event, then}` sends `then` too, right after (`topic:updated`), as the app's reply
 * sends two frames: the two-frame baseline, against which one frame shows what a reply
 * written as one frame would gain.
 */
const http = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    type Event = { room: string; seq: number };
    const parsed = JSON.parse(body) as Event | { event: Event; then: Event };
    const [event, then] = 'event' in parsed ? [parsed.event, parsed.then] : [parsed, null];
    // Stamped as the app's door stamps a committed batch (its `realtime published` line).
    const at = Date.now();
    const started = performance.now();
    io.to('bench').emit('post:created', event);
    if (then) io.to('bench').emit('topic:updated', then);
    const fanOutMs = performance.now() - started;
    const keys = [event, ...(then ? [then] : [])].map((e) => `${e.room}#${e.seq}`);
    console.log(JSON.stringify({ msg: 'realtime published', events: keys, at, fanOutMs }));
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
