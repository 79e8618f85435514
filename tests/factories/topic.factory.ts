import type { Client } from '../helpers/client';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { PostView } from '../../server/presenters/post.presenter';

let sequence = 0;

/** Opens a topic through the API as the given member. */
export async function createTopic(
  client: Client,
  boardSlug: string,
  overrides: { title?: string; body?: string; kind?: string; visitId?: number | null } = {},
): Promise<{ topic: TopicView; post: PostView }> {
  sequence += 1;
  const res = await client.post<{ topic: TopicView; post: PostView }>(`/api/boards/${boardSlug}/topics`, {
    title: overrides.title ?? `测试主题 ${sequence}`,
    body: overrides.body ?? `测试正文 ${sequence}`,
    ...(overrides.kind !== undefined ? { kind: overrides.kind } : {}),
    ...(overrides.visitId !== undefined ? { visitId: overrides.visitId } : {}),
  });
  if (res.statusCode !== 201) throw new Error(`create topic failed: ${res.statusCode} ${res.body}`);
  return res.data;
}

/** Replies in a topic through the API as the given member (to a post with `parentId`). */
export async function createReply(
  client: Client,
  topicId: number,
  overrides: { body?: string; parentId?: number | null } = {},
): Promise<PostView> {
  sequence += 1;
  const res = await client.post<{ post: PostView }>(`/api/topics/${topicId}/posts`, {
    body: overrides.body ?? `回复 ${sequence}`,
    ...(overrides.parentId !== undefined ? { parentId: overrides.parentId } : {}),
  });
  if (res.statusCode !== 201) throw new Error(`reply failed: ${res.statusCode} ${res.body}`);
  return res.data.post;
}
