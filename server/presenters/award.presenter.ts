import type { NominationRoundRow, NominationRow } from '../db/schema';
import type { NominationRoundState } from '../domain/columns';
import type { PostView } from './post.presenter';
import type { TopicView } from './topic.presenter';
import type { UserRef } from './user.presenter';

/** A nomination round as the API shows it, with how many nominations it holds. */
export interface NominationRoundView {
  id: number;
  title: string;
  /** First day of the period (YYYY-MM-DD, in the campaign's zone). */
  periodStart: string;
  /** Last day of the period, inclusive. */
  periodEnd: string;
  state: NominationRoundState;
  openedBy: UserRef | null;
  /** Nominations of posts that are still candidates. */
  nominationCount: number;
  createdAt: string;
  closedAt: string | null;
}

/** One editor's nomination of a candidate, with the reason. */
export interface NominationView {
  id: number;
  roundId: number;
  postId: number;
  editor: UserRef;
  reason: string;
  createdAt: string;
}

/** A published edition that used a candidate, within the round's period. */
export interface CandidateEditionView {
  editionId: number;
  columnSlug: string;
  columnName: string;
  outletName: string;
  number: number;
  title: string;
  publishedAt: string;
  /** The edition's public page, /columns/<slug>/editions/<n>. */
  url: string;
}

/**
 * A candidate of a round: a visible post used in editions published within the period, with
 * its topic, author, unit, place and visit, the editions, the nominations and their tally.
 */
export interface CandidateView {
  post: PostView;
  topic: TopicView;
  author: UserRef;
  unit: { id: number; name: string } | null;
  /** The linked visit's place, or null. */
  place: string | null;
  /** The linked visit (claimed or confirmed); `confirmed` is the 实地走访 mark. */
  visit: { confirmed: boolean; visitedOn: string; placeName: string } | null;
  /** Visit-confirmed frontline writing (下乡心得、编辑手记、采风感怀): these come first. */
  frontline: boolean;
  editions: CandidateEditionView[];
  /** When an edition within the period first used it. */
  firstPublishedAt: string;
  nominations: NominationView[];
  tally: number;
  /** The nomination of the editor asking, or null. */
  myNominationId: number | null;
}

/** GET /api/nomination-rounds/:id/candidates. */
export interface CandidatesView {
  round: NominationRoundView;
  items: CandidateView[];
}

/** Presents a round row. */
export function presentRound(row: NominationRoundRow, openedBy: UserRef | null, nominationCount: number): NominationRoundView {
  return {
    id: row.id,
    title: row.title,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    state: row.state,
    openedBy,
    nominationCount,
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
  };
}

/** Presents a nomination row. */
export function presentNomination(row: NominationRow, editor: UserRef): NominationView {
  return { id: row.id, roundId: row.roundId, postId: row.postId, editor, reason: row.reason, createdAt: row.createdAt.toISOString() };
}
