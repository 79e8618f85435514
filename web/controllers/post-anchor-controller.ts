import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { api, apiPath } from '../api/client';
import type { PostView } from '../../server/presenters/post.presenter';
import { navigate } from '../router';
import type { TopicThreadController } from './topic-thread-controller';

/** What a PostAnchorController follows. */
export interface PostAnchorOptions {
  topicId: () => number;
  /** "Continue this thread": the post at the top of the view, or null for the whole topic. */
  threadId: () => number | null;
  thread: TopicThreadController;
  /** The element of a post on the page (its `#post-<id>` lives in the page's shadow root). */
  node: (id: number) => HTMLElement | null;
}

/**
 * Goes to the `#post-<id>` of the address once the thread has loaded, and again when the
 * hash changes: scrolls the post into view and focuses it. A linked post beyond the loaded
 * pages of a long topic (a notification, a search hit) opens the branch it sits in; until
 * then, and if it cannot, `missing` names it for a notice with a link.
 */
export class PostAnchorController implements ReactiveController {
  /** The #post-<id> asked for that is not in the loaded part of the thread, or null. */
  missing: number | null = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _options: PostAnchorOptions;
  /** The view and hash last gone to, so that a re-render does not scroll again. */
  private _wentTo = '';

  private readonly _onHashChange = (): void => {
    this._wentTo = '';
    void this._goToHash();
  };

  constructor(host: ReactiveControllerHost, options: PostAnchorOptions) {
    this._host = host;
    this._options = options;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this._onHashChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this._onHashChange);
  }

  hostUpdated(): void {
    if (this._options.thread.status === 'complete') void this._goToHash();
  }

  /** Scrolls a post into the middle of the view and focuses it. */
  focusPost(id: number): void {
    const node = this._options.node(id);
    if (!node) return;
    node.scrollIntoView({ block: 'center' });
    node.focus({ preventScroll: true });
  }

  private async _goToHash(): Promise<void> {
    const match = /^#post-(\d+)$/.exec(window.location.hash);
    const threadId = this._options.threadId();
    const key = `${this._options.topicId()}|${threadId ?? ''}|${window.location.hash}`;
    if (!match || key === this._wentTo) return;
    this._wentTo = key;
    const id = Number(match[1]);
    const thread = this._options.thread;
    if (!thread.posts.has(id)) {
      if (thread.cursor === null && threadId === null) return; // not a post of this topic
      this._setMissing(id);
      if (threadId === null) await this._openBranchOf(id);
      return;
    }
    this._setMissing(null);
    await this._host.updateComplete;
    const post = this._options.node(id)?.querySelector('gr-post');
    if (post) await post.updateComplete;
    this.focusPost(id);
  }

  private _setMissing(id: number | null): void {
    if (this.missing === id) return;
    this.missing = id;
    this._host.requestUpdate();
  }

  /** Opens the branch of the post that `id` answers, where it sits among its siblings. */
  private async _openBranchOf(id: number): Promise<void> {
    const topicId = this._options.topicId();
    try {
      const answer = await api.get<{ post: PostView }>(apiPath`/api/posts/${id}`);
      if (answer.post.topicId !== topicId || window.location.hash !== `#post-${id}`) return;
      const branch = answer.post.parentId ?? answer.post.id;
      navigate(`/t/${topicId}?thread=${branch}#post-${id}`, { replace: true });
    } catch {
      // The notice offers the post's own branch instead.
    }
  }
}
