/**
 * The editor desk's filters (/editor), as they stand in the URL. In their own module so the
 * route table (in the first JavaScript) reads them without importing the desk itself.
 */
export const DESK_FILTERS = ['q', 'source', 'board', 'kind', 'unit', 'activity', 'place', 'from', 'to'] as const;

/** One of DESK_FILTERS. */
export type DeskFilter = (typeof DESK_FILTERS)[number];
