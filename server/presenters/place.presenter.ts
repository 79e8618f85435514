import type { PlaceRow } from '../db/schema';
import type { PlaceKind } from '../domain/campaign';
import type { TopicView } from './topic.presenter';
import type { VisitView } from './visit.presenter';

/** The public shape of a place. */
export interface PlaceView {
  id: number;
  name: string;
  kind: PlaceKind;
  category: string | null;
  unitId: number;
  address: string | null;
  createdAt: string;
}

/** Presents a place row. */
export function presentPlace(row: PlaceRow): PlaceView {
  return {
    id: row.id, name: row.name, kind: row.kind, category: row.category, unitId: row.unitId,
    address: row.address, createdAt: row.createdAt.toISOString(),
  };
}

/** A place named inside a visit, plan or report line. */
export interface PlaceRef {
  id: number;
  name: string;
  kind: PlaceKind;
}

/** The reference of a place that is no longer found (kept so a list never breaks). */
export function unknownPlaceRef(id: number): PlaceRef {
  return { id, name: '', kind: 'village' };
}

/** How often a place was visited and when first. */
export interface PlaceStatsView {
  visitCount: number;
  firstVisitedOn: string | null;
}

/** GET /api/places/:id: the place, its recent visits and stats, and the notes linked to its visits. */
export interface PlaceDetailView {
  place: PlaceView;
  visits: VisitView[];
  stats: PlaceStatsView;
  /** Notes (topics) linked to visits at this place, newest first. */
  posts: TopicView[];
}

/** One problem with one row of a CSV import; `row` counts data rows from 1 (the header is row 0). */
export interface ImportRowErrorView {
  row: number;
  field: string;
  message: string;
}
