import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import type { CampaignActivity, CampaignIntegrityItem, IntegrityEntry, VisitFindings } from '../domain/campaign';
import { TOPIC_KINDS, REACTION_KINDS, type TopicKind } from '../domain/forum';
import { usernameKey } from '../domain/text';
import { hashPassword } from '../lib/password-hash';
import { renderMarkdown } from '../markdown/render-markdown';
import { indexTokens, plainText } from '../search/tokenize';
import { childPath } from '../services/forum/post.service';
import {
  EN_SENTENCES, ENTERPRISES, GIVEN, MARKDOWN_SHAPES, SURNAMES, TITLE_HEADS, TITLE_TAILS, TOWNSHIPS, VILLAGES, ZH_SENTENCES,
} from './seed-corpus';

/** What to seed. */
export interface SeedOptions {
  /** How many posts (first posts included) to add. */
  posts: number;
  /** The random seed: the same seed writes the same shapes and texts. */
  seed?: number;
  /** Posts per batch of inserts (topics are never split across batches but giants). */
  batchSize?: number;
  /** Boards to seed into (ids); default every board. */
  boardIds?: number[];
  /** The password every seeded member signs in with. */
  password?: string;
  /** Called after each batch with the posts written so far. */
  onProgress?: (done: number, total: number) => void;
}

/** What was seeded, for the caller's report and the invariant test. */
export interface SeedResult {
  /** A tag in every seeded username (`s<tag>_<n>`), distinct per run. */
  tag: string;
  users: { first: number; last: number; count: number; password: string };
  topics: { first: number; last: number; count: number };
  posts: { first: number; last: number; count: number };
  /** The largest topic and its size; the deepest post's depth. */
  largestTopic: { id: number; posts: number };
  maxDepth: number;
  reactions: number;
  places: number;
  visits: number;
  /** Distinct body templates rendered (each through the app's markdown renderer, once). */
  templates: number;
}

/** The seed's password for its members unless one is given. */
export const SEED_PASSWORD = 'seed-member-password';

/** A small deterministic random generator (mulberry32), so a seed reproduces a database. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Topic sizes for `total` posts, skewed as forums are: most topics short (a geometric tail
 * around 5 posts), some a few hundred, and a few giants of 10,000+ posts (one per 100,000
 * posts; below 40,000 posts, one topic of a quarter of them). Sums to exactly `total`.
 */
export function topicSizes(total: number, random: () => number): number[] {
  const sizes: number[] = [];
  let left = total;
  const giants = total >= 40_000 ? Math.max(1, Math.round(total / 100_000)) : total >= 200 ? 1 : 0;
  for (let i = 0; i < giants && left > 0; i += 1) {
    const size = Math.min(left, total >= 40_000 ? 10_000 + Math.floor(random() * 10_000) : Math.floor(total / 4));
    sizes.push(size);
    left -= size;
  }
  while (left > 0) {
    const r = random();
    let size = r < 0.02 ? 100 + Math.floor(random() * 900) : 1 + Math.floor(-Math.log(1 - random()) * 5);
    size = Math.min(size, left);
    sizes.push(size);
    left -= size;
  }
  // Giants first would make the oldest topics the biggest; spread them.
  for (let i = sizes.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [sizes[i], sizes[j]] = [sizes[j]!, sizes[i]!];
  }
  return sizes;
}

/** A PostgreSQL array literal of numbers, strings or nulls (one parameter, however long). */
export function pgArray(values: readonly (number | string | boolean | null)[]): string {
  return `{${values
    .map((v) => {
      if (v === null) return 'NULL';
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    })
    .join(',')}}`;
}

