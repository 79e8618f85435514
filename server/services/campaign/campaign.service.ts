import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { campaigns, visits, type CampaignRow } from '../../db/schema';
import {
  TARGET_KINDS, type CampaignActivity, type CampaignIntegrityItem, type CampaignPhase, type CampaignQuota, type CampaignTargets,
} from '../../domain/campaign';
import { DEFAULT_FEATURED_TARGETS, type FeaturedTargets } from '../../domain/moderation';
import { isCalendarDate } from '../../domain/text';
import { AppError, fail } from '../../errors';
import { localToday } from '../../lib/dates';
import { ALL_ROOMS } from '../../lib/read-cache';
import type { ServiceContext } from '../service-context';

/** The default campaign's name, in Chinese and English. */
export const DEFAULT_CAMPAIGN_NAME = {
  zh: '“走基层、转作风、改文风”专项行动',
  en: 'The campaign “Go to the grassroots, change the work style, improve the writing style”',
};

/** The six practice activities of the plan (section 三), with stable ids and English names. */
export const DEFAULT_ACTIVITIES: CampaignActivity[] = [
  { id: 'bai_cun_bai_qi', name: '走百村入百企', nameEn: 'Visit a hundred villages and a hundred enterprises' },
  { id: 'sheke_jiceng', name: '社科专家基层行', nameEn: 'Social science experts at the grassroots' },
  { id: 'xinwen_zzg', name: '新闻战线走转改', nameEn: 'The news media go to the grassroots, change their work style and improve their writing' },
  { id: 'yu_shidai', name: '与时代同行采风', nameEn: 'Keeping pace with the times: field trips for writers and artists' },
  { id: 'qunzhong_taolun', name: '群众在我心中主题交流讨论', nameEn: 'Discussion: the people in our hearts, ourselves among the people' },
  { id: 'zuimei_quzhou', name: '最美衢州人群体建设', nameEn: 'Fostering the most beautiful people of Quzhou' },
];

/** The five prohibitions (五不准), worded as in the plan, section 五.4, and faithfully in English. */
export const DEFAULT_INTEGRITY: CampaignIntegrityItem[] = [
  { id: 'no_meals', text: '不准接受所走访村和企业的吃请和报销开支', textEn: 'Do not accept meals from the villages and enterprises visited, nor have them pay or reimburse any expenses' },
  { id: 'no_gifts', text: '不准收所走访村和企业馈赠的有价证券和礼品（包括土特产）', textEn: 'Do not accept securities or gifts (local produce included) from the villages and enterprises visited' },
  { id: 'no_entertainment', text: '不准参与公款娱乐消费', textEn: 'Do not take part in entertainment paid for with public funds' },
  { id: 'no_harm', text: '不准做违背群众意愿、侵害群众利益的事', textEn: 'Do not do anything against the wishes of the people or that harms their interests' },
  { id: 'no_escort', text: '不准搞层层陪同和迎送', textEn: 'Do not arrange escorts at every level, nor welcoming and send-off ceremonies' },
];

/** The plan's three phases in a given year (section 四). */
export function defaultPhases(year: number): CampaignPhase[] {
  return [
    { id: 'mobilize', name: '动员部署', nameEn: 'Mobilisation', from: `${year}-01-01`, to: `${year}-03-31` },
    { id: 'implement', name: '组织实施', nameEn: 'Implementation', from: `${year}-04-01`, to: `${year}-10-31` },
    { id: 'deepen', name: '深化提高', nameEn: 'Deepening and consolidation', from: `${year}-11-01`, to: `${year}-12-31` },
  ];
}

/** The default campaign: the plan's, in the given year. */
export function defaultCampaign(year: number): Omit<CampaignRow, 'id' | 'createdAt' | 'updatedAt'> {
  return {
    name: DEFAULT_CAMPAIGN_NAME.zh,
    nameEn: DEFAULT_CAMPAIGN_NAME.en,
    year,
    active: true,
    phases: defaultPhases(year),
    targets: { village: 100, enterprise: 100 },
    quota: { village: { min: 1, max: 2 }, enterprise: { min: 1, max: 2 } },
    activities: DEFAULT_ACTIVITIES,
    integrity: DEFAULT_INTEGRITY,
    overlapWindowDays: 30,
    featuredTargets: DEFAULT_FEATURED_TARGETS,
  };
}

