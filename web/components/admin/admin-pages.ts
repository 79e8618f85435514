/** The administration page (/admin): its chunk, imported by web/routes.ts when it is first entered. */
import './gr-admin-page';
