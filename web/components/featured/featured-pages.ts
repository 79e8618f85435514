/** The featured wall (/featured): its chunk, imported by web/routes.ts when it is first entered. */
import './gr-featured-page';
