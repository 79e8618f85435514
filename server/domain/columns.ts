/** The media columns' vocabulary (API.md "Moderation, featuring, media columns"). */

/** The outlets an editor's column belongs to. */
export const OUTLETS = ['newspaper', 'radio', 'tv', 'web'] as const;
/** One of OUTLETS. */
export type Outlet = (typeof OUTLETS)[number];