/** One body template: source, the html the app renders for it, and its search tokens. */
interface Template {
  body: string;
  html: string;
  tokens: string;
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A body of one to four sentences, Chinese mostly, in one of the markdown shapes. */
function makeBody(random: () => number, n: number): string {
  const count = 1 + Math.floor(random() * 4);
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) parts.push(random() < 0.8 ? `${pick(ZH_SENTENCES, random)}。` : `${pick(EN_SENTENCES, random)}.`);
  // A number word makes each template's tokens its own (searchable as 第N篇).
  const tail = `（第${n}篇）`;
  switch (pick(MARKDOWN_SHAPES, random)) {
    case 'bold':
      return `${parts.join('')} **${pick(TOWNSHIPS, random)}** ${tail}`;
    case 'list':
      return `${parts[0]}\n\n${parts.map((p) => `- ${p}`).join('\n')}\n\n${tail}`;
    case 'quote':
      return `> ${parts[0]}\n\n${parts.slice(1).join('')}${tail}`;
    case 'link':
      return `${parts.join('')} [详情](/t/${1 + (n % 50)}) ${tail}`;
    case 'heading':
      return `### ${pick(TITLE_TAILS, random)}\n\n${parts.join('\n\n')}${tail}`;
    default:
      return `${parts.join('')}${tail}`;
  }
}

/** Renders each distinct body once through the app's renderer and tokeniser. */
function makeTemplates(count: number, random: () => number): Template[] {
  const templates: Template[] = [];
  for (let i = 0; i < count; i += 1) {
    const body = makeBody(random, i + 1).normalize('NFC');
    templates.push({ body, html: renderMarkdown(body).html, tokens: indexTokens(plainText(body)) });
  }
  return templates;
}

