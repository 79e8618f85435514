/** The forum's vocabulary: topic kinds, reactions, board slugs, draft scopes, notification types. */

/** What a topic is: a plain discussion, or one of the field-writing kinds of the journal. */
export const TOPIC_KINDS = ['discussion', 'field_note', 'editor_diary', 'field_impression'] as const;
/** One of TOPIC_KINDS. */
export type TopicKind = (typeof TOPIC_KINDS)[number];

/** The kinds listed on an author's journal and counted as writing (下乡心得、编辑手记、采风感怀). */
export const JOURNAL_KINDS = ['field_note', 'editor_diary', 'field_impression'] as const satisfies readonly TopicKind[];
/** One of JOURNAL_KINDS. */
export type JournalKind = (typeof JOURNAL_KINDS)[number];

/** The reactions a member may give a post. */
export const REACTION_KINDS = ['like', 'thanks', 'insightful'] as const;
/** One of REACTION_KINDS. */
export type ReactionKind = (typeof REACTION_KINDS)[number];

/** A board slug: 2–40 lower-case letters, digits and `-` (in paths, bodies and room names). */
export const BOARD_SLUG_PATTERN = '^[a-z0-9-]{2,40}$';

/** Is `value` a well-formed board slug? */
export function isBoardSlug(value: string): boolean {
  return new RegExp(BOARD_SLUG_PATTERN).test(value);
}

/** The scope of a composer draft: `topic:<id>` for a reply, `board:<slug>` for a new topic. */
export const DRAFT_SCOPE_PATTERN = '^(topic:[1-9][0-9]{0,9}|board:[a-z0-9-]{2,40})$';

/** The draft scope of a reply to a topic. */
export function replyDraftScope(topicId: number): string {
  return `topic:${topicId}`;
}

/** The draft scope of a new topic in a board. */
export function topicDraftScope(boardSlug: string): string {
  return `board:${boardSlug}`;
}

/** What a post notifies: the author it answers (`reply`) and the users it names (`mention`). */
export const NOTIFICATION_TYPES = ['reply', 'mention'] as const;
/** One of NOTIFICATION_TYPES. */
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
