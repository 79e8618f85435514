/**
 * The text limits of API.md and of the forms that share them: the server's schemas, tables and
 * services check them, and the web's forms count against them.
 */

/** Titles: 1–200 characters after trimming. */
export const TITLE_MAX_LENGTH = 200;
/** Post bodies: 1–50,000 characters after trimming. */
export const BODY_MAX_LENGTH = 50_000;
/**
 * Draft bodies: far more than a post may hold, so an over-long paste is kept as a draft (and
 * the composer says by how much it is over) rather than lost on a reload.
 */
export const DRAFT_BODY_MAX_LENGTH = 200_000;
/** What a title may be as it arrives, before trimming: the trimmed title is held to TITLE_MAX_LENGTH. */
export const TITLE_INPUT_MAX_LENGTH = 1_000;
/** What a body may be as it arrives, before trimming: the trimmed body is held to BODY_MAX_LENGTH. */
export const BODY_INPUT_MAX_LENGTH = 60_000;

/** Usernames: 3–32 letters, digits, `_` and `-`, unique without regard to case. */
export const USERNAME_PATTERN = '^[A-Za-z0-9_-]+$';
/** The shortest username. */
export const USERNAME_MIN_LENGTH = 3;
/** The longest username. */
export const USERNAME_MAX_LENGTH = 32;
/** The shortest password. */
export const PASSWORD_MIN_LENGTH = 10;
/** The longest password (a guard against hashing megabytes). */
export const PASSWORD_MAX_LENGTH = 1_000;
/** The longest display name. */
export const DISPLAY_NAME_MAX_LENGTH = 50;
/** The longest name of a board, unit or place. */
export const NAME_MAX_LENGTH = 100;
