/**
 * The moderation pages (/mod, /admin/watched-words, /appeals): one chunk, imported by
 * web/routes.ts when one of them is first entered.
 */
import './gr-mod-page';
import './gr-watched-words-page';
import './gr-appeals-page';
