import { ApiError, api } from './client';
import type { CampaignView } from '../../server/presenters/campaign.presenter';
import type { ItemList } from '../../server/presenters/page.presenter';
import type { UnitView } from '../../server/presenters/unit.presenter';
import { subscribeLocale } from '../i18n';

/*
 * The campaign settings and the unit list change rarely and nearly every campaign page
 * needs them: they are fetched once and shared, and kept for a few minutes.
 */

const KEEP_MS = 5 * 60 * 1000;

interface Cached<T> {
  promise: Promise<T>;
  at: number;
}

let campaign: Cached<CampaignView> | null = null;
let units: Cached<UnitView[]> | null = null;

// Names come in the reader's language: a language switch fetches them anew.
subscribeLocale(() => {
  campaign = null;
  units = null;
});

function fresh<T>(entry: Cached<T> | null): entry is Cached<T> {
  return entry !== null && Date.now() - entry.at < KEEP_MS;
}

const CAMPAIGN_STORAGE_KEY = 'gr.campaign';

/** The campaign as last fetched on this device, for a form opened without a connection. */
function storedCampaign(): CampaignView | null {
  try {
    const text = globalThis.localStorage?.getItem(CAMPAIGN_STORAGE_KEY);
    return text ? (JSON.parse(text) as CampaignView) : null;
  } catch {
    return null;
  }
}

function storeCampaign(value: CampaignView): void {
  try {
    globalThis.localStorage?.setItem(CAMPAIGN_STORAGE_KEY, JSON.stringify(value));
  } catch {
    // Only the offline fallback is lost.
  }
}

/**
 * GET /api/campaign, shared by every page that asks within a few minutes. When the server
 * cannot be reached (a village with no signal), the copy last fetched on this device is
 * used, so the visit form still opens and its draft can be written.
 */
export function loadCampaign(): Promise<CampaignView> {
  if (!fresh(campaign)) {
    const promise = api.get<CampaignView>('/api/campaign').then(
      (value) => {
        storeCampaign(value);
        return value;
      },
      (err: unknown) => {
        const stored = err instanceof ApiError && err.isNetworkError ? storedCampaign() : null;
        if (!stored) throw err;
        if (campaign?.promise === promise) campaign = null; // ask the server again next time
        return stored;
      },
    );
    campaign = { promise, at: Date.now() };
    promise.catch(() => {
      campaign = null; // a failure is not remembered: the next page asks again
    });
  }
  return campaign.promise;
}

/** Replaces the shared campaign after an admin changed it (PUT /api/campaign's answer). */
export function rememberCampaign(value: CampaignView): void {
  storeCampaign(value);
  campaign = { promise: Promise.resolve(value), at: Date.now() };
}

/** GET /api/units, shared like the campaign. */
export function loadUnits(): Promise<UnitView[]> {
  if (!fresh(units)) {
    const promise = api.get<ItemList<UnitView>>('/api/units').then((answer) => answer.items);
    units = { promise, at: Date.now() };
    promise.catch(() => {
      units = null;
    });
  }
  return units.promise;
}

/** The ids of `rootId` and every unit below it. */
export function subtreeIds(all: readonly UnitView[], rootId: number): Set<number> {
  const ids = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of all) {
      if (unit.parentId !== null && ids.has(unit.parentId) && !ids.has(unit.id)) {
        ids.add(unit.id);
        grew = true;
      }
    }
  }
  return ids;
}
