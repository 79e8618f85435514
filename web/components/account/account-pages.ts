/**
 * The account pages (/login, /register, /settings): one chunk, imported by web/routes.ts
 * when one of them is first entered.
 */
import './gr-login-page';
import './gr-register-page';
import './gr-settings-page';
