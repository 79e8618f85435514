import type { FastifyInstance } from 'fastify';
import type { Client } from '../helpers/client';
import { signInAdmin } from './user.factory';
import type { BoardView } from '../../server/presenters/board.presenter';

let sequence = 0;

/** A board slug no other test file or run uses. */
export function uniqueSlug(prefix = 'b'): string {
  sequence += 1;
  return `${prefix}-${Date.now().toString(36)}${process.pid.toString(36)}${sequence}`.slice(0, 40).toLowerCase();
}

/** Creates a board of its own for a test (as the admin), so counts and lists are the test's own. */
export async function createBoard(
  app: FastifyInstance,
  overrides: { slug?: string; name?: string; description?: string; admin?: Client } = {},
): Promise<BoardView> {
  const admin = overrides.admin ?? (await signInAdmin(app));
  const res = await admin.post<{ board: BoardView }>('/api/boards', {
    slug: overrides.slug ?? uniqueSlug(),
    name: overrides.name ?? '测试版块',
    ...(overrides.description !== undefined ? { description: overrides.description } : {}),
  });
  if (res.statusCode !== 201) throw new Error(`create board failed: ${res.statusCode} ${res.body}`);
  return res.data.board;
}
