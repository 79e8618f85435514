import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { posts, topics, uploads, uploadUses, type UploadRow, type UserRow } from '../../db/schema';
import { hasRole, type RoleHolder } from '../../domain/roles';
import { thumbnailUrl, uploadsIn, uploadUrl, type ImageSize, type UploadExtension } from '../../domain/uploads';
import { AppError } from '../../errors';
import { renderMarkdown, type RenderedMarkdown } from '../../markdown/render-markdown';
import { encodePhoto, MAX_INPUT_PIXELS, PhotoRejected } from '../../media/photo-encode';
import type { UploadView } from '../../presenters/upload.presenter';
import { presentUpload } from '../../presenters/upload.presenter';
import { assertNotSilenced, assertNotSuspended } from '../moderation/people.service';

/*
 * Photos in posts (issue 11): storing an upload, marking the uploads a post or draft refers
 * to, rendering a post with its photos' sizes, and sweeping uploads nobody referred to.
 * Files live in DATA_DIR/uploads under their content hash (server/domain/uploads.ts), with
 * either database: several processes need that folder shared.
 */

/** How long an upload may wait for a post or draft to refer to it before the sweep removes it. */
export const UNREFERENCED_UPLOAD_TTL_MS = 24 * 3_600_000;

/** The folder uploads are stored in, under DATA_DIR. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/**
 * Stores a photo a member uploaded: judged and re-encoded by content (media/photo-encode.ts),
 * written under its hash (the same image twice is one file and one row: the row comes back),
 * and recorded. Silenced or suspended members may not upload, as they may not post.
 */
export async function storeUpload(db: DbOrTx, dir: string, user: UserRow, input: Buffer, now: Date): Promise<UploadView> {
  assertNotSilenced(user, now);
  assertNotSuspended(user, now);
  let photo;
  try {
    photo = await encodePhoto(input);
  } catch (err) {
    if (!(err instanceof PhotoRejected)) throw err;
    if (err.reason === 'pixels') {
      throw new AppError('PAYLOAD_TOO_LARGE', {
        en: `This photo has more than ${MAX_INPUT_PIXELS / 1_000_000} million pixels. Please send a smaller one.`,
        zh: `这张图片超过 ${MAX_INPUT_PIXELS / 1_000_000} 百万像素，请换一张较小的图片。`,
      });
    }
    throw new AppError('UNSUPPORTED_MEDIA', {
      en: 'This file is not a whole JPEG, PNG or WebP photo (it is judged by its content, not its name). Please choose another.',
      zh: '该文件不是完整的 JPEG、PNG 或 WebP 图片（按文件内容判断，与文件名无关），请换一个文件。',
    }, 'file');
  }
  await mkdir(dir, { recursive: true });
  await writeOnce(path.join(dir, `${photo.hash}.${photo.extension}`), photo.image);
  await writeOnce(path.join(dir, `${photo.hash}.thumb.${photo.extension}`), photo.thumbnail);
  const [row] = await db
    .insert(uploads)
    .values({
      hash: photo.hash, extension: photo.extension, width: photo.width, height: photo.height,
      bytes: photo.image.length, uploaderId: user.id, createdAt: now,
    })
    // Uploaded again while still unreferenced: the day to refer to it starts again.
    .onConflictDoUpdate({
      target: uploads.hash,
      set: { createdAt: sql`case when ${uploads.referencedAt} is null then excluded.created_at else ${uploads.createdAt} end` },
    })
    .returning();
  if (!row) throw new Error('upload insert returned nothing');
  // Every member who uploads it may see it (in their composer, before any post uses it).
  await db.insert(uploadUses).values({ uploadId: row.id, uploaderId: user.id }).onConflictDoNothing();
  return presentUpload(row);
}

/**
 * Writes a file unless it is there already, through a temporary name and a rename, so a
 * reader (or another process storing the same image) never sees half a file.
 */
