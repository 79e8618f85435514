import type { UsedInView } from './column.presenter';
import type { PostView } from './post.presenter';
import type { TopicView } from './topic.presenter';
import type { UserView } from './user.presenter';

/** A post on a profile, with the title of its topic. */
export type ProfilePostView = PostView & { topicTitle: string };

/** GET /api/users/:username/profile: who they are, their unit, counts and recent writing. */
export interface ProfileView {
  user: UserView;
  unit: { id: number; name: string } | null;
  postCount: number;
  topicCount: number;
  recentTopics: TopicView[];
  recentPosts: ProfilePostView[];
  /** The published media column editions that used their posts (用稿), newest first. */
  usedIn: UsedInView[];
}
