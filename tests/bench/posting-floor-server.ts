import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import postgres from 'postgres';

/**
 * The posting floor (issue 14 item 3): bare Fastify with the app's `postgres` driver, running
 * for each POST /api/topics/:id/posts the statements the app ran for one reply to that topic
 * (captured with their parameters by tests/bench/posting-floor.ts), the same SQL text and
 * parameters, prepared alike (every statement of a reply is a prepared one in the app), then
 * sending the bytes the app answered. What the app does beyond that (auth, validation,
 * markdown, sanitising, watched words, presenting, realtime, logging, metrics) is the
 * difference between the two figures.
 *
 * A reply here is what it is in the app: the session lookup and the reply's read outside any
 * transaction, then its write and the closing statement inside one. With `group` > 1 the
 * write and closing statements of the replies that arrive while a transaction commits go into
 * the next one, as the app's PostCommitter does: their writes in the order of their topics'
 * ids, then one closing statement for all of them (its JSON input the concatenation of theirs),
 * then one commit. With `group` 1, each reply commits alone.
 *
 * `tsx tests/bench/posting-floor-server.ts <plan.json>`; plan: { url, group, replies:
 * { "<topicId>": { status, contentType, body, statements: [{ sql, params }] } } }, the
 * statements being the reads before the transaction (the session lookup, and the reply's
 * read when it is not in the session lookup's statement), then write, closing.
 */
export interface PostingFloorPlan {
  url: string;
  group: number;
  replies: Record<string, { status: number; contentType: string; body: string; statements: { sql: string; params: unknown[] }[] }>;
}

interface Reply {
  topicId: number;
  status: number;
  contentType: string;
  body: Buffer;
  /** The session lookup (with the reply's read in it, or followed by it), one after the other. */
  reads: { sql: string; params: unknown[] }[];
  write: { sql: string; params: unknown[] };
  closeSql: string;
  /** The closing statement's one JSON parameter, parsed: a group sends the concatenation. */
  closeInput: unknown[];
}

const plan = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as PostingFloorPlan;
const replies = new Map<number, Reply>();
for (const [id, r] of Object.entries(plan.replies)) {
  const reads = r.statements.slice(0, -2);
  const [write, close] = r.statements.slice(-2);
  if (!write || !close || reads.length < 1 || reads.length > 2 || close.params.length !== 1) {
    throw new Error(`topic ${id}: expected the statements of a reply (session and read, in one or two, write, closing with one parameter), got ${r.statements.length}`);
  }
  replies.set(Number(id), {
    topicId: Number(id), status: r.status, contentType: r.contentType, body: Buffer.from(r.body, 'utf8'),
    reads, write, closeSql: close.sql, closeInput: JSON.parse(String(close.params[0])) as unknown[],
  });
}
// As the app's pool (server/db/client.ts), named alike so the bench counts its backends' CPU the same way.
const client = postgres(plan.url, { max: 10, onnotice: () => {}, connection: { application_name: 'grassroots' } });
// As drizzle's postgres-js driver sets the client up: timestamps, dates and intervals pass
// through unparsed and unserialised, json and jsonb parameters are sent as the text given.
const passThrough = (value: unknown) => value;
for (const type of [1184, 1082, 1083, 1114, 1182, 1185, 1115, 1231]) {
  client.options.parsers[type] = passThrough;
  client.options.serializers[type] = passThrough;
}
client.options.serializers[114] = passThrough;
client.options.serializers[3802] = passThrough;
const run = (db: postgres.Sql | postgres.TransactionSql, s: { sql: string; params: unknown[] }) => db.unsafe(s.sql, s.params as never[], { prepare: true });

interface Pending { reply: Reply; resolve: () => void; reject: (error: unknown) => void }
const queue: Pending[] = [];
let draining = false;
const maxGroup = Math.max(1, plan.group);

/** One transaction for the replies given: their writes in topic order, one closing statement, commit. */
async function commitGroup(group: Reply[]): Promise<void> {
  await client.begin(async (tx) => {
    for (const r of group) await run(tx, r.write);
    await run(tx, { sql: (group[0] as Reply).closeSql, params: [JSON.stringify(group.flatMap((r) => r.closeInput))] });
  });
}

async function drain(): Promise<void> {
  try {
    while (queue.length > 0) {
      const group = queue.splice(0, maxGroup).sort((a, b) => a.reply.topicId - b.reply.topicId);
      try {
        await commitGroup(group.map((p) => p.reply));
        for (const p of group) p.resolve();
      } catch (error) {
        for (const p of group) p.reject(error);
      }
    }
  } finally {
    draining = false;
  }
}

function commit(reply: Reply): Promise<void> {
  if (maxGroup <= 1) return commitGroup([reply]);
  return new Promise((resolve, reject) => {
    queue.push({ reply, resolve, reject });
    if (!draining) {
      draining = true;
      setImmediate(() => void drain());
    }
  });
}

const app = Fastify({ logger: false });
app.post<{ Params: { id: string } }>('/api/topics/:id/posts', async (request, reply) => {
  const r = replies.get(Number(request.params.id));
  if (!r) return reply.status(404).send();
  for (const read of r.reads) await run(client, read);
  await commit(r);
  return reply.status(r.status).header('content-type', r.contentType).send(r.body);
});
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`Server listening at ${address}`);
process.on('SIGTERM', () => {
  void app.close().then(() => client.end({ timeout: 5 })).then(() => process.exit(0));
});
