import { and, asc, count, desc, eq, gt, ilike, inArray, min, or, type SQL } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import type { Db, DbOrTx } from '../../db/client';
import { places, units, visits, type PlaceRow } from '../../db/schema';
import type { PlaceKind } from '../../domain/campaign';
import type { VisitViewer } from '../../domain/roles';
import { fail } from '../../errors';
import { checkPostText } from '../moderation/watched-word.service';
import { cutPage, decodeCursor } from '../../lib/keyset-cursor';
import { escapeLike } from '../../lib/sql-like';
import { ALL_ROOMS } from '../../lib/read-cache';
import type { ServiceContext } from '../service-context';
import { presentPlace, type ImportRowErrorView, type PlaceDetailView, type PlaceStatsView } from '../../presenters/place.presenter';
import { loadUnitTree } from '../accounts/unit.service';
import { placePosts, presentVisits } from './visit.service';

/** Filters and page of GET /api/places. */
export interface PlaceQuery {
  kind?: PlaceKind;
  /** A unit: its places and those of the units below it. */
  unitId?: number;
  q?: string;
  limit: number;
  cursor?: string;
}

/** Places by name (then id), keyset-paged. */
export async function listPlaces(db: DbOrTx, query: PlaceQuery): Promise<{ rows: PlaceRow[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (query.kind) where.push(eq(places.kind, query.kind));
  if (query.unitId) {
    const tree = await loadUnitTree(db);
    where.push(inArray(places.unitId, tree.subtree(query.unitId).concat(-1)));
  }
  const q = query.q?.trim();
  if (q) where.push(ilike(places.name, `%${escapeLike(q)}%`));
  if (query.cursor) {
    const [name, id] = decodeCursor('places', query.cursor, ['s', 'n']) as [string, number];
    where.push(or(gt(places.name, name), and(eq(places.name, name), gt(places.id, id))) as SQL);
  }
  const rows = await db.select().from(places).where(and(...where)).orderBy(asc(places.name), asc(places.id)).limit(query.limit + 1);
  return cutPage(rows, query.limit, 'places', (r) => [r.name, r.id]);
}

/** One place, or 404. */
export async function getPlace(db: DbOrTx, id: number): Promise<PlaceRow> {
  const [row] = await db.select().from(places).where(eq(places.id, id));
  if (!row) throw fail.notFound('The place does not exist.', '该地点不存在。');
  return row;
}

/** A place's page for one viewer: the place, its recent visits as the viewer may see them, stats and linked notes. */
export async function placeDetail(db: DbOrTx, id: number, viewer: VisitViewer): Promise<PlaceDetailView> {
  const place = await getPlace(db, id);
  const [visitRows, stats, posts] = await Promise.all([recentVisitRows(db, place.id), placeStats(db, place.id), placePosts(db, place.id, viewer)]);
  return { place: presentPlace(place), visits: await presentVisits(db, visitRows, viewer), stats, posts };
}

/** How often a place was visited and when first. */
async function placeStats(db: DbOrTx, placeId: number): Promise<PlaceStatsView> {
  const [row] = await db.select({ n: count(), first: min(visits.visitedOn) }).from(visits).where(eq(visits.placeId, placeId));
  return { visitCount: Number(row?.n ?? 0), firstVisitedOn: row?.first ?? null };
}

/** The fields of a place as given by a client. */
export interface PlaceInput {
  name: string;
  kind: PlaceKind;
  category?: string | null;
  unitId: number;
  address?: string | null;
}

function clean(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

async function checkUnit(db: DbOrTx, unitId: number, field = 'unitId'): Promise<void> {
  const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.id, unitId));
  if (!unit) throw fail.validation(field, 'The unit does not exist.', '该单位不存在。');
}

/** Creates a place in an existing unit. */
export async function createPlace(db: DbOrTx, input: PlaceInput): Promise<PlaceRow> {
  const trimmed = input.name.trim();
  if (trimmed === '') throw fail.validation('name', 'name must not be blank.', '名称不能为空。');
  // Watched words apply to place names too (a hold word is refused like a block: a name does not wait in the queue).
  const { name } = await checkPostText(db, { name: trimmed }, { holdBlocks: true });
  await checkUnit(db, input.unitId);
  const [row] = await db.insert(places).values({
    name, kind: input.kind, category: clean(input.category), unitId: input.unitId, address: clean(input.address),
  }).returning();
  if (!row) throw new Error('place insert returned nothing');
  return row;
}

/**
 * Changes some fields of a place. A new name shows in the visit summary of every topic
 * linked to a visit there, so it makes every cached public answer stale, on every process
 * (a cache-only notice; renaming a place is rare).
 */
export async function updatePlace(ctx: ServiceContext, id: number, changes: Partial<PlaceInput>): Promise<PlaceRow> {
  const { db } = ctx;
  await getPlace(db, id);
  const set: Partial<typeof places.$inferInsert> = {};
  if (changes.name !== undefined) {
    const name = changes.name.trim();
    if (name === '') throw fail.validation('name', 'name must not be blank.', '名称不能为空。');
    set.name = (await checkPostText(db, { name }, { holdBlocks: true })).name;
  }
  if (changes.kind !== undefined) set.kind = changes.kind;
  if (changes.category !== undefined) set.category = clean(changes.category);
  if (changes.address !== undefined) set.address = clean(changes.address);
  if (changes.unitId !== undefined) {
    await checkUnit(db, changes.unitId);
    set.unitId = changes.unitId;
  }
  if (Object.keys(set).length === 0) return getPlace(db, id);
  const [row] = await db.update(places).set(set).where(eq(places.id, id)).returning();
  if (!row) throw fail.notFound('The place does not exist.', '该地点不存在。');
  if (set.name !== undefined) ctx.realtime.invalidate([ALL_ROOMS]);
  return row;
}

