import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

/**
 * The read baselines, one process each, on a free port of 127.0.0.1:
 * - `bytes`: bare Fastify answering each path with the exact bytes the app sent for it;
 * - `sql`: bare Fastify running, for each request, the statements the app ran for that path
 *   (captured with their parameters), one after another as the app does, then sending the
 *   same bytes. The difference to the app is the app's own work (auth, presenting, JSON).
 * `tsx tests/bench/bare-server.ts <bytes|sql> <plan.json>`; plan: { database, pages: [{ path,
 * contentType, body, statements: [{ sql, params, prepared? }] }] }. A statement marked
 * `prepared` runs as a named prepared statement of the connection, as the app runs it
 * (queryRows with `prepared`); the others as the app's other statements, unnamed.
 */
interface Plan {
  database: { url: string | null; dataDir: string | null };
  pages: { path: string; contentType: string; body: string; statements: { sql: string; params: unknown[]; prepared?: boolean }[] }[];
}

const mode = process.argv[2];
const plan = JSON.parse(readFileSync(process.argv[3] ?? '', 'utf8')) as Plan;
let run: ((query: string, params: unknown[], prepared: boolean) => Promise<unknown>) | null = null;
let close: () => Promise<void> = async () => {};
if (mode === 'sql') {
  if (plan.database.url) {
    const client = postgres(plan.database.url, { max: 10, onnotice: () => {} });
    run = (query, params, prepared) => client.unsafe(query, params as never[], { prepare: prepared });
    close = () => client.end({ timeout: 5 });
  } else {
    const engine = await PGlite.create(`${plan.database.dataDir}/pglite`);
    run = (query, params) => engine.query(query, params);
    close = () => engine.close();
  }
}
const app = Fastify({ logger: false });
// One route per path; several pages of one path (tree pages by cursor) are told apart by
// their full URL, query included.
const byPath = new Map<string, Map<string, Plan['pages'][number]>>();
for (const page of plan.pages) {
  const [pathname = page.path] = page.path.split('?');
  const pagesOfPath = byPath.get(pathname) ?? new Map<string, Plan['pages'][number]>();
  pagesOfPath.set(page.path, page);
  byPath.set(pathname, pagesOfPath);
}
for (const [pathname, pagesOfPath] of byPath) {
  const bodies = new Map([...pagesOfPath].map(([url, page]) => [url, Buffer.from(page.body, 'utf8')]));
  app.get(pathname, async (request, reply) => {
    const page = pagesOfPath.get(request.url);
    if (!page) return reply.status(404).send();
    if (run) for (const s of page.statements) await run(s.sql, s.params, s.prepared === true);
    return reply.header('content-type', page.contentType).send(bodies.get(request.url));
  });
}
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`Server listening at ${address}`);
process.on('SIGTERM', () => {
  void app.close().then(close).then(() => process.exit(0));
});
