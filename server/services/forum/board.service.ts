import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { boards, type BoardRow } from '../../db/schema';
import { AppError, fail } from '../../errors';
import { rooms } from '../../realtime/rooms';
import type { ServiceContext } from '../service-context';

/** A seeded board: its slug, and its name and description in Chinese and English. */
export interface DefaultBoard {
  slug: string;
  name: string;
  description: string;
  nameEn: string;
  descriptionEn: string;
}

/** The default campaign's boards, seeded on first start (plan items 1, 5 and 6). */
export const DEFAULT_BOARDS: DefaultBoard[] = [
  {
    slug: 'qunzhong',
    name: '群众在我心中、我在群众当中',
    description:
      '“群众在我心中、我在群众当中”主题交流讨论：积极发贴跟贴，开展热烈讨论，展示所见所闻，记录所思所行，交流经验体会。',
    nameEn: 'The people in our hearts, ourselves among the people',
    descriptionEn:
      'Discussion on the theme “the people in our hearts, ourselves among the people”: post and reply, discuss with energy, show what you saw and heard, record what you thought and did, and share your experience.',
  },
  {
    slug: 'daxuexi', name: '大学习', description: '大学习：学理论、学业务、学群众，以提升素质为目标交流学习心得。',
    nameEn: 'Great Study', descriptionEn: 'Great Study: learn theory, learn the work, learn from the people; share what you learn, to raise our abilities.',
  },
  {
    slug: 'dataolun', name: '大讨论', description: '大讨论：围绕主题活动中的热点难点问题开展讨论，汇集各方智慧。',
    nameEn: 'Great Discussion', descriptionEn: 'Great Discussion: debate the pressing and difficult questions of the campaign, gathering everyone’s wisdom.',
  },
  {
    slug: 'dafuwu', name: '大服务', description: '大服务：为基层和群众办实事、解难题，交流服务发展的做法与经验。',
    nameEn: 'Great Service', descriptionEn: 'Great Service: do practical things and solve problems for the grassroots and the people; share how you serve development.',
  },
  {
    slug: 'zuimei',
    name: '做最美衢州人——我们的价值观',
    description: '“做最美衢州人——我们的价值观”大讨论：身边好人、凡人善举与我们共同遵守的行为规范。',
    nameEn: 'Be one of the most beautiful people of Quzhou: our values',
    descriptionEn: 'The discussion “Be one of the most beautiful people of Quzhou: our values”: good people around us, the kind deeds of ordinary people, and the norms we all keep.',
  },
  {
    slug: 'xiaxiang',
    name: '下乡心得与编辑手记',
    description: '下乡心得、编辑手记、采风感怀：走基层、转作风、改文风的实地记录。',
    nameEn: 'Notes from the countryside and editors’ notes',
    descriptionEn: 'Notes from the countryside, editors’ notes and impressions from field trips: first-hand records of going to the grassroots, changing the work style and improving the writing style.',
  },
];

/** A name or description as a client sends it: both languages win over a bare Chinese one. */
export interface BoardTextInput {
  name?: string;
  description?: string;
  names?: { zh: string; en?: string };
  descriptions?: { zh: string; en?: string };
}

/** The columns a board's names and descriptions take, from what a client sent (absent stays absent). */
export function boardTexts(input: BoardTextInput): Partial<Pick<BoardRow, 'name' | 'nameEn' | 'description' | 'descriptionEn'>> {
  const out: Partial<Pick<BoardRow, 'name' | 'nameEn' | 'description' | 'descriptionEn'>> = {};
  const zh = input.names?.zh ?? input.name;
  if (zh !== undefined) {
    out.name = zh.trim();
    if (out.name === '') throw fail.validation(input.names ? 'names.zh' : 'name', 'name must not be blank.', '名称不能为空。');
  }
  if (input.names) out.nameEn = (input.names.en ?? '').trim();
  const description = input.descriptions?.zh ?? input.description;
  if (description !== undefined) out.description = description.trim();
  if (input.descriptions) out.descriptionEn = (input.descriptions.en ?? '').trim();
  return out;
}

/** Every board, in board-list order (a short fixed list). */
export function listBoards(db: DbOrTx): Promise<BoardRow[]> {
  return db.select().from(boards).orderBy(asc(boards.position), asc(boards.id));
}

/** A board by its slug, or 404. */
export async function getBoardBySlug(db: DbOrTx, slug: string): Promise<BoardRow> {
  const [row] = await db.select().from(boards).where(eq(boards.slug, slug));
  if (!row) throw fail.notFound(`There is no board "${slug}".`, `没有“${slug}”这个版块。`);
  return row;
}

/**
 * Creates a board at the end of the list; a blank name is a 400, a taken slug a 409 CONFLICT.
 * The board list's cached answers become stale on every process (a cache-only notice: no
 * event describes a new board).
 */
export async function createBoard(ctx: ServiceContext, input: { slug: string; name: string } & BoardTextInput): Promise<BoardRow> {
  const texts = boardTexts(input);
  const [row] = await ctx.db
    .insert(boards)
    .values({
      slug: input.slug,
      name: texts.name ?? input.name,
      nameEn: texts.nameEn ?? '',
      description: texts.description ?? '',
      descriptionEn: texts.descriptionEn ?? '',
      position: sql`(select coalesce(max(${boards.position}), 0) + 1 from ${boards})`,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw new AppError('CONFLICT', { en: `The board slug "${input.slug}" is already taken.`, zh: `版块标识“${input.slug}”已被使用。` }, 'slug');
  }
  ctx.realtime.invalidate([rooms.boardList]);
  return row;
}

/**
 * Seeds the default boards on a first start (when there are no boards at all). An advisory
 * lock serialises two processes starting together on one database.
 */
export async function seedBoards(db: DbOrTx): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727274003)`);
    const existing = await tx.select().from(boards);
    if (existing.length === 0) {
      await tx.insert(boards).values(DEFAULT_BOARDS.map((b, position) => ({ ...b, position })));
      return;
    }
    // A database from before boards had English names: the defaults' English where its own is
    // empty and its Chinese is still the default's (an admin's renamed board is not guessed at).
    for (const row of existing) {
      const fallback = DEFAULT_BOARDS.find((b) => b.slug === row.slug);
      if (!fallback) continue;
      const fill: Partial<Pick<BoardRow, 'nameEn' | 'descriptionEn'>> = {};
      if (row.nameEn === '' && row.name === fallback.name) fill.nameEn = fallback.nameEn;
      if (row.descriptionEn === '' && row.description === fallback.description) fill.descriptionEn = fallback.descriptionEn;
      if (Object.keys(fill).length > 0) await tx.update(boards).set(fill).where(eq(boards.id, row.id));
    }
  });
}
