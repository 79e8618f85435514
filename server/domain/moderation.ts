/** The moderation vocabulary (API.md "Moderation, featuring, media columns"). */

/** Why a member flags a post; `other` needs a note. */
export const FLAG_REASONS = ['spam', 'off_topic', 'inappropriate', 'needs_visit_check', 'other'] as const;
/** One of FLAG_REASONS. */
export type FlagReason = (typeof FLAG_REASONS)[number];

/** Does a flag of this reason need a note saying what is wrong? */
export function flagNeedsNote(reason: FlagReason): boolean {
  return reason === 'other';
}

/** The collections of the featured wall (先进典型, 百位身边好人, 百件凡人善举). */
export const FEATURED_COLLECTIONS = ['exemplars', 'good_people', 'good_deeds'] as const;
/** One of FEATURED_COLLECTIONS. */
export type FeaturedCollection = (typeof FEATURED_COLLECTIONS)[number];
