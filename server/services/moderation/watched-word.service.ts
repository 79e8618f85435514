import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { cacheVersions, watchedWords, type UserRow, type WatchedWordRow } from '../../db/schema';
import { WATCHED_WORD_ACTIONS, WATCHED_WORD_MAX_LENGTH, type WatchedWordAction } from '../../domain/moderation';
import { AppError, fail } from '../../errors';
import { AhoCorasick } from '../../lib/aho-corasick';
import { cutPage, decodeCursor, type PageQuery } from '../../lib/keyset-cursor';
import { normaliseForMatch, normaliseWord } from '../../lib/match-normalise';
import { presentWatchedWord, type WatchedWordView } from '../../presenters/moderation.presenter';
import type { Page } from '../../presenters/page.presenter';
import { neutraliseFormula } from '../campaign/report.service';
import { logAction } from './mod-log.service';

/*
 * Watched words (敏感词): block (the text is refused with 400 WATCHED_WORD, naming nothing of
 * the list), hold (the post waits for approval) or replace (written with the replacement).
 * One compiled matcher per database handle and process, rebuilt when the list's version
 * (cache_versions, bumped in the transaction of every change) differs from the one it was
 * built at: one indexed read per check, so a change made by any process reaches all of them.
 */

const VERSION_NAME = 'watched_words';

/** A compiled list: the automaton and each word's action and replacement. */
interface Compiled {
  version: number;
  matcher: AhoCorasick;
  entries: { action: WatchedWordAction; replacement: string | null }[];
}

const compiledByDb = new WeakMap<object, Compiled>();

async function currentVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ version: cacheVersions.version }).from(cacheVersions).where(eq(cacheVersions.name, VERSION_NAME));
  return row?.version ?? 0;
}

async function bumpVersion(tx: Tx): Promise<void> {
  await tx
    .insert(cacheVersions)
    .values({ name: VERSION_NAME, version: 1 })
    .onConflictDoUpdate({ target: cacheVersions.name, set: { version: sql`${cacheVersions.version} + 1` } });
}

/** Compiles a list of words into a matcher (exported for the benchmark and tests). */
export function compileWords(rows: Pick<WatchedWordRow, 'normalized' | 'action' | 'replacement'>[]): Omit<Compiled, 'version'> {
  return {
    matcher: new AhoCorasick(rows.map((r) => r.normalized)),
    entries: rows.map((r) => ({ action: r.action, replacement: r.replacement })),
  };
}

/**
 * The list's current version as a SQL expression, for a caller to read in a statement it
 * runs anyway (a reply's one read) and hand to checkPostText: one round trip fewer.
 */
export function watchedWordsVersionSql(): SQL<number> {
  return sql<number>`coalesce((select cv.version from cache_versions cv where cv.name = ${VERSION_NAME}), 0)`;
}

async function compiled(db: DbOrTx, knownVersion?: number): Promise<Compiled> {
  const version = knownVersion ?? (await currentVersion(db));
  const cached = compiledByDb.get(db);
  if (cached && cached.version === version) return cached;
  const rows = await db.select().from(watchedWords).orderBy(asc(watchedWords.id));
  const built = { version, ...compileWords(rows) };
  compiledByDb.set(db, built);
  return built;
}

/** What checking one text found. */
export interface TextCheck {
  /** The text with every `replace` word replaced. */
  text: string;
  block: boolean;
  hold: boolean;
}

/**
 * Checks one text against a compiled list: leftmost-longest matches, non-overlapping, are
 * replaced in the original text (the offset map of the normaliser says where).
 */
export function applyWords(list: Omit<Compiled, 'version'>, original: string): TextCheck {
  const norm = normaliseForMatch(original);
  const hits = list.matcher.search(norm.text);
  let block = false;
  let hold = false;
  const replaces: { start: number; end: number; replacement: string }[] = [];
  for (const h of hits) {
    const entry = list.entries[h.word];
    if (!entry) continue;
    if (entry.action === 'block') block = true;
    else if (entry.action === 'hold') hold = true;
    else replaces.push({ start: norm.starts[h.start] as number, end: norm.ends[h.end - 1] as number, replacement: entry.replacement ?? '' });
  }
  if (block || replaces.length === 0) return { text: original, block, hold };
  replaces.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const r of replaces) {
    if (r.start < at) continue;
    out += original.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return { text: out + original.slice(at), block, hold };
}

