import { asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { boards, type BoardRow } from '../../db/schema';
import { AppError, fail } from '../../errors';

/** The default campaign's boards, seeded on first start (plan items 1, 5 and 6). */
export const DEFAULT_BOARDS: { slug: string; name: string; description: string }[] = [
  {
    slug: 'qunzhong',
    name: '群众在我心中、我在群众当中',
    description:
      '“群众在我心中、我在群众当中”主题交流讨论：积极发贴跟贴，开展热烈讨论，展示所见所闻，记录所思所行，交流经验体会。',
  },
  { slug: 'daxuexi', name: '大学习', description: '大学习：学理论、学业务、学群众，以提升素质为目标交流学习心得。' },
  { slug: 'dataolun', name: '大讨论', description: '大讨论：围绕主题活动中的热点难点问题开展讨论，汇集各方智慧。' },
  { slug: 'dafuwu', name: '大服务', description: '大服务：为基层和群众办实事、解难题，交流服务发展的做法与经验。' },
  {
    slug: 'zuimei',
    name: '做最美衢州人——我们的价值观',
    description: '“做最美衢州人——我们的价值观”大讨论：身边好人、凡人善举与我们共同遵守的行为规范。',
  },
  {
    slug: 'xiaxiang',
    name: '下乡心得与编辑手记',
    description: '下乡心得、编辑手记、采风感怀：走基层、转作风、改文风的实地记录。',
  },
];

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

/** Creates a board at the end of the list; a blank name is a 400, a taken slug a 409 CONFLICT. */
export async function createBoard(db: DbOrTx, input: { slug: string; name: string; description?: string }): Promise<BoardRow> {
  const name = input.name.trim();
  if (name === '') throw fail.validation('name', 'name must not be blank.', '名称不能为空。');
  const [row] = await db
    .insert(boards)
    .values({
      slug: input.slug,
      name,
      description: input.description?.trim() ?? '',
      position: sql`(select coalesce(max(${boards.position}), 0) + 1 from ${boards})`,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw new AppError('CONFLICT', { en: `The board slug "${input.slug}" is already taken.`, zh: `版块标识“${input.slug}”已被使用。` }, 'slug');
  }
  return row;
}

/**
 * Seeds the default boards on a first start (when there are no boards at all). An advisory
 * lock serialises two processes starting together on one database.
 */
export async function seedBoards(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727274003)`);
    const [existing] = await tx.select({ id: boards.id }).from(boards).limit(1);
    if (existing) return;
    await tx.insert(boards).values(DEFAULT_BOARDS.map((b, position) => ({ ...b, position })));
  });
}