/** Reserves `count` consecutive ids of a serial column's sequence and answers the first. */
async function reserveIds(db: Db, table: string, count: number): Promise<number> {
  const [row] = await queryRows<{ first: string | number }>(
    db,
    sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as first`,
  );
  const first = Number(row?.first);
  if (count > 1) await db.execute(sql`select setval(pg_get_serial_sequence(${table}, 'id'), ${first + count - 1})`);
  return first;
}

/** Runs one insert … select from unnest(arrays) — one statement, a few parameters, any number of rows. */
function unnest(columns: { values: readonly (number | string | boolean | null)[]; type: string }[]): SQL {
  return sql.join(
    columns.map((c) => sql`${pgArray(c.values)}::${sql.raw(c.type)}[]`),
    sql`, `,
  );
}

/**
 * Fills the database with realistic content: township units, members, places and visits,
 * topics of skewed sizes (field notes linked to visits), threaded posts with deep trees in
 * the giants, reactions; board and topic counters consistent with the rows. The stored html
 * is what the app renders for each body; search vectors are computed as the app computes
 * them (title weight A for first posts, body weight B). No realtime events are written: the
 * seeded topics' rooms have no seq yet (0), so the first live event in one is its seq 1.
 */
export async function seedDatabase(db: Db, options: SeedOptions): Promise<SeedResult> {
  if (!Number.isInteger(options.posts) || options.posts < 1) throw new Error('posts must be a whole number ≥ 1');
  const random = randomSource(options.seed ?? 1);
  const batchSize = options.batchSize ?? 5_000;
  const tag = Date.now().toString(36);
  const password = options.password ?? SEED_PASSWORD;

  // Boards and the campaign the app seeded at first start.
  const boardRows = await queryRows<{ id: number }>(db, sql`select id from boards order by position, id`);
  const boardIds = options.boardIds ?? boardRows.map((b) => b.id);
  if (boardIds.length === 0) throw new Error('no boards to seed into: start the app once first');
  const [campaign] = await queryRows<{ activities: CampaignActivity[]; integrity: CampaignIntegrityItem[]; year: number }>(
    db,
    sql`select activities, integrity, year from campaigns where active limit 1`,
  );
  const activities = campaign?.activities.map((a) => a.id) ?? ['visit'];
  const integrityItems = campaign?.integrity.map((i) => i.id) ?? [];

  // Units: a township under each county.
  const counties = await queryRows<{ id: number }>(db, sql`select id from units where level = 'county' order by id`);
  const townshipNames = counties.flatMap((c, ci) => TOWNSHIPS.slice((ci * 2) % TOWNSHIPS.length, ((ci * 2) % TOWNSHIPS.length) + 2).map((name) => ({ name: `${name}${tag.slice(-3)}`, parent: c.id })));
  const townships = townshipNames.length
    ? await queryRows<{ id: number }>(db, sql`insert into units (name, level, parent_id)
        select n, 'township', p from unnest(${unnest([{ values: townshipNames.map((t) => t.name), type: 'text' }, { values: townshipNames.map((t) => t.parent), type: 'int' }])}) as u(n, p) returning id`)
    : [];
  const unitIds = [...counties.map((c) => c.id), ...townships.map((t) => t.id)];

  // Members: one per 40 posts (20 to 25,000), 80% in a unit; one password hash for all.
  const userCount = Math.min(25_000, Math.max(20, Math.round(options.posts / 40)));
  const hash = await hashPassword(password);
  const firstUser = await reserveIds(db, 'users', userCount);
  const userIds: number[] = [];
  const userUnits: (number | null)[] = [];
  const names: string[] = [];
  const usernames: string[] = [];
  for (let i = 0; i < userCount; i += 1) {
    userIds.push(firstUser + i);
    usernames.push(`s${tag}_${i}`);
    names.push(`${pick(SURNAMES, random)}${pick(GIVEN, random)}`);
    userUnits.push(unitIds.length && random() < 0.8 ? pick(unitIds, random) : null);
  }
  for (let i = 0; i < userCount; i += 10_000) {
    const end = Math.min(userCount, i + 10_000);
    await db.execute(sql`insert into users (id, username, username_key, display_name, password_hash, unit_id)
      select id, u, u, d, ${hash}, unit from unnest(${unnest([
        { values: userIds.slice(i, end), type: 'int' },
        { values: usernames.slice(i, end).map(usernameKey), type: 'text' },
        { values: names.slice(i, end), type: 'text' },
        { values: userUnits.slice(i, end), type: 'int' },
      ])}) as v(id, u, d, unit)`);
  }
  /** Authors are skewed too: a few members write much of it. */
  const author = () => userIds[Math.floor(random() * random() * userCount)]!;

  // Places and visits: one visit per 200 posts (at least 5), each by a member with a unit.
  const placeCount = Math.min(1_000, Math.max(3, Math.round(options.posts / 1_000)));
  const placeRows = unitIds.length
    ? await queryRows<{ id: number; unit_id: number }>(db, sql`insert into places (name, kind, unit_id)
        select n, k, u from unnest(${unnest([
          { values: Array.from({ length: placeCount }, (_, i) => (i % 3 === 2 ? `${pick(VILLAGES, random)}${pick(ENTERPRISES, random)}${i}` : `${pick(VILLAGES, random)}村${i}`)), type: 'text' },
          { values: Array.from({ length: placeCount }, (_, i) => (i % 3 === 2 ? 'enterprise' : 'village')), type: 'text' },
          { values: Array.from({ length: placeCount }, () => pick(unitIds, random)), type: 'int' },
        ])}) as v(n, k, u) returning id, unit_id`)
    : [];
  const visitIds: number[] = [];
  const cadres = userIds.flatMap((id, i) => (userUnits[i] === null ? [] : [{ id, unit: userUnits[i]! }]));
  if (placeRows.length && cadres.length) {
    const visitCount = Math.min(20_000, Math.max(5, Math.round(options.posts / 200)));
    const year = campaign?.year ?? new Date().getUTCFullYear();
    const today = new Date();
    const rows = { place: [] as number[], unit: [] as number[], by: [] as number[], on: [] as string[], activity: [] as string[], purpose: [] as string[], findings: [] as string[], integrity: [] as string[] };
    for (let i = 0; i < visitCount; i += 1) {
      const place = pick(placeRows, random);
      const by = pick(cadres, random);
      const day = new Date(Date.UTC(year, 0, 1) + Math.floor(random() * 365) * 86_400_000);
      const visitedOn = (day > today ? today : day).toISOString().slice(0, 10);
      const findings: VisitFindings = { problems: pick(ZH_SENTENCES, random), help: pick(ZH_SENTENCES, random), exemplars: pick(ZH_SENTENCES, random), opinions: pick(ZH_SENTENCES, random) };
      const integrity: IntegrityEntry[] = integrityItems.map((item) => ({ item, confirmed: true }));
      rows.place.push(place.id);
      rows.unit.push(by.unit);
      rows.by.push(by.id);
      rows.on.push(visitedOn);
      rows.activity.push(pick(activities, random));
      rows.purpose.push(pick(ZH_SENTENCES, random));
      rows.findings.push(JSON.stringify(findings));
      rows.integrity.push(JSON.stringify(integrity));
    }
    const inserted = await queryRows<{ id: number }>(db, sql`insert into visits (place_id, unit_id, created_by, visited_on, participant_ids, activity, purpose, findings, integrity)
      select p, u, b, o::date, array[b], a, pu, f::jsonb, i::jsonb from unnest(${unnest([
        { values: rows.place, type: 'int' }, { values: rows.unit, type: 'int' }, { values: rows.by, type: 'int' },
        { values: rows.on, type: 'text' }, { values: rows.activity, type: 'text' }, { values: rows.purpose, type: 'text' },
        { values: rows.findings, type: 'text' }, { values: rows.integrity, type: 'text' },
      ])}) as v(p, u, b, o, a, pu, f, i) returning id`);
    visitIds.push(...inserted.map((v) => v.id));
  }

  // Body templates, rendered once each, in a table of their own for the inserts to join.
  const templates = makeTemplates(Math.min(5_000, Math.max(50, Math.round(options.posts / 50))), random);
  const templateTable = sql.raw(`seed_templates_${tag}`);
  await db.execute(sql`create unlogged table ${templateTable} (id int primary key, body text not null, html text not null, sv tsvector not null)`);
  try {
    for (let i = 0; i < templates.length; i += 1_000) {
      const slice = templates.slice(i, i + 1_000);
      await db.execute(sql`insert into ${templateTable} (id, body, html, sv)
        select id, b, h, setweight(to_tsvector('simple', t), 'B') from unnest(${unnest([
          { values: slice.map((_, k) => i + k), type: 'int' },
          { values: slice.map((t) => t.body), type: 'text' },
          { values: slice.map((t) => t.html), type: 'text' },
          { values: slice.map((t) => t.tokens), type: 'text' },
        ])}) as v(id, b, h, t)`);
    }
    return await seedForum(db, { ...options, batchSize, boardIds }, { random, tag, templateTable, templateCount: templates.length, author, userCount, firstUser, visitIds, password, placeCount: placeRows.length });
  } finally {
    await db.execute(sql`drop table if exists ${templateTable}`);
  }
}

interface ForumContext {
  random: () => number;
  tag: string;
  templateTable: SQL;
  templateCount: number;
  author: () => number;
  userCount: number;
  firstUser: number;
  visitIds: number[];
  password: string;
  placeCount: number;
}

/** One post before it is written. */
interface PlannedPost {
  id: number;
  topicId: number;
  parentId: number | null;
  authorId: number;
  depth: number;
  path: number[];
  replyCount: number;
  template: number;
  createdAt: number;
  /** The topic's title tokens, for a first post (weight A in its search vector). */
  titleTokens: string | null;
}

/** A topic before it is written. */
interface PlannedTopic {
  id: number;
  boardId: number;
  title: string;
  kind: TopicKind;
  authorId: number;
  visitId: number | null;
  visitConfirmed: boolean;
  posts: PlannedPost[];
}

async function seedForum(db: Db, options: Required<Pick<SeedOptions, 'posts' | 'batchSize' | 'boardIds'>> & SeedOptions, ctx: ForumContext): Promise<SeedResult> {
  const { random } = ctx;
  const sizes = topicSizes(options.posts, random);
  const firstTopic = await reserveIds(db, 'topics', sizes.length);
  const firstPost = await reserveIds(db, 'posts', options.posts);
  const now = Date.now();
  const span = 365 * 86_400_000;
  let nextPost = firstPost;
  let done = 0;
  let reactions = 0;
  let maxDepth = 0;
  let largest = { id: 0, posts: 0 };
  const boardDelta = new Map<number, { topics: number; posts: number; last: number }>();
  let batch: PlannedTopic[] = [];
  let batchPosts = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const topicsNow = batch;
    batch = [];
    batchPosts = 0;
    const allPosts = topicsNow.flatMap((t) => t.posts);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into topics (id, board_id, title, kind, author_id, visit_id, visit_confirmed, post_count, last_post_at, first_post_id, created_at)
        select * from unnest(${unnest([
          { values: topicsNow.map((t) => t.id), type: 'int' },
          { values: topicsNow.map((t) => t.boardId), type: 'int' },
          { values: topicsNow.map((t) => t.title), type: 'text' },
          { values: topicsNow.map((t) => t.kind), type: 'text' },
          { values: topicsNow.map((t) => t.authorId), type: 'int' },
          { values: topicsNow.map((t) => t.visitId), type: 'int' },
          { values: topicsNow.map((t) => t.visitConfirmed), type: 'boolean' },
          { values: topicsNow.map((t) => t.posts.length), type: 'int' },
          { values: topicsNow.map((t) => new Date(t.posts[t.posts.length - 1]!.createdAt).toISOString()), type: 'timestamptz' },
          { values: topicsNow.map((t) => t.posts[0]!.id), type: 'int' },
          { values: topicsNow.map((t) => new Date(t.posts[0]!.createdAt).toISOString()), type: 'timestamptz' },
        ])})`);
      // Posts go in id order, parents before children (the parent_id foreign key).
      for (let i = 0; i < allPosts.length; i += 20_000) {
        const slice = allPosts.slice(i, i + 20_000);
        await tx.execute(sql`with ins as (insert into posts (id, topic_id, parent_id, author_id, body, html, depth, path, reply_count, search_vector, created_at)
          select v.id, v.topic_id, v.parent_id, v.author_id, t.body, t.html, v.depth, v.path::int[], v.reply_count,
            case when v.title is null then t.sv else setweight(to_tsvector('simple', v.title), 'A') || t.sv end,
            v.created_at
          from unnest(${unnest([
            { values: slice.map((p) => p.id), type: 'int' },
            { values: slice.map((p) => p.topicId), type: 'int' },
            { values: slice.map((p) => p.parentId), type: 'int' },
            { values: slice.map((p) => p.authorId), type: 'int' },
            { values: slice.map((p) => p.depth), type: 'int' },
            { values: slice.map((p) => pgArray(p.path)), type: 'text' },
            { values: slice.map((p) => p.replyCount), type: 'int' },
            { values: slice.map((p) => p.titleTokens), type: 'text' },
            { values: slice.map((p) => new Date(p.createdAt).toISOString()), type: 'timestamptz' },
            { values: slice.map((p) => p.template), type: 'int' },
          ])}) as v(id, topic_id, parent_id, author_id, depth, path, reply_count, title, created_at, template)
          join ${ctx.templateTable} t on t.id = v.template
          order by v.id
          returning id, topic_id)
          insert into post_filters (post_id, board_id, kind)
          select ins.id, tp.board_id, tp.kind from ins join topics tp on tp.id = ins.topic_id`);
      }
      // Reactions: three posts in ten get one to three, from distinct members.
      const r = { post: [] as number[], user: [] as number[], kind: [] as string[] };
      for (const p of allPosts) {
        if (random() >= 0.3) continue;
        const n = 1 + Math.floor(random() * 3);
        const seen = new Set<number>();
        for (let k = 0; k < n; k += 1) {
          const user = ctx.firstUser + Math.floor(random() * ctx.userCount);
          if (seen.has(user)) continue;
          seen.add(user);
          r.post.push(p.id);
          r.user.push(user);
          r.kind.push(REACTION_KINDS[Math.floor(random() * REACTION_KINDS.length)]!);
        }
      }
      if (r.post.length) {
        await tx.execute(sql`insert into post_reactions (post_id, user_id, kind, created_at)
          select p, u, k, now() from unnest(${unnest([{ values: r.post, type: 'int' }, { values: r.user, type: 'int' }, { values: r.kind, type: 'text' }])}) as v(p, u, k)`);
        reactions += r.post.length;
      }
    });
    done += allPosts.length;
    options.onProgress?.(done, options.posts);
  };

  for (let ti = 0; ti < sizes.length; ti += 1) {
    const size = sizes[ti]!;
    const id = firstTopic + ti;
    // Board 1 gets most, as the campaign's main board does.
    const boardId = options.boardIds[Math.min(options.boardIds.length - 1, Math.floor(random() * random() * options.boardIds.length))]!;
    const kindRoll = random();
    const kind: TopicKind = kindRoll < 0.85 ? 'discussion' : TOPIC_KINDS[1 + Math.floor(random() * (TOPIC_KINDS.length - 1))] ?? 'discussion';
    const visitId = kind === 'field_note' && ctx.visitIds.length && random() < 0.7 ? pick(ctx.visitIds, random) : null;
    const title = `${pick(TITLE_HEADS, random)}：${pick(TITLE_TAILS, random)}`;
    const titleTokens = indexTokens(title);
    const topicAuthor = ctx.author();
    // Topics spread over the last year in order; a topic's posts follow over hours to weeks.
    const start = now - span + Math.floor((ti / sizes.length) * span * 0.95);
    const step = Math.max(1_000, Math.floor((span * 0.04) / Math.max(1, size)));
    const posts: PlannedPost[] = [];
    const giant = size >= 1_000;
    let chainLeft = 0;
    for (let k = 0; k < size; k += 1) {
      const postId = nextPost;
      nextPost += 1;
      let parent: PlannedPost | null = null;
      // Giants hold a few long arguments (50–150 answers to the last answer, past the
      // thread path's 100-id limit) and short chains; others stay shallow.
      if (giant && chainLeft === 0 && random() < 0.002) chainLeft = 50 + Math.floor(random() * 100);
      if (k > 0) {
        const roll = random();
        if (chainLeft > 0) {
          chainLeft -= 1;
          parent = posts[posts.length - 1]!;
        } else if (giant && roll < 0.35) parent = posts[posts.length - 1]!;
        else if (roll < 0.55) parent = null;
        else parent = posts[Math.max(0, posts.length - 1 - Math.floor(random() * random() * posts.length))]!;
      }
      if (parent) parent.replyCount += 1;
      const post: PlannedPost = {
        id: postId,
        topicId: id,
        parentId: parent?.id ?? null,
        authorId: k === 0 ? topicAuthor : ctx.author(),
        depth: parent ? parent.depth + 1 : 0,
        path: childPath(parent, postId),
        replyCount: 0,
        template: Math.floor(random() * ctx.templateCount),
        createdAt: Math.min(now - 1_000, start + k * step),
        titleTokens: k === 0 ? titleTokens : null,
      };
      if (post.depth > maxDepth) maxDepth = post.depth;
      posts.push(post);
    }
    if (size > largest.posts) largest = { id, posts: size };
    batch.push({ id, boardId, title, kind, authorId: topicAuthor, visitId, visitConfirmed: visitId !== null && random() < 0.5, posts });
    const delta = boardDelta.get(boardId) ?? { topics: 0, posts: 0, last: 0 };
    delta.topics += 1;
    delta.posts += size;
    delta.last = Math.max(delta.last, posts[posts.length - 1]!.createdAt);
    boardDelta.set(boardId, delta);
    batchPosts += size;
    if (batchPosts >= options.batchSize) await flush();
  }
  await flush();

  // Counters by increment, so writers running meanwhile keep theirs.
  for (const [boardId, delta] of boardDelta) {
    await db.execute(sql`update boards set topic_count = topic_count + ${delta.topics}, post_count = post_count + ${delta.posts},
      last_post_at = greatest(last_post_at, ${new Date(delta.last).toISOString()}::timestamptz) where id = ${boardId}`);
  }
  await db.execute(sql`analyze`);
  return {
    tag: ctx.tag,
    users: { first: ctx.firstUser, last: ctx.firstUser + ctx.userCount - 1, count: ctx.userCount, password: ctx.password },
    topics: { first: firstTopic, last: firstTopic + sizes.length - 1, count: sizes.length },
    posts: { first: firstPost, last: firstPost + options.posts - 1, count: options.posts },
    largestTopic: largest,
    maxDepth,
    reactions,
    places: ctx.placeCount,
    visits: ctx.visitIds.length,
    templates: ctx.templateCount,
  };
}
