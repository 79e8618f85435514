import { api } from './client';
import type { BoardView } from '../../server/presenters/board.presenter';
import type { ItemList } from '../../server/presenters/page.presenter';

let pending: Promise<BoardView[]> | null = null;

/**
 * The board list (GET /api/boards), fetched once per page life and shared by the pages that
 * name boards (the search filter, a topic's board link). A failed fetch is retried next time.
 */
export function loadBoards(): Promise<BoardView[]> {
  pending ??= api.get<ItemList<BoardView>>('/api/boards').then(
    (answer) => answer.items,
    (err: unknown) => {
      pending = null;
      throw err;
    },
  );
  return pending;
}

/** Forgets the list (an admin changed a board): the next loadBoards() fetches it again. */
export function invalidateBoards(): void {
  pending = null;
}
