/**
 * The editors' pages (/editor, /editor/columns, /editor/columns/:slug, /editor/editions/:id):
 * one chunk, imported by web/routes.ts when one of them is first entered.
 */
import './gr-editor-page';
import './gr-editor-columns-page';
import './gr-column-editor-page';
import './gr-edition-builder';
