/** The list shapes of API.md, for every list the API answers. */

/** `{items}`: a short fixed list that comes whole (units, boards, tokens, sessions). */
export interface ItemList<T> {
  items: T[];
}

/** `{items, nextCursor}`: one page of a keyset-paged list; nextCursor is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A page of a view a realtime room keeps current, with the room's seq read before the data:
 * subscribing with it as `since` replays whatever changed while the answer travelled.
 */
export interface LivePage<T> extends Page<T> {
  seq: number;
}
