import { api } from './client';
import type { BoardView } from '../../server/presenters/board.presenter';
import type { ItemList } from '../../server/presenters/page.presenter';
import { subscribeLocale } from '../i18n';

let pending: Promise<BoardView[]> | null = null;

// Board names come in the reader's language: a language switch fetches them anew.
subscribeLocale(() => {
  pending = null;
});

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

/** Forgets the fetched list (an admin renamed a board): the next page asks again. */
export function forgetBoards(): void {
  pending = null;
}
