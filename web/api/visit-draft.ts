import type { PlaceRef } from '../../server/presenters/place.presenter';
import type { UserRef } from '../../server/presenters/user.presenter';
import type { VisitFindings } from '../../server/domain/campaign';

/** A follow-up as the form holds it, before it is saved. */
export interface DraftFollowUp {
  text: string;
  dueOn: string;
}

/** One integrity item as the form holds it. */
export interface DraftIntegrity {
  confirmed: boolean;
  explanation: string;
}

/** Everything the visit form holds, as saved between keystrokes. */
export interface VisitDraft {
  /** When it was last saved (ISO 8601), to tell the user which draft they restore. */
  savedAt: string;
  place: PlaceRef | null;
  visitedOn: string;
  participants: UserRef[];
  activity: string;
  purpose: string;
  findings: VisitFindings;
  followUps: DraftFollowUp[];
  /** By integrity item id. */
  integrity: Record<string, DraftIntegrity>;
}

const PREFIX = 'gr.visitDraft.';

/** The storage key of one user's draft (a shared phone keeps each user's apart). */
function keyFor(userId: number): string {
  return `${PREFIX}${userId}`;
}

function isDraft(value: unknown): value is VisitDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  return (
    typeof draft['savedAt'] === 'string' &&
    typeof draft['visitedOn'] === 'string' &&
    Array.isArray(draft['participants']) &&
    Array.isArray(draft['followUps']) &&
    typeof draft['findings'] === 'object' &&
    draft['findings'] !== null &&
    typeof draft['integrity'] === 'object' &&
    draft['integrity'] !== null
  );
}

/** The user's saved draft, or null (none, unreadable, or storage unavailable). */
export function readVisitDraft(userId: number): VisitDraft | null {
  try {
    const text = globalThis.localStorage?.getItem(keyFor(userId));
    if (!text) return null;
    const value: unknown = JSON.parse(text);
    return isDraft(value) ? value : null;
  } catch {
    return null;
  }
}

/** Saves the draft; false when the browser would not store it (private mode, full storage). */
export function writeVisitDraft(userId: number, draft: VisitDraft): boolean {
  try {
    globalThis.localStorage?.setItem(keyFor(userId), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the user's draft (after the visit was saved, or when they discard it). */
export function clearVisitDraft(userId: number): void {
  try {
    globalThis.localStorage?.removeItem(keyFor(userId));
  } catch {
    // Nothing stored, nothing to clear.
  }
}

/** Does a draft hold anything the user typed or chose? */
export function draftHasContent(draft: VisitDraft): boolean {
  return (
    draft.place !== null ||
    draft.participants.length > 0 ||
    draft.purpose.trim() !== '' ||
    Object.values(draft.findings).some((text) => text.trim() !== '') ||
    draft.followUps.some((f) => f.text.trim() !== '') ||
    Object.values(draft.integrity).some((entry) => entry.confirmed || entry.explanation.trim() !== '')
  );
}

/** The visit form's drafts in localStorage, for an AutosaveController. */
export const visitDraftStore = {
  read: readVisitDraft,
  write: writeVisitDraft,
  clear: clearVisitDraft,
  hasContent: draftHasContent,
} as const;