/** Checks any text (titles, bodies, names, and later citations and editor's notes) against the list. */
export async function checkText(db: DbOrTx, text: string): Promise<TextCheck> {
  const list = await compiled(db);
  if (list.entries.length === 0) return { text, block: false, hold: false };
  return applyWords(list, text);
}

/** 400 WATCHED_WORD for a field: the sentence says the text needs changing, never which word. */
export function watchedWordError(field: string): AppError {
  return new AppError('WATCHED_WORD', undefined, field);
}

/**
 * Checks the text fields of a post or topic: a block refuses it (400 naming the field), a
 * replace rewrites it, a hold asks for approval (`hold`). With `holdBlocks` (edits, names)
 * a hold word is refused like a block.
 */
export async function checkPostText<T extends Record<string, string>>(
  db: DbOrTx,
  fields: T,
  options: { holdBlocks?: boolean; version?: number } = {},
): Promise<T & { hold: boolean }> {
  // One version read for all the fields of a write (none when the caller read it: `version`).
  const list = await compiled(db, options.version);
  const out: Record<string, string> = {};
  let hold = false;
  for (const [field, value] of Object.entries(fields)) {
    const r = list.entries.length === 0 ? { text: value, block: false, hold: false } : applyWords(list, value);
    if (r.block || (r.hold && options.holdBlocks)) throw watchedWordError(field);
    hold ||= r.hold;
    out[field] = r.text;
  }
  return { ...(out as T), hold };
}

/** A watched word as an admin adds it. */
export interface WatchedWordInput {
  word: string;
  action: WatchedWordAction;
  replacement?: string | null;
}

function cleanWord(input: WatchedWordInput, field = 'word'): { word: string; normalized: string; action: WatchedWordAction; replacement: string | null } {
  const word = input.word.trim();
  const normalized = normaliseWord(word);
  if (normalized === '') throw fail.validation(field, 'The word has no letters or characters to match.', '该词语没有可匹配的文字。');
  if (word.length > WATCHED_WORD_MAX_LENGTH) throw fail.validation(field, `A word is at most ${WATCHED_WORD_MAX_LENGTH} characters.`, `词语最多 ${WATCHED_WORD_MAX_LENGTH} 个字符。`);
  const replacement = input.action === 'replace' ? input.replacement ?? '' : null;
  if (input.action === 'replace' && replacement === '') {
    throw fail.validation('replacement', 'A replace word needs its replacement.', '“替换”类词语需要填写替换词。');
  }
  return { word, normalized, action: input.action, replacement };
}

/** POST /api/watched-words (admin): 409 CONFLICT for a word already listed (compared normalised). */
export async function addWatchedWord(db: Db, admin: UserRow, input: WatchedWordInput): Promise<WatchedWordView> {
  const clean = cleanWord(input);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx.insert(watchedWords).values({ ...clean, createdBy: admin.id }).onConflictDoNothing().returning();
    if (!created) throw new AppError('CONFLICT', { en: 'This word is already on the list.', zh: '该词语已在列表中。' }, 'word');
    await bumpVersion(tx);
    await logAction(tx, {
      action: 'watched_word_add', moderatorId: admin.id, targetType: 'watched_word', targetId: created.id, targetUserId: null,
      after: { word: created.word, action: created.action, replacement: created.replacement },
    });
    return created;
  });
  return presentWatchedWord(row);
}

/** DELETE /api/watched-words/:id (admin): 404 for an unknown id. */
export async function deleteWatchedWord(db: Db, admin: UserRow, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [gone] = await tx.delete(watchedWords).where(eq(watchedWords.id, id)).returning();
    if (!gone) throw fail.notFound('There is no such watched word.', '没有这个词语。');
    await bumpVersion(tx);
    await logAction(tx, {
      action: 'watched_word_delete', moderatorId: admin.id, targetType: 'watched_word', targetId: gone.id, targetUserId: null,
      before: { word: gone.word, action: gone.action, replacement: gone.replacement },
    });
  });
}

