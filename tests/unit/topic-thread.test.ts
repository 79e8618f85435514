import { describe, expect, it } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import { TopicThreadController } from '../../web/controllers/topic-thread-controller';

/** A host that only counts update requests (the controller's data logic needs no DOM). */
function fakeHost(): ReactiveControllerHost & { updates: number } {
  return {
    updates: 0,
    addController(_controller: ReactiveController) {},
    removeController(_controller: ReactiveController) {},
    requestUpdate() {
      this.updates += 1;
    },
    updateComplete: Promise.resolve(true),
  };
}

function post(id: number, parentId: number | null, extra: Partial<PostView> = {}): PostView {
  return {
    id,
    topicId: 7,
    parentId,
    author: { id: 1, username: 'a', displayName: 'A' },
    body: `body ${id}`,
    html: `<p>body ${id}</p>`,
    reactions: { like: 0, thanks: 0, insightful: 0 },
    hidden: false,
    held: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    editedAt: null,
    depth: 0,
    replyCount: 0,
    ...extra,
  };
}

function controller(threadId: number | null = null): TopicThreadController {
  const thread = new TopicThreadController(fakeHost(), { topicId: () => 7, threadId: () => threadId });
  thread.topic = { id: 7 } as TopicView;
  return thread;
}

describe('TopicThreadController.upsert', () => {
  it('builds the tree: roots and each parent\'s children in id order, whatever the arrival order', () => {
    const thread = controller();
    thread.upsert(post(1, null));
    thread.upsert(post(5, null));
    thread.upsert(post(4, 1));
    thread.upsert(post(2, 1));
    thread.upsert(post(3, 2));
    expect(thread.roots).toEqual([1, 5]);
    expect(thread.children.get(1)).toEqual([2, 4]);
    expect(thread.children.get(2)).toEqual([3]);
  });

  it('ignores a post whose parent is not loaded yet (a later page brings it) and posts of other topics', () => {
    const thread = controller();
    thread.upsert(post(1, null));
    expect(thread.upsert(post(9, 8))).toBe('ignored');
    expect(thread.upsert(post(10, null, { topicId: 99 }))).toBe('ignored');
    expect(thread.posts.has(9)).toBe(false);
  });

  it('updates in place idempotently and keeps the viewer\'s reactions an event does not carry', () => {
    const thread = controller();
    thread.upsert(post(1, null, { myReactions: ['like'], reactions: { like: 1, thanks: 0, insightful: 0 } }));
    expect(thread.upsert(post(1, null, { body: 'edited', reactions: { like: 2, thanks: 0, insightful: 0 } }))).toBe('updated');
    expect(thread.upsert(post(1, null, { body: 'edited', reactions: { like: 2, thanks: 0, insightful: 0 } }))).toBe('updated');
    expect(thread.roots).toEqual([1]);
    expect(thread.posts.get(1)?.body).toBe('edited');
    expect(thread.posts.get(1)?.myReactions).toEqual(['like']);
  });

  it('in a branch view, takes the branch post as the root and ignores posts outside it', () => {
    const thread = controller(3);
    expect(thread.upsert(post(3, 2, { depth: 4 }))).toBe('added');
    expect(thread.upsert(post(6, 3, { depth: 5 }))).toBe('added');
    expect(thread.upsert(post(8, null))).toBe('ignored');
    expect(thread.roots).toEqual([3]);
    expect(thread.children.get(3)).toEqual([6]);
    expect(thread.baseDepth).toBe(4);
  });
});