/**
 * Seeds the default campaign on first start, in the year of that start (in the campaign's
 * zone). Idempotent, and safe when two processes start together (an advisory lock).
 */
export async function seedCampaign(db: DbOrTx, now: Date = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727274005)`);
    const [existing] = await tx.select().from(campaigns).for('update');
    if (!existing) {
      await tx.insert(campaigns).values(defaultCampaign(Number(localToday(now).slice(0, 4))));
      return;
    }
    const filled = withDefaultEnglish(existing);
    if (filled) await tx.update(campaigns).set(filled).where(eq(campaigns.id, existing.id));
  });
}

/** The English default of a stored item: only while its Chinese is still the default's (an admin's rename is not guessed at). */
function defaultEnglish<T extends { id: string }>(defaults: T[], item: T, zh: (x: T) => string, en: (x: T) => string | undefined): string | undefined {
  const fallback = defaults.find((d) => d.id === item.id);
  return fallback && zh(fallback) === zh(item) ? en(fallback) : undefined;
}

/**
 * A database made before campaign data had English names gets the defaults' English names
 * where its own are empty and its Chinese is the default's: null when nothing needs filling.
 */
function withDefaultEnglish(row: CampaignRow): Pick<CampaignRow, 'nameEn' | 'phases' | 'activities' | 'integrity'> | null {
  let changed = false;
  const fill = <T extends { id: string }>(items: T[], defaults: T[], zh: (x: T) => string, en: (x: T) => string | undefined, set: (x: T, en: string) => T): T[] =>
    items.map((item) => {
      if ((en(item) ?? '') !== '') return item;
      const english = defaultEnglish(defaults, item, zh, en);
      if (!english) return item;
      changed = true;
      return set(item, english);
    });
  const phases = fill(row.phases, defaultPhases(row.year), (p) => p.name, (p) => p.nameEn, (p, nameEn) => ({ ...p, nameEn }));
  const activities = fill(row.activities, DEFAULT_ACTIVITIES, (a) => a.name, (a) => a.nameEn, (a, nameEn) => ({ ...a, nameEn }));
  const integrity = fill(row.integrity, DEFAULT_INTEGRITY, (i) => i.text, (i) => i.textEn, (i, textEn) => ({ ...i, textEn }));
  let nameEn = row.nameEn;
  if (nameEn === '' && row.name === DEFAULT_CAMPAIGN_NAME.zh) {
    nameEn = DEFAULT_CAMPAIGN_NAME.en;
    changed = true;
  }
  return changed ? { nameEn, phases, activities, integrity } : null;
}

/** The active campaign; every start seeds one, so its absence is a server fault. */
export async function getActiveCampaign(db: DbOrTx): Promise<CampaignRow> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.active, true)).limit(1);
  if (!row) throw new AppError('UNAVAILABLE', { en: 'No campaign is set up yet.', zh: '尚未设置专项行动。' });
  return row;
}

/**
 * A name as a client sends it: `names` (Chinese required, English optional) wins; a bare
 * `name` is the Chinese one and keeps the English name already stored for that item.
 */
export interface NameInput {
  name?: string;
  names?: { zh: string; en?: string };
}

/** What an admin may change on the campaign; absent fields stay as they are. */
export interface CampaignChanges extends NameInput {
  year?: number;
  phases?: (Omit<CampaignPhase, 'name' | 'nameEn'> & NameInput)[];
  targets?: CampaignTargets;
  quota?: CampaignQuota;
  activities?: (Omit<CampaignActivity, 'name' | 'nameEn'> & NameInput)[];
  integrity?: { id: string; text?: string; texts?: { zh: string; en?: string } }[];
  overlapWindowDays?: number;
  featuredTargets?: FeaturedTargets;
}

/**
 * The Chinese and English of a name as sent, the English kept from `stored` when only a bare
 * name came. A blank Chinese is a 400 on `<prefix>.names.zh` (or `<prefix>.name`, as sent).
 */
function resolveNames(
  input: NameInput, stored: { zh: string; en: string } | undefined, prefix: string, keys: { name: string; names: string } = { name: 'name', names: 'names' },
): { zh: string; en: string } {
  const zh = (input.names?.zh ?? input.name ?? '').trim();
  const field = prefix === '' ? (input.names ? `${keys.names}.zh` : keys.name) : `${prefix}.${input.names ? `${keys.names}.zh` : keys.name}`;
  if (zh === '') throw fail.validation(field, `${field} must not be blank: the Chinese name is required.`, '中文名称不能为空。');
  const en = input.names ? (input.names.en ?? '').trim() : (stored?.en ?? '');
  return { zh, en };
}

function uniqueIds(field: string, items: { id: string }[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) {
      throw fail.validation(`${field}.${i}.id`, `The id "${item.id}" appears twice in ${field}.`, `${field} 中的编号“${item.id}”重复。`);
    }
    seen.add(item.id);
  });
}

/** Checks phases: real dates, from ≤ to, in order and without overlap. */
function checkPhases(phases: CampaignPhase[]): void {
  uniqueIds('phases', phases);
  phases.forEach((p, i) => {
    if (!isCalendarDate(p.from)) throw fail.validation(`phases.${i}.from`, `phases.${i}.from must be a real date (YYYY-MM-DD).`, '阶段开始日期不是有效日期。');
    if (!isCalendarDate(p.to)) throw fail.validation(`phases.${i}.to`, `phases.${i}.to must be a real date (YYYY-MM-DD).`, '阶段结束日期不是有效日期。');
    if (p.from > p.to) throw fail.validation(`phases.${i}.to`, `Phase "${p.name}" ends before it starts.`, `阶段“${p.name}”的结束日期早于开始日期。`);
    const prev = phases[i - 1];
    if (prev && p.from <= prev.to) {
      throw fail.validation(`phases.${i}.from`, `Phase "${p.name}" must start after phase "${prev.name}" ends (phases are in order and do not overlap).`, `阶段“${p.name}”必须在阶段“${prev.name}”结束之后开始（阶段按顺序排列且不能重叠）。`);
    }
  });
}

/**
 * Changes the active campaign after checking it. Removing an activity or integrity item
 * that recorded visits use is a 409 CONFLICT: those visits would lose their meaning.
 * After commit, every cached public answer is made stale: the campaign's names, phases and
 * featured targets show in many of them (the featured wall's counts and phase filter,
 * visit summaries' activities), and a campaign change is rare.
 */
export async function updateCampaign(ctx: ServiceContext, changes: CampaignChanges): Promise<CampaignRow> {
  const row = await ctx.db.transaction(async (tx) => {
    const current = await getActiveCampaign(tx);
    const next: CampaignRow = {
      ...current,
      ...(changes.year !== undefined ? { year: changes.year } : {}),
      ...(changes.targets ? { targets: changes.targets } : {}),
      ...(changes.quota ? { quota: changes.quota } : {}),
      ...(changes.overlapWindowDays !== undefined ? { overlapWindowDays: changes.overlapWindowDays } : {}),
      ...(changes.featuredTargets ? { featuredTargets: changes.featuredTargets } : {}),
    };
    if (changes.name !== undefined || changes.names !== undefined) {
      const names = resolveNames(changes, { zh: current.name, en: current.nameEn }, '');
      next.name = names.zh;
      next.nameEn = names.en;
    }
    const storedNames = <T extends { id: string; name: string; nameEn?: string }>(items: T[], id: string) => {
      const item = items.find((x) => x.id === id);
      return item ? { zh: item.name, en: item.nameEn ?? '' } : undefined;
    };
    if (changes.phases) {
      next.phases = changes.phases.map((p, i) => {
        const names = resolveNames(p, storedNames(current.phases, p.id), `phases.${i}`);
        return { id: p.id, name: names.zh, ...(names.en ? { nameEn: names.en } : {}), from: p.from, to: p.to };
      });
    }
    if (changes.activities) {
      next.activities = changes.activities.map((a, i) => {
        const names = resolveNames(a, storedNames(current.activities, a.id), `activities.${i}`);
        return { id: a.id, name: names.zh, ...(names.en ? { nameEn: names.en } : {}) };
      });
    }
    if (changes.integrity) {
      next.integrity = changes.integrity.map((item, i) => {
        const stored = current.integrity.find((x) => x.id === item.id);
        const texts = resolveNames(
          { ...(item.text !== undefined ? { name: item.text } : {}), ...(item.texts ? { names: item.texts } : {}) },
          stored ? { zh: stored.text, en: stored.textEn ?? '' } : undefined,
          `integrity.${i}`,
          { name: 'text', names: 'texts' },
        );
        return { id: item.id, text: texts.zh, ...(texts.en ? { textEn: texts.en } : {}) };
      });
    }
    if (changes.phases) checkPhases(next.phases);
    if (changes.phases || changes.year !== undefined) {
      // Progress counts the campaign's year, so every phase lies inside it.
      next.phases.forEach((p, i) => {
        if (!p.from.startsWith(`${next.year}-`) || !p.to.startsWith(`${next.year}-`)) {
          throw fail.validation(
            changes.phases ? `phases.${i}.from` : 'year',
            `Phase "${p.name}" (${p.from} – ${p.to}) must lie within the campaign's year ${next.year}; send the phases with the new year.`,
            `阶段“${p.name}”（${p.from} 至 ${p.to}）必须在专项行动年度 ${next.year} 年之内；修改年度时请一并修改各阶段日期。`,
          );
        }
      });
    }
    if (changes.activities) uniqueIds('activities', next.activities);
    if (changes.integrity) uniqueIds('integrity', next.integrity);
    if (changes.quota) {
      for (const kind of TARGET_KINDS) {
        if (changes.quota[kind].min > changes.quota[kind].max) {
          throw fail.validation(`quota.${kind}.max`, `quota.${kind}.max must not be below its min.`, '配额上限不能小于下限。');
        }
      }
    }
    if (changes.activities) {
      const kept = new Set(changes.activities.map((a) => a.id));
      const removed = current.activities.filter((a) => !kept.has(a.id)).map((a) => a.id);
      if (removed.length > 0) {
        const [used] = await tx.select({ activity: visits.activity }).from(visits).where(inArray(visits.activity, removed)).limit(1);
        if (used) {
          const name = current.activities.find((a) => a.id === used.activity)?.name ?? used.activity;
          throw new AppError('CONFLICT', { en: `The activity "${name}" is used by recorded visits and cannot be removed.`, zh: `活动“${name}”已有走访记录使用，不能删除。` }, 'activities');
        }
      }
    }
    if (changes.integrity) {
      const kept = new Set(changes.integrity.map((a) => a.id));
      for (const item of current.integrity.filter((a) => !kept.has(a.id))) {
        const [used] = await tx.select({ id: visits.id }).from(visits)
          .where(sql`${visits.integrity} @> ${JSON.stringify([{ item: item.id }])}::jsonb`).limit(1);
        if (used) {
          throw new AppError('CONFLICT', { en: `The integrity item "${item.text}" is attested on recorded visits and cannot be removed.`, zh: `“${item.text}”已在走访记录中确认，不能删除。` }, 'integrity');
        }
      }
    }
    const [row] = await tx.update(campaigns).set({
      name: next.name, nameEn: next.nameEn, year: next.year, phases: next.phases, targets: next.targets, quota: next.quota,
      activities: next.activities, integrity: next.integrity, overlapWindowDays: next.overlapWindowDays, featuredTargets: next.featuredTargets, updatedAt: new Date(),
    }).where(and(eq(campaigns.id, current.id), eq(campaigns.active, true))).returning();
    if (!row) throw new Error('campaign update returned nothing');
    return row;
  });
  ctx.realtime.invalidate([ALL_ROOMS]);
  return row;
}

/** The first and last day of the campaign's year. */
export function campaignRange(campaign: Pick<CampaignRow, 'year'>): { from: string; to: string } {
  return { from: `${campaign.year}-01-01`, to: `${campaign.year}-12-31` };
}
