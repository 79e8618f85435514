import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { UPLOAD_EXTENSIONS } from '../domain/uploads';
import { isOneOf, matches } from './checks';
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
