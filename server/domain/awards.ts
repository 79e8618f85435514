/** The award nominations' vocabulary and limits (华岗奖-style rounds, issue 12 item 5). */

/** The kinds of frontline writing: a visit-confirmed topic of one of these comes first among candidates. */
export const FRONTLINE_KINDS = ['field_note', 'editor_diary', 'field_impression'] as const;

/** The longest period a round may cover, in days (two years, so a yearly award fits with room). */
export const ROUND_PERIOD_MAX_DAYS = 731;
/** How far back a round's period may start, in days before today (ten years). */
export const ROUND_PERIOD_EARLIEST_DAYS = 3653;
/** How far ahead a round's period may end, in days after today (a year). */
export const ROUND_PERIOD_LATEST_DAYS = 366;
/** How many rounds GET /api/nomination-rounds lists, newest first (a few a year). */
export const ROUNDS_LISTED_MAX = 200;