/** The most rows one CSV import may hold. */
export const IMPORT_ROW_LIMIT = 5000;

/** The outcome of an import: how many were imported, or every problem found (and nothing imported). */
export type ImportResult = { ok: true; imported: number } | { ok: false; message: string; errors: ImportRowErrorView[] };

const HEADER_ALIASES: Record<string, 'name' | 'kind' | 'category' | 'unit' | 'address'> = {
  name: 'name', 名称: 'name', kind: 'kind', 类型: 'kind', category: 'category', 类别: 'category',
  unit: 'unit', unitid: 'unit', 单位: 'unit', address: 'address', 地址: 'address',
};

const KIND_ALIASES: Record<string, PlaceKind> = {
  village: 'village', 村: 'village', enterprise: 'enterprise', 企业: 'enterprise',
  contact_point: 'contact_point', 联系点: 'contact_point', field_point: 'field_point', 采风点: 'field_point',
};

/**
 * Imports places from CSV text (header name,kind,category,unit,address or 名称,类型,类别,单位,地址;
 * unit by id or exact name; kinds in English or Chinese). Every row is checked first; one bad
 * row means nothing is imported. The good rows go in one transaction, in batches.
 */
export async function importPlaces(db: Db, csv: string): Promise<ImportResult> {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { ok: false, message: 'The CSV text cannot be read.', errors: [{ row: line ?? 0, field: 'csv', message: (err as Error).message }] };
  }
  const header = records[0];
  if (!header) return { ok: false, message: 'The CSV is empty.', errors: [{ row: 0, field: 'csv', message: 'A header row is needed: name,kind,category,unit,address.' }] };
  const columns = header.map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? null);
  const missing = (['name', 'kind', 'unit'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return { ok: false, message: 'The header row lacks required columns.', errors: missing.map((c) => ({ row: 0, field: c, message: `The header has no ${c} column.` })) };
  }
  const data = records.slice(1);
  if (data.length === 0) return { ok: false, message: 'The CSV has no data rows.', errors: [{ row: 0, field: 'csv', message: 'No rows below the header.' }] };
  if (data.length > IMPORT_ROW_LIMIT) {
    return { ok: false, message: `At most ${IMPORT_ROW_LIMIT} rows can be imported at once.`, errors: [{ row: IMPORT_ROW_LIMIT + 1, field: 'csv', message: `The CSV has ${data.length} rows; the limit is ${IMPORT_ROW_LIMIT}.` }] };
  }
  const allUnits = await db.select({ id: units.id, name: units.name }).from(units);
  const unitById = new Map(allUnits.map((u) => [String(u.id), u.id]));
  const unitByName = new Map<string, number[]>();
  for (const u of allUnits) unitByName.set(u.name, [...(unitByName.get(u.name) ?? []), u.id]);

  const errors: ImportRowErrorView[] = [];
  const rows: (typeof places.$inferInsert)[] = [];
  data.forEach((record, index) => {
    const row = index + 1;
    const get = (col: string): string => {
      const i = columns.indexOf(col as never);
      return i >= 0 ? (record[i] ?? '').trim() : '';
    };
    const name = get('name');
    const kindText = get('kind');
    const category = get('category');
    const unitText = get('unit');
    const address = get('address');
    let bad = false;
    const err = (field: string, message: string) => { errors.push({ row, field, message }); bad = true; };
    if (name === '') err('name', 'The name is empty.');
    else if (name.length > 100) err('name', 'The name is longer than 100 characters.');
    const kind = KIND_ALIASES[kindText.toLowerCase()];
    if (!kind) err('kind', `"${kindText}" is not a kind (village/村, enterprise/企业, contact_point/联系点, field_point/采风点).`);
    if (category.length > 50) err('category', 'The category is longer than 50 characters.');
    if (address.length > 200) err('address', 'The address is longer than 200 characters.');
    let unitId = unitById.get(unitText);
    if (unitId === undefined) {
      const named = unitByName.get(unitText) ?? [];
      if (named.length === 1) unitId = named[0];
      else if (named.length > 1) err('unit', `More than one unit is named "${unitText}"; give its id.`);
      else err('unit', unitText === '' ? 'The unit is empty.' : `No unit has the id or name "${unitText}".`);
    }
    if (!bad && kind && unitId !== undefined) {
      rows.push({ name, kind, category: category || null, unitId, address: address || null });
    }
  });
  if (errors.length > 0) {
    return { ok: false, message: `${errors.length} problem(s) in the CSV; nothing was imported.`, errors: errors.slice(0, 500) };
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(places).values(rows.slice(i, i + 1000));
  });
  return { ok: true, imported: rows.length };
}

/** The recent visits of a place, newest first. */
function recentVisitRows(db: DbOrTx, placeId: number, limit = 20) {
  return db.select().from(visits).where(eq(visits.placeId, placeId)).orderBy(desc(visits.visitedOn), desc(visits.id)).limit(limit);
}

