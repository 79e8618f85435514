import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, readImportGraph, violations, type ImportEdge } from '../helpers/import-graph';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The edges of one made-up file, resolved as the real graph resolves them. */
function edgesOf(from: string, source: string): ImportEdge[] {
  const dir = path.posix.dirname(from);
  return importsOf(from, source, (specifier) => (specifier.startsWith('.') ? `${path.posix.join(dir, specifier)}.ts` : null));
}

describe('the import graph of server/ and web/', () => {
  it('keeps the house rules: thin routes, a pure domain, services without Fastify, pure presenters, a web that takes types', () => {
    const { files, edges } = readImportGraph(ROOT);
    // The graph was read: every folder the rules speak of has files, and all but the domain import.
    for (const folder of ['server/routes/', 'server/domain/', 'server/services/', 'server/presenters/', 'web/']) {
      expect(files.some((f) => f.startsWith(folder))).toBe(true);
      if (folder !== 'server/domain/') expect(edges.some((e) => e.from.startsWith(folder))).toBe(true);
    }
    expect(violations(edges).map((v) => `${v.rule}: ${v.edge.from} → ${v.edge.specifier}`)).toEqual([]);
    // It reads and parses every source file: on two cores shared with other work that takes
    // several seconds (6.6 s measured at a load average of 17), past vitest's 5 s default.
  }, 60_000);
});

describe('violations', () => {
  it('finds a route that imports the database or realtime, in any form of import', () => {
    const found = violations([
      ...edgesOf('server/routes/topics/topics.routes.ts', "import { posts } from '../../db/schema';"),
      ...edgesOf('server/routes/topics/topics.routes.ts', "import type { Db } from '../../db/client';"),
      ...edgesOf('server/routes/posts/posts.routes.ts', "export { rooms } from '../../realtime/rooms';"),
      ...edgesOf('server/routes/posts/posts.routes.ts', "const m = await import('../../realtime/replay');"),
    ]);
    expect(found.map((v) => v.edge.specifier)).toEqual(['../../db/schema', '../../db/client', '../../realtime/rooms', '../../realtime/replay']);
  });

  it('finds a domain module that imports a package, a node module or another folder, and lets it import itself', () => {
    const found = violations([
      ...edgesOf('server/domain/forum.ts', "import { sql } from 'drizzle-orm';"),
      ...edgesOf('server/domain/forum.ts', "import type { FastifyRequest } from 'fastify';"),
      ...edgesOf('server/domain/forum.ts', "import { createHash } from 'node:crypto';"),
      ...edgesOf('server/domain/forum.ts', "import { AppError } from '../errors';"),
      ...edgesOf('server/domain/forum.ts', "import { ROLES } from './roles';"),
    ]);
    expect(found.map((v) => v.edge.specifier)).toEqual(['drizzle-orm', 'fastify', 'node:crypto', '../errors']);
  });

  it('finds services that import plugins, presenters that query, and web code that bundles the server', () => {
    const found = violations([
      ...edgesOf('server/services/forum/post.service.ts', "import { requireUser } from '../../plugins/auth.plugin';"),
      ...edgesOf('server/presenters/post.presenter.ts', "import { posts } from '../db/schema';"),
      ...edgesOf('server/presenters/post.presenter.ts', "import type { PostRow } from '../db/schema';"),
      ...edgesOf('server/presenters/post.presenter.ts', "import { type PostRow } from '../db/schema';"),
      ...edgesOf('web/components/forum/gr-post.ts', "import { presentPost } from '../../../server/presenters/post.presenter';"),
      ...edgesOf('web/components/forum/gr-post.ts', "import type { PostView } from '../../../server/presenters/post.presenter';"),
      ...edgesOf('web/components/forum/gr-post.ts', "import { REACTION_KINDS } from '../../../server/domain/forum';"),
    ]);
    expect(found.map((v) => `${v.edge.from} ${v.edge.specifier}`)).toEqual([
      'server/services/forum/post.service.ts ../../plugins/auth.plugin',
      'server/presenters/post.presenter.ts ../db/schema',
      'web/components/forum/gr-post.ts ../../../server/presenters/post.presenter',
    ]);
  });
});
