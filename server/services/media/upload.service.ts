import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { uploads, type UploadRow, type UserRow } from '../../db/schema';
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
 * Marks the uploads a post or draft body refers to as referenced, and answers their sizes
 * (for the rendered <img> width and height): one set-based statement, none when the body
 * refers to no upload.
 */
export async function referenceUploads(db: DbOrTx, body: string, now: Date = new Date()): Promise<Map<string, ImageSize>> {
  const hashes = uploadsIn(body).map((ref) => ref.hash);
  const sizes = new Map<string, ImageSize>();
  if (hashes.length === 0) return sizes;
  const rows = await db
    .update(uploads)
    .set({ referencedAt: now })
    .where(inArray(uploads.hash, hashes))
    .returning({ hash: uploads.hash, width: uploads.width, height: uploads.height });
  for (const row of rows) sizes.set(row.hash, { width: row.width, height: row.height });
  return sizes;
}

/**
 * Renders a post body as it is written or edited: its uploads marked referenced and their
 * <img> given width and height (no layout shift while they load). The one call post writers make.
 */
export async function renderPostBody(db: DbOrTx, body: string): Promise<RenderedMarkdown> {
  const sizes = await referenceUploads(db, body);
  return renderMarkdown(body, sizes.size > 0 ? { imageSize: (hash) => sizes.get(hash) } : {});
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
