import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './user.table';

/** One phase of a campaign: an inclusive range of ISO dates (YYYY-MM-DD). */
export interface CampaignPhase {
  id: string;
  name: string;
  from: string;
  to: string;
}

/** Targets of a campaign: how many distinct villages and enterprises to visit. */
export interface CampaignTargets {
  village: number;
  enterprise: number;
}

/** A minimum and maximum number of places one person should visit. */
export interface QuotaRange {
  min: number;
  max: number;
}

/** The per-person quota: each cadre visits min–max villages and min–max enterprises. */
export interface CampaignQuota {
  village: QuotaRange;
  enterprise: QuotaRange;
}

/** An item with a stable string id (activities, integrity items). */
export interface CampaignActivity {
  id: string;
  name: string;
}

/** One of the integrity items (the five prohibitions) a visit attests. */
export interface CampaignIntegrityItem {
  id: string;
  text: string;
}

/**
 * Campaigns as data: name, year, phases, targets, quota, activities, integrity items and the
 * overlap window. Exactly one row is active (a partial unique index holds that).
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    active: boolean('active').notNull().default(true),
    phases: jsonb('phases').$type<CampaignPhase[]>().notNull(),
    targets: jsonb('targets').$type<CampaignTargets>().notNull(),
    quota: jsonb('quota').$type<CampaignQuota>().notNull(),
    activities: jsonb('activities').$type<CampaignActivity[]>().notNull(),
    integrity: jsonb('integrity').$type<CampaignIntegrityItem[]>().notNull(),
    overlapWindowDays: integer('overlap_window_days').notNull().default(30),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('campaigns_one_active_idx').on(t.active).where(sql`${t.active}`),
    check('campaigns_year_check', sql`${t.year} between 2000 and 2100`),
    check('campaigns_window_check', sql`${t.overlapWindowDays} between 0 and 366`),
  ],
);

/** A row of the campaigns table. */
export type CampaignRow = typeof campaigns.$inferSelect;

/** Each member's writing goal for a campaign: how many field notes they intend to write. */
export const campaignWritingGoals = pgTable(
  'campaign_writing_goals',
  {
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    planned: integer('planned').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.userId] }),
    check('campaign_writing_goals_planned_check', sql`${t.planned} between 0 and 1000`),
  ],
);