/** GET /api/watched-words: the list, oldest first, keyset-paged; `q` filters by the word. */
export async function listWatchedWords(db: DbOrTx, page: PageQuery, q?: string): Promise<Page<WatchedWordView>> {
  const where = [];
  if (q !== undefined && q.trim() !== '') where.push(sql`${watchedWords.normalized} like ${`%${normaliseWord(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (page.cursor) {
    const [id] = decodeCursor('watched', page.cursor, ['n']) as [number];
    where.push(gt(watchedWords.id, id));
  }
  const rows = await db.select().from(watchedWords).where(and(...where)).orderBy(asc(watchedWords.id)).limit(page.limit + 1);
  const { rows: items, nextCursor } = cutPage(rows, page.limit, 'watched', (r) => [r.id]);
  return { items: items.map(presentWatchedWord), nextCursor };
}

function csvField(cell: string): string {
  return `"${neutraliseFormula(cell).replace(/"/g, '""')}"`;
}

/** GET /api/watched-words.csv: `word,action,replacement`, a BOM, formula-safe. */
export async function exportWatchedWords(db: DbOrTx): Promise<string> {
  const rows = await db.select().from(watchedWords).orderBy(asc(watchedWords.id));
  const lines = [['word', 'action', 'replacement'].map(csvField).join(',')];
  for (const r of rows) lines.push([r.word, r.action, r.replacement ?? ''].map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The outcome of an import. */
export interface ImportResult {
  added: number;
  updated: number;
  skipped: { line: number; reason: string }[];
}

/** The most lines one import takes. */
const IMPORT_MAX_LINES = 20_000;

/**
 * POST /api/watched-words/import: CSV `word,action,replacement` (a header line is optional;
 * a leading ' written by the export's formula guard is dropped). New words are added, listed
 * ones take the new action; bad lines are reported, not fatal. One transaction, one log row.
 */
export async function importWatchedWords(db: Db, admin: UserRow, csv: string): Promise<ImportResult> {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch {
    throw fail.validation('csv', 'The CSV could not be read.', '无法读取 CSV 内容。');
  }
  if (records.length > IMPORT_MAX_LINES) throw fail.validation('csv', `At most ${IMPORT_MAX_LINES} lines at once.`, `一次最多导入 ${IMPORT_MAX_LINES} 行。`);
  const result: ImportResult = { added: 0, updated: 0, skipped: [] };
  const unquote = (cell: string | undefined) => (cell ?? '').replace(/^'(?=[=+\-@\t\r])/, '');
  const wanted = new Map<string, ReturnType<typeof cleanWord>>();
  records.forEach((r, i) => {
    const [word, action, replacement] = [unquote(r[0]), unquote(r[1]).toLowerCase(), unquote(r[2])];
    if (i === 0 && word.toLowerCase() === 'word' && action === 'action') return;
    if (!(WATCHED_WORD_ACTIONS as readonly string[]).includes(action)) {
      result.skipped.push({ line: i + 1, reason: 'action must be block, hold or replace' });
      return;
    }
    try {
      const clean = cleanWord({ word, action: action as WatchedWordAction, replacement: replacement || null });
      wanted.set(clean.normalized, clean);
    } catch (err) {
      result.skipped.push({ line: i + 1, reason: err instanceof AppError ? err.message : 'not valid' });
    }
  });
  await db.transaction(async (tx) => {
    for (const clean of wanted.values()) {
      const [existing] = await tx.select().from(watchedWords).where(eq(watchedWords.normalized, clean.normalized));
      if (!existing) {
        await tx.insert(watchedWords).values({ ...clean, createdBy: admin.id });
        result.added += 1;
      } else if (existing.action !== clean.action || existing.replacement !== clean.replacement) {
        await tx.update(watchedWords).set({ action: clean.action, replacement: clean.replacement }).where(eq(watchedWords.id, existing.id));
        result.updated += 1;
      }
    }
    await bumpVersion(tx);
    await logAction(tx, {
      action: 'watched_word_import', moderatorId: admin.id, targetType: 'watched_word', targetId: 0, targetUserId: null,
      after: { added: result.added, updated: result.updated, skipped: result.skipped.length },
    });
  });
  return result;
}
