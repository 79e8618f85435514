import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { TOPIC_KINDS } from '../domain/forum';
import { VISIT_CLAIM_STATES } from '../domain/moderation';
import { TITLE_MAX_LENGTH } from '../domain/limits';
import { boards } from './board.table';
import { isOneOf, lengthBetween } from './checks';
import { users } from './user.table';

/** Topics: a first post plus its replies, in one board. */
export const topics = pgTable(
  'topics',
  {
    id: serial('id').primaryKey(),
    boardId: integer('board_id').notNull().references(() => boards.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    kind: text('kind', { enum: TOPIC_KINDS }).notNull().default('discussion'),
    authorId: integer('author_id').notNull().references(() => users.id, { onDelete: 'restrict' }),
    // The visit a field note was written about. No foreign key yet: the link to the visits
    // table (issue 5) is checked by the service, and moderators confirm it (visit_confirmed).
    visitId: integer('visit_id'),
    visitConfirmed: boolean('visit_confirmed').notNull().default(false),
    /** The visit link's review: none, claimed (待核实), confirmed, rejected. visitConfirmed follows it. */
    visitClaim: text('visit_claim', { enum: VISIT_CLAIM_STATES }).notNull().default('none'),
    /** A moderator's note on the claim (why it was rejected); the author and moderators see it. */
    visitReviewNote: text('visit_review_note'),
    locked: boolean('locked').notNull().default(false),
    lockReason: text('lock_reason'),
    /** The first post waits for approval: the topic is seen by its author and moderators only. */
    held: boolean('held').notNull().default(false),
    pinned: boolean('pinned').notNull().default(false),
    /** Every post of the topic, the first included. */
    postCount: integer('post_count').notNull().default(0),
    /** Millisecond precision (set by the server, not now()), so keyset cursors round-trip. */
    lastPostAt: timestamp('last_post_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The opening post; null only inside the transaction that creates the topic. */
    firstPostId: integer('first_post_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // The board's topic list: pinned first, then newest activity (keyset over all three).
    index('topics_board_activity_idx').on(t.boardId, t.pinned, t.lastPostAt, t.id),
    // An author's topics and journal, newest first.
    index('topics_author_idx').on(t.authorId, t.id),
    // A member's topics that show them more than the public sees (few): held, with a visit
    // review note, or a link only they see; read-overlay.ts tests these for a signed-in reader.
    index('topics_author_insider_idx').on(t.authorId, t.boardId)
      .where(sql`${t.held} or ${t.visitReviewNote} is not null or (${t.visitId} is not null and ${t.visitClaim} not in ('claimed', 'confirmed'))`),
    index('topics_visit_idx').on(t.visitId).where(sql`${t.visitId} is not null`),
    check('topics_kind_check', isOneOf(t.kind, TOPIC_KINDS)),
    check('topics_visit_claim_check', isOneOf(t.visitClaim, VISIT_CLAIM_STATES)),
    check('topics_title_length', lengthBetween(t.title, 1, TITLE_MAX_LENGTH)),
    check('topics_visit_id_positive', sql`${t.visitId} is null or ${t.visitId} > 0`),
  ],
);

/** A row of the topics table. */
export type TopicRow = typeof topics.$inferSelect;
