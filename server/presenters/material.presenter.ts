import type { FeaturedCollection } from '../domain/moderation';
import type { TopicKind } from '../domain/forum';
import type { EditionState } from '../domain/columns';
import type { UserRef } from './user.presenter';

/** One edition (of any state) that already holds a desk result's post. */
export interface MaterialUseView {
  editionId: number;
  columnSlug: string;
  columnName: string;
  outletName: string;
  editionNumber: number;
  editionTitle: string;
  state: EditionState;
}

/** One result of the editors' desk (GET /api/editor/material): an excerpt, never a body. */
export interface MaterialView {
  /** Which source put the post on the desk: confirmed field work, featured, or recent and lively. */
  source: 'confirmed' | 'featured' | 'recent';
  post: { id: number; topicId: number; excerpt: string; createdAt: string; isFirst: boolean };
  topic: { id: number; title: string; kind: TopicKind; boardSlug: string };
  author: UserRef;
  unit: { id: number; name: string } | null;
  place: { id: number; name: string } | null;
  visit: { confirmed: boolean; visitedOn: string; activity: string } | null;
  featured: FeaturedCollection[];
  reactions: number;
  replies: number;
  usedIn: MaterialUseView[];
}

/** A page of the desk. */
export interface MaterialPageView {
  items: MaterialView[];
  nextCursor: string | null;
}
