/*
 * Which change makes which cached public answer stale, and what tells the cache (issue 14:
 * "a topic page … without ever showing a reader something stale"). The public reads' cache
 * (server/lib/read-cache.ts, server/plugins/read-cache.plugin.ts) keeps, per process:
 *
 * - the board list (board names, descriptions, counts, last activity) — room `boards`, and
 *   every `board:<slug>` event implies it;
 * - a board's topic pages (topics with title, flags, counts, visit mark and summary: place
 *   name, date, activity; author's username and display name; first post's excerpt) — `board:<slug>`;
 * - a topic's page, tree and replies (the topic as above, posts with author, body or none
 *   when hidden, reaction counts; `usedIn`: column and outlet names, edition number and title)
 *   — `topic:<id>`;
 * - the featured wall (citations, each entry's post and topic as above, the author's unit
 *   name, who featured it, counts against the campaign's targets) — `featured` and the
 *   `topic:<id>` of each entry;
 * - column pages and the feed (column, published editions, items: post, title, author's
 *   display name and unit name, visit place name) — `column:<id>` and each item's `topic:<id>`.
 *
 * Every writer in server/services is listed below with what tells the cache (every exported
 * function that takes the service context must be: tests/unit/cache-coverage.test.ts). Most changes are
 * events of the rooms above, recorded in the writer's transaction and delivered through the
 * door after commit (which invalidates first, on this process and, through the adapter, on
 * every other). Changes without such an event send a cache-only notice, `invalidate(rooms)`,
 * after commit (cross-process too), or ALL_ROOMS for a rare change whose answers no room
 * describes (a place's or the campaign's name: a rename per month does not pay for the
 * bookkeeping of exact rooms). Then the writers whose changes no cached answer shows.
 *
 * People: cached answers present a person by id, username and display name, and (featured
 * wall, column pages) by the name of their unit. No writer changes any of these once the
 * account exists: there is no profile edit, username change, unit change, unit rename or
 * move, and no account removal. Roles, silences and suspensions show in no cached answer.
 * So no answer needs a per-person room today; whoever adds such a writer must invalidate the
 * answers that present the person (the loads would then name a `people:<id>` room) — until
 * then CACHE_TTL_MS bounds the staleness. See the report of branch fresh14.
 *
 * A notice lost between processes (the adapter's LISTEN connection dropped) is caught by
 * server/realtime/adapter.ts (every entry dropped when the connection is lost and again when
 * it listens anew) and, failing that, by the expiry CACHE_TTL_MS.
 */

/** How the cache hears of one writer's change. */
export type Coverage =
  /** Events of the rooms whose answers show the change, published after commit. */
  | 'events'
  /** A cache-only notice of exact rooms after commit. */
  | 'notice'
  /** A cache-only notice of every room (ALL_ROOMS) after commit. */
  | 'all-rooms'
  /** Nothing cached shows the change. */
  | 'not-shown';

/** One writer of server/services and how the cached answers it changes are made stale. */
export interface CoveredWriter {
  /** The module under server/, without extension. */
  module: string;
  /** The exported function. */
  writer: string;
  coverage: Coverage;
  /** Which rooms, or why nothing cached shows it. */
  why: string;
}

