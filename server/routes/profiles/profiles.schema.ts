import { Type } from 'typebox';
import { UserSchema, UsernameSchema, errorResponses } from '../shared.schema';
import { PageQuerySchema, PostSchema, TopicSchema, pageOf } from '../boards/forum.schema';

const UsernameParams = Type.Object({ username: UsernameSchema });

/** GET /api/users/:username/journal: field notes, editor's diaries and field impressions, newest first. */
export const journalSchema = {
  tags: ['users'],
  params: UsernameParams,
  querystring: PageQuerySchema,
  response: { 200: pageOf(TopicSchema), ...errorResponses },
};

/** GET /api/users/:username/profile */
export const profileSchema = {
  tags: ['users'],
  params: UsernameParams,
  response: {
    200: Type.Object({
      user: UserSchema,
      unit: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
      postCount: Type.Integer(),
      topicCount: Type.Integer(),
      recentTopics: Type.Array(TopicSchema),
      recentPosts: Type.Array(Type.Object({ ...PostSchema.properties, topicTitle: Type.String() })),
    }),
    ...errorResponses,
  },
};
