/** The link to a post inside its topic page, or to the topic when there is no post to name. */
export function postHref(topicId: number, postId: number | null): string {
  return postId === null ? `/t/${topicId}` : `/t/${topicId}#post-${postId}`;
}
