import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { api, apiPath } from '../api/client';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { UsedInView } from '../../server/presenters/column.presenter';
import type { LivePage, Page } from '../../server/presenters/page.presenter';
import { historyEntryKey, navigationKind } from '../router';
import { ApiTask, type ApiTaskStatus } from './api-task';

/** Posts fetched per page of the thread. */
export const THREAD_PAGE_SIZE = 50;

/** What the controller follows: a topic, and optionally one post whose replies alone are shown. */
export interface TopicThreadOptions {
  topicId: () => number;
  /** "Continue this thread": the post at the top of the view, or null for the whole topic. */
  threadId: () => number | null;
}

/** What upsert() did with a post. */
export type UpsertResult = 'added' | 'updated' | 'ignored';

/** The loaded thread of a view as it was left, for the back button. */
interface ThreadSnapshot {
  topic: TopicView;
  posts: Map<number, PostView>;
  children: Map<number, number[]>;
  roots: number[];
  cursor: string | null;
  seq: number | null;
}

/** How many views' threads are kept for back and forward. */
const SNAPSHOTS_KEPT = 10;

/**
 * The threads left in this page's life, by history entry and view: back and forward show
 * the pages that were loaded (so the scroll position can be restored), and the room's
 * replay from the kept seq brings what happened meanwhile.
 */
const snapshots = new Map<string, ThreadSnapshot>();

/**
 * The data half of the topic page: the topic and the loaded part of its thread as a tree.
 * Loads the first page of the thread (GET /api/topics/:id/tree, or /api/posts/:id/replies
 * for one branch) and further pages on demand, so a topic of 10,000 posts opens as fast as
 * one of 10. Posts are kept by id with each parent's children in id order (siblings oldest
 * first, as the server orders them), so pages and live events merge as idempotent upserts.
 *
 * The first load is an ApiTask keyed by topic and thread: a change of either cancels the
 * load in flight and starts another, and leaving the page cancels it (ApiTask's abort and
 * status handling, not a copy of it).
 */
export class TopicThreadController implements ReactiveController {
  /** The topic. */
  topic: TopicView | null = null;
  /** The published column editions that used the topic's posts (被《…》采用), newest first. */
  usedIn: UsedInView[] = [];
  /** Every loaded post by id. */
  readonly posts = new Map<number, PostView>();
  /** Loaded children of each post, in id order. */
  readonly children = new Map<number, number[]>();
  /** The posts shown at the top level (the roots of the view), in id order. */
  roots: number[] = [];
  /** The cursor of the next page, or null when everything is loaded. */
  cursor: string | null = null;
  /** True while a further page loads. */
  loadingMore = false;
  /** Why the last further page failed. */
  moreError: unknown = null;
  /**
   * Which view the data held belongs to (`<topic>|<thread>`), or ''. A reload of the same
   * view (after a realtime resync) keeps showing the old data until the new arrives.
   */
  dataKey = '';
  /** The topic room's seq that came with the data held (what realtime replays from). */
  seq: number | null = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _options: TopicThreadOptions;
  private readonly _load: ApiTask<void, readonly [number, number | null]>;
  /** The history entry the data held was loaded for. */
  private _entryKey = '';

  constructor(host: ReactiveControllerHost, options: TopicThreadOptions) {
    this._host = host;
    this._options = options;
    host.addController(this);
    this._load = new ApiTask(host, {
      args: () => [options.topicId(), options.threadId()] as const,
      task: ([topicId, threadId], signal) => this._loadFirstPage(topicId, threadId, signal),
    });
  }

  /** Where the first load stands. */
  get status(): ApiTaskStatus {
    return this._load.status;
  }

  /** Why the first load failed. */
  get error(): unknown {
    return this._load.error;
  }

  /** The post at the top of a "continue this thread" view, or null. */
  get threadId(): number | null {
    return this._options.threadId();
  }

  hostDisconnected(): void {
    // Leaving the view: keep what was loaded, for the back button.
    this._keep();
  }

  /** Keeps the thread held for its history entry (see snapshots). */
  private _keep(): void {
    if (!this.topic || !this.dataKey || !this._entryKey) return;
    const key = `${this._entryKey}|${this.dataKey}`;
    snapshots.delete(key);
    snapshots.set(key, {
      topic: this.topic,
      posts: new Map(this.posts),
      children: new Map(this.children),
      roots: [...this.roots],
      cursor: this.cursor,
      seq: this.seq,
    });
    while (snapshots.size > SNAPSHOTS_KEPT) snapshots.delete(snapshots.keys().next().value as string);
  }

  /** Loads the topic and the first page of the thread afresh (also after a realtime resync). */
  reload(): Promise<void> {
    return this._load.run();
  }

