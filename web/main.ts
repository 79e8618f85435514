/**
 * Boots the Grassroots web app: sets the page language, starts loading that language's
 * messages and the code of the page being entered (both their own chunks, fetched side by
 * side, so the first page is not held up by a chain of requests), asks the server who is
 * signed in (once; the header shows the account area when it has answered) and defines
 * <gr-app>, which routes to the page of the current path once its messages have arrived.
 */
import { loadSession } from './api/session';
import { applyLocaleToDocument, getLocale, loadMessages } from './i18n';
import { currentLocation, loadPageCode, matchRoute } from './router';
import { routes } from './routes';
import './components/shell/gr-app';

applyLocaleToDocument();
// gr-app shows a failure itself; here the loads only start early.
loadMessages(getLocale()).catch(() => {});
const entered = matchRoute(routes, currentLocation());
if (entered) void loadPageCode(entered.route);
void loadSession();