/** The audit (issue 14, helper fresh14): every writer of server/services and what tells the cache. */
export const CACHE_COVERAGE: readonly CoveredWriter[] = [
  // forum
  { module: 'services/forum/topic.service', writer: 'createTopic', coverage: 'events', why: 'post:created in topic:<id>, topic:updated in board:<slug> (implies boards); a held topic shows nowhere' },
  { module: 'services/forum/post.service', writer: 'createPost', coverage: 'events', why: 'post:created/updated in topic:<id>, topic:updated in topic:<id> and board:<slug>' },
  { module: 'services/forum/post.service', writer: 'prepareReply', coverage: 'events', why: "createPost's first half: the function it answers commits through the PostCommitter, whose events are createPost's" },
  { module: 'services/forum/post.service', writer: 'editPost', coverage: 'events', why: 'post:updated in topic:<id>; a first post also topic:updated in board:<slug> (title, excerpt)' },
  { module: 'services/forum/post.service', writer: 'setReaction', coverage: 'events', why: 'post:updated in topic:<id> (counts)' },
  { module: 'services/forum/board.service', writer: 'createBoard', coverage: 'notice', why: 'boards' },
  { module: 'services/moderation/settings.service', writer: 'updateBoard', coverage: 'notice', why: 'boards (names, descriptions and review show in the board list only)' },
  // moderation
  { module: 'services/moderation/content.service', writer: 'hidePost', coverage: 'events', why: 'post:hidden in topic:<id>; a first post topic:updated in board:<slug>; featured:changed' },
  { module: 'services/moderation/content.service', writer: 'unhidePost', coverage: 'events', why: 'as hidePost' },
  { module: 'services/moderation/content.service', writer: 'setTopicFlag', coverage: 'events', why: 'lock, pin: topic:updated in topic:<id> and board:<slug>' },
  { module: 'services/moderation/content.service', writer: 'moveTopic', coverage: 'events', why: 'topic:updated in topic:<id> and both board rooms' },
  { module: 'services/moderation/held.service', writer: 'approveHeld', coverage: 'events', why: 'post:created, topic:updated in topic:<id> and board:<slug>' },
  { module: 'services/moderation/held.service', writer: 'rejectHeld', coverage: 'not-shown', why: 'a held post stays out of public answers' },
  { module: 'services/moderation/featured.service', writer: 'featurePost', coverage: 'events', why: 'featured:changed in featured' },
  { module: 'services/moderation/featured.service', writer: 'updateFeatured', coverage: 'events', why: 'featured:changed in featured' },
  { module: 'services/moderation/featured.service', writer: 'unfeature', coverage: 'events', why: 'featured:changed in featured' },
  { module: 'services/moderation/flag.service', writer: 'flagPost', coverage: 'events', why: 'an automatic hide goes through applyHidden; open flags show to their author only (never cached)' },
  { module: 'services/moderation/flag.service', writer: 'withdrawFlag', coverage: 'not-shown', why: 'flags show to their author only' },
  { module: 'services/moderation/queue.service', writer: 'resolveItem', coverage: 'events', why: 'its actions are hide, approve and visit decisions above' },
  { module: 'services/moderation/queue.service', writer: 'bulkResolve', coverage: 'events', why: 'resolveItem for each' },
  { module: 'services/moderation/queue.service', writer: 'claimItem', coverage: 'not-shown', why: 'the queue is not cached' },
  { module: 'services/moderation/queue.service', writer: 'releaseItem', coverage: 'not-shown', why: 'the queue is not cached' },
  { module: 'services/moderation/visit-claim.service', writer: 'setTopicVisit', coverage: 'events', why: 'topic:updated in topic:<id> and board:<slug> (visit mark and summary)' },
  { module: 'services/moderation/visit-claim.service', writer: 'decideVisitClaim', coverage: 'events', why: 'topic:updated in topic:<id> and board:<slug> (实地走访 mark)' },
  { module: 'services/moderation/appeal.service', writer: 'createAppeal', coverage: 'not-shown', why: 'appeals are not cached; an overturned hide is applyUnhidden (events), a lifted silence shows nowhere cached' },
  { module: 'services/moderation/people.service', writer: 'silenceUser', coverage: 'not-shown', why: 'silences show in no cached answer' },
  { module: 'services/moderation/people.service', writer: 'suspendUser', coverage: 'not-shown', why: 'suspensions show in no cached answer' },
  { module: 'services/moderation/people.service', writer: 'liftMeasure', coverage: 'not-shown', why: 'as silenceUser' },
  { module: 'services/moderation/watched-word.service', writer: 'addWatchedWord', coverage: 'not-shown', why: 'words apply to text written later; stored posts do not change' },
  { module: 'services/moderation/watched-word.service', writer: 'deleteWatchedWord', coverage: 'not-shown', why: 'as addWatchedWord' },
  { module: 'services/moderation/watched-word.service', writer: 'importWatchedWords', coverage: 'not-shown', why: 'as addWatchedWord' },
  { module: 'services/moderation/settings.service', writer: 'createReasonTemplate', coverage: 'not-shown', why: 'moderators\' templates' },
  // accounts
  { module: 'services/accounts/user.service', writer: 'createUser', coverage: 'not-shown', why: 'a new account is in no answer until it writes (its writing publishes); its names and unit never change later' },
  { module: 'services/accounts/user.service', writer: 'changeRoles', coverage: 'not-shown', why: 'roles show in no cached answer (a person is id, username, display name); anonymous visibility does not depend on authors\' roles' },
  { module: 'services/accounts/unit.service', writer: 'createUnit', coverage: 'not-shown', why: 'a new unit has no members yet; units are never renamed or moved' },
  { module: 'services/accounts/password.service', writer: 'changePassword', coverage: 'not-shown', why: 'sessions only' },
  { module: 'services/accounts/session.service', writer: 'signOut', coverage: 'not-shown', why: 'sessions only' },
  { module: 'services/accounts/session.service', writer: 'endSession', coverage: 'not-shown', why: 'sessions only' },
  { module: 'services/accounts/session.service', writer: 'endOtherSessions', coverage: 'not-shown', why: 'sessions only' },
  // campaign
  { module: 'services/campaign/campaign.service', writer: 'updateCampaign', coverage: 'all-rooms', why: 'targets, phases and names show in the featured wall\'s counts and filters' },
  { module: 'services/campaign/place.service', writer: 'updatePlace', coverage: 'all-rooms', why: 'a rename: place names show in every visit summary (topics, boards, wall, column pages); kind, category, address and unit show in none' },
  { module: 'services/campaign/place.service', writer: 'createPlace', coverage: 'not-shown', why: 'a new place has no visits yet' },
  { module: 'services/campaign/place.service', writer: 'importPlaces', coverage: 'not-shown', why: 'inserts only' },
  { module: 'services/campaign/visit.service', writer: 'createVisit', coverage: 'not-shown', why: 'a visit shows only once a topic links it (setTopicVisit); place, date and activity never change later' },
  { module: 'services/campaign/visit.service', writer: 'setFollowUpDone', coverage: 'not-shown', why: 'follow-ups show in no cached answer' },
  { module: 'services/campaign/plan.service', writer: 'createPlan', coverage: 'not-shown', why: 'plans are not cached' },
  { module: 'services/campaign/plan.service', writer: 'deletePlan', coverage: 'not-shown', why: 'plans are not cached' },
  { module: 'services/campaign/plan.service', writer: 'setWritingGoal', coverage: 'not-shown', why: 'goals are not cached' },
  // columns
  { module: 'services/columns/column.service', writer: 'updateColumn', coverage: 'notice', why: 'column:<id>; a new name or outlet name also the topic:<id> rooms of its published editions\' items (usedIn) — closed by fresh14' },
  { module: 'services/columns/edition.service', writer: 'updateEdition', coverage: 'events', why: 'column:changed in column:<id>; a published edition\'s title or number also a notice of its items\' topic:<id> rooms (usedIn) — closed by fresh14' },
  { module: 'services/columns/edition.service', writer: 'publishEdition', coverage: 'events', why: 'column:changed in column:<id>, and a notice of its items\' topic:<id> rooms (usedIn)' },
  { module: 'services/columns/edition.service', writer: 'unpublishEdition', coverage: 'events', why: 'as publishEdition' },
  { module: 'services/columns/edition.service', writer: 'publishDueEditions', coverage: 'events', why: 'as publishEdition (the scheduler)' },
  { module: 'services/columns/edition.service', writer: 'scheduleEdition', coverage: 'not-shown', why: 'a scheduled edition is not public until published' },
  { module: 'services/columns/edition.service', writer: 'createEdition', coverage: 'not-shown', why: 'drafts are not public' },
  { module: 'services/columns/edition.service', writer: 'deleteEdition', coverage: 'not-shown', why: 'drafts only' },
  { module: 'services/columns/edition.service', writer: 'addItem', coverage: 'not-shown', why: 'a published edition\'s items are read only' },
  { module: 'services/columns/edition.service', writer: 'updateItem', coverage: 'not-shown', why: 'as addItem' },
  { module: 'services/columns/edition.service', writer: 'removeItem', coverage: 'not-shown', why: 'as addItem' },
  { module: 'services/columns/edition.service', writer: 'reorderItems', coverage: 'not-shown', why: 'as addItem' },
  { module: 'services/columns/column.service', writer: 'createColumn', coverage: 'not-shown', why: 'its pages did not exist (a 404 is never cached)' },
  { module: 'services/columns/column.service', writer: 'addColumnEditor', coverage: 'not-shown', why: 'editors are not on public pages' },
  { module: 'services/columns/column.service', writer: 'removeColumnEditor', coverage: 'not-shown', why: 'editors are not on public pages' },
  { module: 'services/columns/nomination.service', writer: 'nominate', coverage: 'not-shown', why: 'award rounds are not cached' },
  { module: 'services/columns/nomination.service', writer: 'openRound', coverage: 'not-shown', why: 'award rounds are not cached' },
  // the rest: a reader's own things
  { module: 'services/forum/draft.service', writer: 'saveDraft', coverage: 'not-shown', why: 'drafts are their author\'s' },
  { module: 'services/forum/notification.service', writer: 'markRead', coverage: 'not-shown', why: 'notifications are their reader\'s' },
  { module: 'services/media/upload.service', writer: 'storeUpload', coverage: 'not-shown', why: 'a photo shows once a post refers to it (its writing publishes); the sweep removes unreferenced photos only' },
];
