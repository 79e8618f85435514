/**
 * The awards pages (/editor/awards, /editor/awards/:id): one chunk, imported by
 * web/routes.ts when one of them is first entered.
 */
import './gr-awards-page';
import './gr-award-round-page';
