import { Type } from 'typebox';
import { JOURNAL_KINDS } from '../../domain/forum';
import { UserSchema, UsernameSchema } from '../shared/accounts.schema';
import { Nullable, PageQuerySchema, errorResponses, pageOf } from '../shared/common.schema';
import { PostSchema, TopicSchema } from '../shared/forum.schema';
import { UsedInSchema } from '../columns/columns.schema';

const UsernameParams = Type.Object({ username: UsernameSchema });

/** GET /api/users/:username/journal: field notes, editor's diaries and field impressions, newest first. */
export const journalSchema = {
  tags: ['users'],
  params: UsernameParams,
  querystring: Type.Object({
    ...PageQuerySchema.properties,
    kind: Type.Optional(Type.Enum(JOURNAL_KINDS, { description: 'Only this kind: field_note (下乡心得), editor_diary (编辑手记) or field_impression (采风感怀).' })),
  }),
  response: { 200: pageOf(TopicSchema), ...errorResponses },
};

/** GET /api/users/:username/profile */
export const profileSchema = {
  tags: ['users'],
  params: UsernameParams,
  response: {
    200: Type.Object({
      user: UserSchema,
      unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
      postCount: Type.Integer(),
      topicCount: Type.Integer(),
      recentTopics: Type.Array(TopicSchema),
      recentPosts: Type.Array(Type.Object({ ...PostSchema.properties, topicTitle: Type.String() })),
      usedIn: Type.Array(UsedInSchema, { description: 'The published media column editions that used their posts (用稿), newest first.' }),
    }),
    ...errorResponses,
  },
};
