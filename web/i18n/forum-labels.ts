import type { ReactionKind, TopicKind } from '../../server/domain/forum';
import { t, type MessageKey } from './index';

const TOPIC_KIND_NAMES: Readonly<Record<TopicKind, MessageKey>> = {
  discussion: 'kind.discussion',
  field_note: 'kind.field_note',
  editor_diary: 'kind.editor_diary',
  field_impression: 'kind.field_impression',
};

const REACTION_NAMES: Readonly<Record<ReactionKind, MessageKey>> = {
  like: 'reaction.like',
  thanks: 'reaction.thanks',
  insightful: 'reaction.insightful',
};

/** A topic kind's name in the current language (下乡心得, 编辑手记, 采风感怀…). */
export function topicKindName(kind: TopicKind): string {
  return t(TOPIC_KIND_NAMES[kind]);
}

/** A reaction's name in the current language. */
export function reactionName(kind: ReactionKind): string {
  return t(REACTION_NAMES[kind]);
}
