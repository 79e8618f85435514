import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { UPLOAD_EXTENSIONS } from '../domain/uploads';
import { isOneOf, matches } from './checks';
import { posts } from './post.table';
import { users } from './user.table';

/**
 * Uploaded photos (issue 11), one row per stored image: the file `DATA_DIR/uploads/<hash>.<extension>`
 * and its thumbnail `<hash>.thumb.<extension>`, named by the SHA-256 of the re-encoded image,
 * so the same image uploaded twice is one row and one file. `referenced_at` is set when a
 * post or a draft first refers to it; one never referenced is swept (file and row) after a day.
 */
export const uploads = pgTable(
  'uploads',
  {
    id: serial('id').primaryKey(),
    /** SHA-256 of the stored (re-encoded) image, 64 lower-case hex digits. */
    hash: text('hash').notNull().unique(),
    extension: text('extension').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** Size of the stored full image in bytes (the thumbnail not counted). */
    bytes: integer('bytes').notNull(),
    /** Who uploaded it first; null once that account is gone. */
    uploaderId: integer('uploader_id').references(() => users.id, { onDelete: 'set null' }),
    /** When it was uploaded (again, while still unreferenced: a fresh upload restarts the day). */
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** When a post or draft last referred to it; null: never, so the sweep may remove it. */
    referencedAt: timestamp('referenced_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('uploads_hash_form', matches(t.hash, '^[0-9a-f]{64}$')),
    check('uploads_extension', isOneOf(t.extension, UPLOAD_EXTENSIONS)),
    check('uploads_size_positive', sql`${t.width} > 0 and ${t.height} > 0 and ${t.bytes} > 0`),
    // The sweep's scan: never-referenced uploads, oldest first.
    index('uploads_unreferenced_idx').on(t.createdAt).where(sql`${t.referencedAt} is null`),
  ],
);

/** A row of the uploads table. */
export type UploadRow = typeof uploads.$inferSelect;

/**
 * Who may see an upload (what is hidden stays hidden, for photos too): one row per post that
 * refers to it (written in the post's own transaction, kept when an edit drops it, since the
 * post's revisions still show it) and one per member who uploaded it (the same image uploaded
 * by two members is one upload with two uploaders). Serving `/uploads/…` reads these rows and
 * their posts in one indexed statement: a photo is public while one public post uses it, and
 * otherwise shown only to its uploaders, the authors of the posts using it and moderators.
 */
export const uploadUses = pgTable(
  'upload_uses',
  {
    id: serial('id').primaryKey(),
    uploadId: integer('upload_id').notNull().references(() => uploads.id, { onDelete: 'cascade' }),
    /** A post that refers to the upload; null on an uploader's row. */
    postId: integer('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    /** A member who uploaded it; null on a post's row. */
    uploaderId: integer('uploader_id').references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    check('upload_uses_one_owner', sql`(${t.postId} is null) <> (${t.uploaderId} is null)`),
    // Upload → uses (the serving check), each use once.
    unique('upload_uses_upload_owner_unique').on(t.uploadId, t.postId, t.uploaderId).nullsNotDistinct(),
    // Deleting a post or an account finds its rows.
    index('upload_uses_post_idx').on(t.postId).where(sql`${t.postId} is not null`),
    index('upload_uses_uploader_idx').on(t.uploaderId).where(sql`${t.uploaderId} is not null`),
  ],
);

/** A row of the upload_uses table. */
export type UploadUseRow = typeof uploadUses.$inferSelect;