  private async _loadFirstPage(topicId: number, threadId: number | null, signal: AbortSignal): Promise<void> {
    const dataKey = `${topicId}|${threadId ?? ''}`;
    const entryKey = historyEntryKey();
    // Another view in the same element (a link to another topic): keep the one left.
    if (this.dataKey && this.dataKey !== dataKey) this._keep();
    const kept = snapshots.get(`${entryKey}|${dataKey}`);
    // Back or forward to a view left in this page's life: as it was, pages and all.
    if (kept && navigationKind() === 'traverse' && this.dataKey !== dataKey) {
      this.posts.clear();
      this.children.clear();
      for (const [id, post] of kept.posts) this.posts.set(id, post);
      for (const [id, list] of kept.children) this.children.set(id, [...list]);
      this.roots = [...kept.roots];
      this.topic = kept.topic;
      this.cursor = kept.cursor;
      this.seq = kept.seq;
      this.moreError = null;
      this.dataKey = dataKey;
      this._entryKey = entryKey;
      return;
    }
    const [topicAnswer, root, page] = await Promise.all([
      api.get<{ topic: TopicView; seq: number; usedIn?: UsedInView[] }>(apiPath`/api/topics/${topicId}`, { query: { limit: 1 }, signal }),
      threadId === null ? Promise.resolve(null) : api.get<{ post: PostView }>(apiPath`/api/posts/${threadId}`, { signal }),
      threadId === null
        ? api.get<LivePage<PostView>>(apiPath`/api/topics/${topicId}/tree`, { query: { limit: THREAD_PAGE_SIZE }, signal })
        : api.get<LivePage<PostView>>(apiPath`/api/posts/${threadId}/replies`, { query: { limit: THREAD_PAGE_SIZE }, signal }),
    ]);
    if (signal.aborted) return; // a newer load owns the tree
    if (root && root.post.topicId !== topicAnswer.topic.id) throw new Error('thread post of another topic');
    this.posts.clear();
    this.children.clear();
    this.roots = [];
    this.topic = topicAnswer.topic;
    this.usedIn = topicAnswer.usedIn ?? [];
    if (root) this.upsert(root.post);
    for (const post of page.items) this.upsert(post);
    this.cursor = page.nextCursor;
    // The older of the two reads: replaying from it covers whatever either missed.
    this.seq = Math.min(topicAnswer.seq, page.seq);
    this.moreError = null;
    this.dataKey = dataKey;
    this._entryKey = entryKey;
  }

  /** Loads the next page of the thread. */
  async loadMore(): Promise<void> {
    if (this.loadingMore || this.cursor === null) return;
    const topicId = this._options.topicId();
    const threadId = this._options.threadId();
    const cursor = this.cursor;
    this.loadingMore = true;
    this.moreError = null;
    this._host.requestUpdate();
    try {
      const path = threadId === null ? apiPath`/api/topics/${topicId}/tree` : apiPath`/api/posts/${threadId}/replies`;
      const page = await api.get<Page<PostView>>(path, { query: { limit: THREAD_PAGE_SIZE, cursor } });
      if (this.cursor !== cursor) return; // reloaded meanwhile
      for (const post of page.items) this.upsert(post);
      this.cursor = page.nextCursor;
    } catch (err) {
      this.moreError = err;
    } finally {
      this.loadingMore = false;
      this._host.requestUpdate();
    }
  }

  /** Replaces the topic (a live `topic:updated`). */
  setTopic(topic: TopicView): void {
    if (this.topic && topic.id !== this.topic.id) return;
    this.topic = topic;
    this._host.requestUpdate();
  }

  /**
   * Adds a post to the tree or updates it in place. A post whose place is not loaded yet
   * (its parent is on a later page, or outside this branch) is ignored: paging brings it.
   * The viewer's own reactions are kept when the update (an event) does not carry them.
   */
  upsert(post: PostView): UpsertResult {
    if (this.topic && post.topicId !== this.topic.id) return 'ignored';
    const existing = this.posts.get(post.id);
    if (existing) {
      const merged: PostView = { ...post };
      if (post.myReactions === undefined && existing.myReactions !== undefined) merged.myReactions = existing.myReactions;
      // The viewer's own flag comes in REST answers only, like their reactions.
      if (post.myFlag === undefined && existing.myFlag !== undefined) merged.myFlag = existing.myFlag;
      this.posts.set(post.id, merged);
      this._host.requestUpdate();
      return 'updated';
    }
    const threadId = this._options.threadId();
    const isRoot = threadId === null ? post.parentId === null : post.id === threadId;
    if (!isRoot) {
      if (post.parentId === null || !this.posts.has(post.parentId)) return 'ignored';
    }
    this.posts.set(post.id, post);
    if (isRoot) this.roots = insertSorted(this.roots, post.id);
    else if (post.parentId !== null) this.children.set(post.parentId, insertSorted(this.children.get(post.parentId) ?? [], post.id));
    this._host.requestUpdate();
    return 'added';
  }

  /** The depth at which this view starts (0 for the whole topic). */
  get baseDepth(): number {
    const threadId = this._options.threadId();
    return threadId === null ? 0 : this.posts.get(threadId)?.depth ?? 0;
  }
}

function insertSorted(list: readonly number[], id: number): number[] {
  if (list.includes(id)) return [...list];
  const next = [...list, id];
  next.sort((a, b) => a - b);
  return next;
}
