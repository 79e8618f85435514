import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Db } from '../../server/db/client';
import { PgliteProtocolClient } from '../../server/db/pglite-client';
import { sqlState } from '../../server/db/retry';
import { StatementLog } from '../../server/db/statement-log';

/*
 * The embedded database's query client (server/db/pglite-client.ts) against a real engine of
 * its own (in memory, whatever DATABASE_URL says: the layer exists only on the embedded
 * database): the rows it gives are the ones PGlite's own query() gives drizzle, errors leave
 * the engine usable and transactions correctly aborted, named statements are parsed again
 * when the engine dropped or invalidated them, and concurrent callers are serialised.
 */

/** The result options drizzle's PGlite driver passes for a raw statement (drizzle-orm/pglite/session.js). */
const DRIZZLE_RAW = {
  rowMode: 'object' as const,
  parsers: Object.fromEntries([1082, 1114, 1184, 1186, 1231, 1115, 1185, 1187, 1182].map((oid) => [oid, (value: string) => value])),
};

let engine: PGlite;
let client: PgliteProtocolClient;
let db: Db;
const statementLog = new StatementLog();
beforeAll(async () => {
  engine = await PGlite.create();
  client = new PgliteProtocolClient(engine);
  db = drizzle(client as unknown as PGlite, { casing: 'snake_case', logger: statementLog.loggerFor('primary') }) as unknown as Db;
  await engine.exec(`
    create table kinds (
      id serial primary key, label text not null unique, at timestamptz, day date, spent interval,
      doc jsonb, plain json, big bigint, amount numeric(12,3), ok boolean, ids int[], words text[],
      ats timestamptz[], amounts numeric[], raw bytea, uid uuid
    );
    create table notes (id serial primary key, tag text not null, body text not null);
  `);
});
afterAll(async () => {
  await engine?.close();
});

const insertKind = (label: string) => sql`
  insert into kinds (label, at, day, spent, doc, plain, big, amount, ok, ids, words, ats, amounts, raw, uid)
  values (${label}, ${new Date('2026-12-02T19:30:00.123Z')}, '2026-12-02', '1 day 02:03:04',
    ${JSON.stringify({ 中文: '基层', n: [1, 2], nested: { ok: true } })}::jsonb, '{"a": 1}', 9007199254740993, 12345.678, true,
    ${sql.param([1, 2, 3])}, ${sql.param(['走基层', 'quote"and,comma', ''])}, array['2026-01-01T00:00:00Z'::timestamptz], array[1.5, 2.25]::numeric[],
    '\\xdeadbeef', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')
  returning *`;

