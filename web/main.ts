/**
 * Boots the Grassroots web app: sets the page language, asks the server who is signed in
 * (once; the header shows the account area when it has answered) and defines <gr-app>,
 * which routes to the page of the current path.
 */
import { loadSession } from './api/session';
import { applyLocaleToDocument } from './i18n';
import './components/shell/gr-app';

applyLocaleToDocument();
void loadSession();
