import type { FastifyInstance } from 'fastify';
import type { Client } from '../helpers/client';
import { Client as BaseClient } from '../helpers/client';
import { registerUser, type SignedInUser } from './user.factory';
import type { Role } from '../../server/domain/roles';
import type { CampaignView } from '../../server/presenters/campaign.presenter';
import type { PlaceView } from '../../server/presenters/place.presenter';
import type { UnitView } from '../../server/presenters/unit.presenter';

let sequence = 0;

/** A name no other test file or run uses. */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${Date.now().toString(36)}${process.pid.toString(36)}${sequence}`;
}

/** The campaign as GET /api/campaign answers it. */
export type CampaignBody = CampaignView;

/** A unit as the API answers it. */
export type UnitBody = UnitView;

/** A place as the API answers it. */
export type PlaceBody = PlaceView;

/** A private subtree under the seeded city: two counties, a township under the first. */
export interface Subtree {
  cityId: number;
  countyA: UnitBody;
  townshipA: UnitBody;
  countyB: UnitBody;
}

/** Creates a private unit subtree as admin, so counts in it are exact whatever else runs. */
export async function makeSubtree(app: FastifyInstance, admin: Client): Promise<Subtree> {
  const units = await new BaseClient(app).get<{ items: UnitBody[] }>('/api/units');
  const cityId = units.data.items.find((u) => u.level === 'city')?.id ?? 0;
  const post = async (name: string, level: string, parentId: number) => {
    const res = await admin.post<{ unit: UnitBody }>('/api/units', { name, level, parentId });
    if (res.statusCode !== 201) throw new Error(`unit failed: ${res.statusCode} ${res.body}`);
    return res.data.unit;
  };
  const countyA = await post(uniqueName('甲县'), 'county', cityId);
  const townshipA = await post(uniqueName('甲乡'), 'township', countyA.id);
  const countyB = await post(uniqueName('乙县'), 'county', cityId);
  return { cityId, countyA, townshipA, countyB };
}

/** Registers a member of a unit (with extra roles if given). */
export function memberOf(app: FastifyInstance, unitId: number | null, roles?: Role[]): Promise<SignedInUser> {
  return registerUser(app, { unitId, displayName: uniqueName('干部').slice(0, 30), ...(roles ? { roles } : {}) });
}

/** Creates a place as an admin or moderator client. */
export async function makePlace(client: Client, unitId: number, overrides: Partial<PlaceBody> = {}): Promise<PlaceBody> {
  const res = await client.post<{ place: PlaceBody }>('/api/places', { name: uniqueName('测试村'), kind: 'village', category: '文明村', unitId, ...overrides });
  if (res.statusCode !== 201) throw new Error(`place failed: ${res.statusCode} ${res.body}`);
  return res.data.place;
}

/** Every integrity item of the campaign confirmed. */
export function allConfirmed(campaign: CampaignBody): { item: string; confirmed: boolean; explanation?: string }[] {
  return campaign.integrity.map((i) => ({ item: i.id, confirmed: true }));
}

/** A valid visit body at a place on a date. */
export function visitBody(campaign: CampaignBody, placeId: number, visitedOn: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    placeId,
    visitedOn,
    activity: 'bai_cun_bai_qi',
    purpose: '了解文化礼堂建设情况',
    findings: { problems: '文化礼堂缺少活动经费', help: '联系县文化馆送戏下乡', exemplars: '村民自办的“村晚”', opinions: '希望多派文艺骨干' },
    followUps: [{ text: '落实送戏下乡场次', dueOn: visitedOn }],
    integrity: allConfirmed(campaign),
    ...overrides,
  };
}