async function writeOnce(file: string, content: Buffer): Promise<void> {
  try {
    const existing = await stat(file);
    if (existing.size === content.length) return;
  } catch {
    // Not there yet.
  }
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/**
 * Marks the uploads a draft body refers to as referenced (so the sweep keeps them): one
 * set-based statement, none when the body refers to no upload. A draft grants nobody a sight
 * of a photo: its writer sees the photos they uploaded anyway, and pasting another's photo URL
 * into one's own draft must not open a hidden post's photo.
 */
export async function referenceUploads(db: DbOrTx, body: string, now: Date = new Date()): Promise<void> {
  const hashes = uploadsIn(body).map((ref) => ref.hash);
  if (hashes.length === 0) return;
  await db.update(uploads).set({ referencedAt: now }).where(inArray(uploads.hash, hashes));
}

/**
 * Records, inside the transaction that writes or edits a post, that the post uses the uploads
 * its body refers to (who may see them follows the post: see the upload_uses table) and marks
 * them referenced: one statement, none when the body refers to no upload. Rolled back with
 * the post when it fails (a rate limit, a lock, a check), so a failed post marks nothing.
 */
export async function recordUploadUses(tx: DbOrTx, postId: number, body: string, now: Date = new Date()): Promise<void> {
  const hashes = uploadsIn(body).map((ref) => ref.hash);
  if (hashes.length === 0) return;
  const hashList = sql.join(hashes.map((hash) => sql`${hash}`), sql`, `);
  await tx.execute(sql`
    with marked as (
      update ${uploads} set referenced_at = ${now.toISOString()}::timestamptz where ${uploads.hash} in (${hashList}) returning ${uploads.id}
    )
    insert into ${uploadUses} (upload_id, post_id)
    select marked.id, ${postId} from marked
    on conflict do nothing`);
}

/**
 * Renders a post body as it is written or edited, its <img> given width and height (no layout
 * shift while they load): one read of the sizes, none when it refers to no upload. It writes
 * nothing: the post's transaction records the uses (recordUploadUses). The one call post writers make.
 */
export async function renderPostBody(db: DbOrTx, body: string): Promise<RenderedMarkdown> {
  const hashes = uploadsIn(body).map((ref) => ref.hash);
  if (hashes.length === 0) return renderMarkdown(body);
  const rows = await db
    .select({ hash: uploads.hash, width: uploads.width, height: uploads.height })
    .from(uploads)
    .where(inArray(uploads.hash, hashes));
  const sizes = new Map<string, ImageSize>(rows.map((row) => [row.hash, { width: row.width, height: row.height }]));
  return renderMarkdown(body, sizes.size > 0 ? { imageSize: (hash) => sizes.get(hash) } : {});
}

/** Who may see an upload, as its uses say (uploadAccess). */
export interface UploadAccess {
  /** A published, shown post (not hidden, not held, in a topic not held) uses it: anyone may see it. */
  public: boolean;
  /** The members who may see it while it is not public: its uploaders and the authors of the posts using it. */
  owners: number[];
  /** Some post uses it (moderators see every post, so they see its photos). */
  posted: boolean;
}

/**
 * Who may see the upload stored under `hash`, from its uses and their posts and topics: one
 * statement through the unique hash, the uses' (upload, …) index and the primary keys. An
 * upload with no row (or no use) answers public false and no owners: nobody sees it.
 */
export async function uploadAccess(db: DbOrTx, hash: string): Promise<UploadAccess> {
  const [row] = await db
    .select({
      public: sql<boolean | null>`bool_or(${posts.id} is not null and not ${posts.hidden} and not ${posts.held} and not ${topics.held})`,
      owners: sql<number[] | null>`array_agg(distinct coalesce(${uploadUses.uploaderId}, ${posts.authorId}))`,
      posted: sql<boolean | null>`bool_or(${posts.id} is not null)`,
    })
    .from(uploads)
    .innerJoin(uploadUses, eq(uploadUses.uploadId, uploads.id))
    .leftJoin(posts, eq(posts.id, uploadUses.postId))
    .leftJoin(topics, eq(topics.id, posts.topicId))
    .where(eq(uploads.hash, hash));
  return {
    public: row?.public === true,
    owners: (row?.owners ?? []).filter((id): id is number => id !== null).map(Number),
    posted: row?.posted === true,
  };
}

/** May this viewer (null: anonymous) see an upload with this access? Its owners and, when a post uses it, moderators may. */
export function maySeeUpload(access: UploadAccess, viewer: (RoleHolder & { id: number }) | null): boolean {
  if (access.public) return true;
  if (viewer === null) return false;
  return access.owners.includes(viewer.id) || (access.posted && hasRole(viewer, 'moderator'));
}

/**
 * Removes every upload never referenced by a post or draft and older than a day at `now`:
 * the rows in one statement, then their files. Returns how many were removed.
 */
export async function sweepUnreferencedUploads(db: DbOrTx, dir: string, now: Date): Promise<number> {
  const removed: Pick<UploadRow, 'hash' | 'extension'>[] = await db
    .delete(uploads)
    .where(and(isNull(uploads.referencedAt), lt(uploads.createdAt, new Date(now.getTime() - UNREFERENCED_UPLOAD_TTL_MS))))
    .returning({ hash: uploads.hash, extension: uploads.extension });
  for (const row of removed) {
    const extension = row.extension as UploadExtension;
    await rm(path.join(dir, path.basename(uploadUrl(row.hash, extension))), { force: true });
    await rm(path.join(dir, path.basename(thumbnailUrl(row.hash, extension))), { force: true });
  }
  return removed.length;
}