describe('PgliteProtocolClient', () => {
  it('gives prepared and unprepared statements the rows PGlite’s own query gives drizzle', async () => {
    const prepared = await queryRows(db, insertKind('types-prepared'), { prepared: true });
    const unprepared = await queryRows(db, insertKind('types-unprepared'));
    const select = 'select * from kinds where label = any($1) order by id';
    const labels = [['types-prepared', 'types-unprepared']];
    const own = (await engine.query(select, labels, DRIZZLE_RAW)).rows;
    expect(own).toHaveLength(2);
    expect([...prepared, ...unprepared]).toEqual(own);
    expect(await queryRows(db, sql.raw(`select * from kinds where label in ('types-prepared', 'types-unprepared') order by id`), { prepared: true })).toEqual(own);
    const [row] = own as Array<Record<string, unknown>>;
    expect(row).toMatchObject({
      at: '2026-12-02 19:30:00.123+00', day: '2026-12-02', spent: '1 day 02:03:04',
      doc: { 中文: '基层', n: [1, 2], nested: { ok: true } }, plain: { a: 1 }, big: 9007199254740993n,
      amount: '12345.678', ok: true, ids: [1, 2, 3], words: ['走基层', 'quote"and,comma', ''], amounts: '{1.5,2.25}',
      uid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    });
    // drizzle's typed queries map through the same client.
    expect(await db.execute(sql`select count(*)::int as n from kinds where label like 'types-%'`)).toMatchObject({ rows: [{ n: 2 }] });
  });

  it('fails a statement alone outside a transaction, and the engine and the statement go on', async () => {
    const insert = (label: string) => sql`insert into notes (tag, body) values (${label}, ${'x'}) returning id`;
    await queryRows(db, sql`insert into kinds (label) values (${'dup'})`, { prepared: true });
    const error = await queryRows(db, sql`insert into kinds (label) values (${'dup'})`, { prepared: true }).catch((e: unknown) => e);
    expect(sqlState(error)).toBe('23505');
    expect((error as Error & { cause: { query?: string } }).cause.query).toContain('insert into kinds');
    expect(await queryRows(db, sql`insert into kinds (label) values (${'dup-2'}) returning label`, { prepared: true })).toEqual([{ label: 'dup-2' }]);
    // A text the engine cannot parse is not kept as a prepared statement.
    const before = client.preparedCount();
    expect(sqlState(await queryRows(db, sql`selec 1`, { prepared: true }).catch((e: unknown) => e))).toBe('42601');
    expect(sqlState(await queryRows(db, sql`selec 1`).catch((e: unknown) => e))).toBe('42601');
    expect(client.preparedCount()).toBe(before);
    // A bad parameter value fails in Bind; the next run of the same statement works.
    const byId = (id: string) => sql`select id from notes where id = ${id}::int`;
    expect(sqlState(await queryRows(db, byId('not a number'), { prepared: true }).catch((e: unknown) => e))).toBe('22P02');
    const id = (await queryRows<{ id: number }>(db, insert('after-errors'), { prepared: true }))[0]?.id;
    expect(id).toBeTypeOf('number');
    expect(await queryRows(db, byId(String(id)), { prepared: true })).toEqual([{ id }]);
    expect(engine.isInTransaction()).toBe(false);
    expect((await engine.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('aborts the whole transaction when one of its statements fails, and rolls it back', async () => {
    const tag = 'tx-abort';
    const failure = await db.transaction(async (tx) => {
      await queryRows(tx, sql`insert into notes (tag, body) values (${tag}, ${'first'})`, { prepared: true });
      await queryRows(tx, sql`insert into notes (tag, body) values (${tag}, ${null})`, { prepared: true });
    }).catch((e: unknown) => e);
    expect(sqlState(failure)).toBe('23502');
    expect(engine.isInTransaction()).toBe(false);
    expect(await queryRows(db, sql`select count(*)::int as n from notes where tag = ${tag}`, { prepared: true })).toEqual([{ n: 0 }]);
    // A statement after the failed one inside the transaction is refused (the transaction is aborted).
    const refused = await db.transaction(async (tx) => {
      await queryRows(tx, sql`select id from notes where id = ${'x'}::int`, { prepared: true }).catch(() => undefined);
      return queryRows(tx, sql`insert into notes (tag, body) values (${tag}, ${'late'})`, { prepared: true });
    }).catch((e: unknown) => e);
    expect(sqlState(refused)).toBe('25P02');
    expect(await queryRows(db, sql`select count(*)::int as n from notes where tag = ${tag}`)).toEqual([{ n: 0 }]);
  });

  it('keeps a statement prepared inside a rolled-back transaction usable outside it', async () => {
    const text = (tag: string) => sql`select ${tag}::text as tag, count(*)::int as n from notes where tag = ${tag}`;
    await db.transaction(async (tx) => {
      await queryRows(tx, sql`insert into notes (tag, body) values (${'rolled'}, ${'gone'})`);
      expect(await queryRows(tx, text('rolled'), { prepared: true })).toEqual([{ tag: 'rolled', n: 1 }]);
      tx.rollback();
    }).catch(() => undefined);
    expect(await queryRows(db, text('rolled'), { prepared: true })).toEqual([{ tag: 'rolled', n: 0 }]);
  });

  it('parses a statement again after the engine dropped or invalidated it', async () => {
    await engine.exec('create table shapes (id int)');
    await engine.exec('insert into shapes values (1)');
    const all = sql`select * from shapes where id >= ${0}`;
    expect(await queryRows(db, all, { prepared: true })).toEqual([{ id: 1 }]);
    await engine.exec('deallocate all');
    expect(sqlState(await queryRows(db, all, { prepared: true }).catch((e: unknown) => e))).toBe('26000');
    expect(await queryRows(db, all, { prepared: true })).toEqual([{ id: 1 }]);
    await engine.exec('alter table shapes add column name text');
    expect(sqlState(await queryRows(db, all, { prepared: true }).catch((e: unknown) => e))).toBe('0A000');
    expect(await queryRows(db, all, { prepared: true })).toEqual([{ id: 1, name: null }]);
  });

  it('keeps at most 64 statement texts prepared, closing the least recently used', async () => {
    for (let i = 0; i < 80; i++) {
      expect(await queryRows(db, sql.raw(`select ${i} as i`), { prepared: true })).toEqual([{ i }]);
    }
    expect(client.preparedCount()).toBe(64);
    const [open] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_prepared_statements`);
    expect(open?.n).toBeLessThanOrEqual(65);
  });

  it('serialises concurrent callers, inside and outside transactions', async () => {
    const writers = Array.from({ length: 12 }, (_, w) => db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await queryRows(tx, sql`insert into notes (tag, body) values (${`concurrent-${w}`}, ${String(i)})`, { prepared: true });
      }
      return queryRows<{ n: number }>(tx, sql`select count(*)::int as n from notes where tag = ${`concurrent-${w}`}`, { prepared: true });
    }));
    const readers = Array.from({ length: 12 }, (_, r) => Promise.all([
      queryRows<{ r: number }>(db, sql`select ${r}::int as r`, { prepared: true }),
      queryRows<{ r: number }>(db, sql`select ${r}::int + 0 as r`),
    ]));
    const [written, read] = await Promise.all([Promise.all(writers), Promise.all(readers)]);
    expect(written).toEqual(Array.from({ length: 12 }, () => [{ n: 3 }]));
    expect(read).toEqual(Array.from({ length: 12 }, (_, r) => [[{ r }], [{ r }]]));
    expect(await queryRows(db, sql`select count(*)::int as n from notes where tag like 'concurrent-%'`)).toEqual([{ n: 36 }]);
  });

  it('logs prepared statements to drizzle’s logger like the others', async () => {
    const { statements } = await statementLog.record(async () => {
      await queryRows(db, sql`select ${1}::int as a`, { prepared: true });
      await queryRows(db, sql`select ${2}::int as b`);
    });
    expect(statements.map((s) => [s.sql, s.params])).toEqual([['select $1::int as a', [1]], ['select $1::int as b', [2]]]);
  });
});
