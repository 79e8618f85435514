import type { FeaturedPostRow } from '../db/schema';
import type { FeaturedCollection } from '../domain/moderation';
import { firstUploadIn } from '../domain/uploads';
import type { Page } from './page.presenter';
import type { PostView } from './post.presenter';
import type { TopicView, VisitSummaryView } from './topic.presenter';
import type { UserRef } from './user.presenter';

/** A post's first photo as the wall shows it. */
export interface FeaturedPhotoView {
  url: string;
  thumbnailUrl: string;
}

/**
 * One entry of the featured wall (最美衢州人): the citation and what it is about, the post and
 * its topic as the viewer sees them, the author and their unit, the place, the 实地走访 mark
 * (`visitConfirmed`, with the visit's place and date) and the post's first photo.
 */
export interface FeaturedView {
  id: number;
  collection: FeaturedCollection;
  /** 推荐理由. */
  citation: string;
  /** The person's or deed's name, when the moderator gave one. */
  personName: string | null;
  /** Where, as the moderator wrote it; the confirmed visit's place is in `visit`. */
  place: string | null;
  post: PostView;
  topic: TopicView;
  author: UserRef;
  unit: { id: number; name: string } | null;
  /** The start of the featured post as plain text; null when its body is hidden from the viewer. */
  excerpt: string | null;
  /** The topic's visit is confirmed by a moderator (实地走访). */
  visitConfirmed: boolean;
  /** The confirmed visit's place and date, or null. */
  visit: VisitSummaryView | null;
  /** The post's first uploaded photo, or null (and null whenever the body is hidden). */
  photo: FeaturedPhotoView | null;
  featuredBy: UserRef | null;
  createdAt: string;
  updatedAt: string;
}

/** What presenting a featured row needs besides the row, already presented for the viewer. */
export interface FeaturedParts {
  post: PostView;
  topic: TopicView;
  unit: { id: number; name: string } | null;
  excerpt: string | null;
  featuredBy: UserRef | null;
}

/** Presents a featured row with its post and topic as the viewer sees them. */
export function presentFeatured(row: FeaturedPostRow, parts: FeaturedParts): FeaturedView {
  const photo = parts.post.html === null ? null : firstUploadIn(parts.post.html);
  const confirmed = parts.topic.visitClaim === 'confirmed';
  return {
    id: row.id,
    collection: row.collection,
    citation: row.citation,
    personName: row.personName,
    place: row.place,
    post: parts.post,
    topic: parts.topic,
    author: parts.post.author,
    unit: parts.unit,
    excerpt: parts.post.body === null ? null : parts.excerpt,
    visitConfirmed: confirmed,
    visit: confirmed ? parts.topic.visit : null,
    photo: photo ? { url: photo.url, thumbnailUrl: photo.thumbnailUrl } : null,
    featuredBy: parts.featuredBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A collection's count toward its target ("身边好人 37 / 100"): visible featured posts only. */
export interface FeaturedCountView {
  collection: FeaturedCollection;
  count: number;
  target: number;
}

/** GET /api/featured: a page of the wall, newest first, with every collection's count. */
export interface FeaturedWallView extends Page<FeaturedView> {
  counts: FeaturedCountView[];
  /** The featured room's seq, read before the wall: what the page's realtime follows from. */
  seq: number;
}

/** What changed on the wall, as the `featured:changed` event tells it (ids only, never a body). */
export interface FeaturedChangeView {
  change: 'featured' | 'updated' | 'unfeatured' | 'hidden' | 'shown';
  id: number;
  collection: FeaturedCollection;
  postId: number;
  topicId: number;
}
