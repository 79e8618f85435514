/**
 * `queue:changed`, sent to the moderators' room when the review queue changes: what the
 * queue badge shows. The moderation issue sends it; the shape is fixed here, once.
 */
export interface ModerationQueueView {
  /** How many items wait in the queue: flags, held posts and visit claims together. */
  open: number;
}
