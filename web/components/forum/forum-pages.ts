/**
 * The forum's pages (/, /b/:slug, /t/:id, /search, /u/:username): one chunk, imported by
 * web/routes.ts when one of them is first entered.
 */
import './gr-home-page';
import './gr-board-page';
import './gr-topic-page';
import './gr-search-page';
import './gr-profile-page';
