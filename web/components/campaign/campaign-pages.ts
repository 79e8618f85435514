/**
 * The campaign's pages (/visits, /places, /plan, /progress, /campaign/settings): one chunk,
 * imported by web/routes.ts when one of them is first entered. ECharts stays a chunk of its
 * own, loaded by /progress's charts only.
 */
import './gr-visits-page';
import './gr-visit-new-page';
import './gr-visit-page';
import './gr-places-page';
import './gr-place-page';
import './gr-plan-page';
import './gr-progress-page';
import './gr-campaign-settings-page';
