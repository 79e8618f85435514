import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { DEFAULT_FEATURED_TARGETS, type FeaturedTargets } from '../domain/moderation';
import type {
  CampaignActivity, CampaignIntegrityItem, CampaignPhase, CampaignQuota, CampaignTargets,
} from '../domain/campaign';
import { users } from './user.table';

/**
 * Campaigns as data: name (Chinese, and optionally English; so the jsonb items), year, phases, targets, quota, activities, integrity items and the
 * overlap window. Exactly one row is active (a partial unique index holds that).
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** The English name ('' when there is none: English readers see the Chinese one). */
    nameEn: text('name_en').notNull().default(''),
    year: integer('year').notNull(),
    active: boolean('active').notNull().default(true),
    phases: jsonb('phases').$type<CampaignPhase[]>().notNull(),
    targets: jsonb('targets').$type<CampaignTargets>().notNull(),
    quota: jsonb('quota').$type<CampaignQuota>().notNull(),
    activities: jsonb('activities').$type<CampaignActivity[]>().notNull(),
    integrity: jsonb('integrity').$type<CampaignIntegrityItem[]>().notNull(),
    overlapWindowDays: integer('overlap_window_days').notNull().default(30),
    /** How many featured posts each collection of the wall aims at (百位身边好人、百件凡人善举). */
    featuredTargets: jsonb('featured_targets').$type<FeaturedTargets>().notNull().default(DEFAULT_FEATURED_TARGETS),
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
