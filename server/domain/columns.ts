/** The media columns' vocabulary (API.md "Moderation, featuring, media columns"). */

/** The outlets an editor's column belongs to. */
export const OUTLETS = ['newspaper', 'radio', 'tv', 'web'] as const;
/** One of OUTLETS. */
export type Outlet = (typeof OUTLETS)[number];

/** A column's slug in /columns/:slug: lowercase letters, digits and hyphens. */
export const COLUMN_SLUG_PATTERN = '^[a-z0-9-]{2,40}$';
/** Whether a string is a well-formed column slug. */
export function isColumnSlug(value: string): boolean {
  return new RegExp(COLUMN_SLUG_PATTERN).test(value);
}

/** Lengths of a column's and an edition's texts (characters). */
export const COLUMN_NAME_MAX_LENGTH = 100;
export const COLUMN_DESCRIPTION_MAX_LENGTH = 2000;
export const OUTLET_NAME_MAX_LENGTH = 100;
export const EDITION_TITLE_MAX_LENGTH = 200;
/** The editor's note (编者按) of an edition. */
export const EDITION_NOTE_MAX_LENGTH = 5000;
/** An editor's note on one item of an edition. */
export const ITEM_NOTE_MAX_LENGTH = 2000;
/** The reason given for unpublishing an edition, and a nomination's reason. */
export const COLUMN_REASON_MAX_LENGTH = 2000;
/** How many items one edition may hold. */
export const EDITION_MAX_ITEMS = 100;
/** The highest edition number (期) a column may reach. */
export const EDITION_NUMBER_MAX = 100_000;

/**
 * An edition's states: draft → scheduled (publishAt set) → published; scheduled or published
 * go back to draft (unpublishing needs a reason, and is logged).
 */
export const EDITION_STATES = ['draft', 'scheduled', 'published'] as const;
/** One of EDITION_STATES. */
export type EditionState = (typeof EDITION_STATES)[number];

/** What the edition log records: every change of an edition's state, with who and why. */
export const EDITION_LOG_ACTIONS = ['schedule', 'unschedule', 'publish', 'unpublish'] as const;
/** One of EDITION_LOG_ACTIONS. */
export type EditionLogAction = (typeof EDITION_LOG_ACTIONS)[number];

/** A nomination round's states: open (editors nominate) and closed (the tally is final). */
export const NOMINATION_ROUND_STATES = ['open', 'closed'] as const;
/** One of NOMINATION_ROUND_STATES. */
export type NominationRoundState = (typeof NOMINATION_ROUND_STATES)[number];
/** A nomination round's title. */
export const ROUND_TITLE_MAX_LENGTH = 200;

/** The notification the columns add: an author's post was used in a published edition (用稿通知). */
export const COLUMN_NOTIFICATION_TYPES = ['post_used'] as const;
/** One of COLUMN_NOTIFICATION_TYPES. */
export type ColumnNotificationType = (typeof COLUMN_NOTIFICATION_TYPES)[number];

/** The public address of one published edition's page. */
export function editionPath(columnSlug: string, number: number): string {
  return `/columns/${columnSlug}/editions/${number}`;
}

/** How far ahead an edition may be scheduled. */
export const SCHEDULE_MAX_AHEAD_MS = 366 * 86_400_000;
