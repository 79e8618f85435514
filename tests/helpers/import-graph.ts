import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import of one file: what it names, and whether only types come in. */
export interface ImportEdge {
  /** The importing file, relative to the root, with forward slashes. */
  from: string;
  /** The module as written. */
  specifier: string;
  /** The file it resolves to, relative to the root, for relative imports; null for packages and node: modules. */
  to: string | null;
  /** `import type`, `export type`, or every named binding `type`: nothing of it exists at run time. */
  typeOnly: boolean;
}

/** A rule of the house the import graph breaks. */
export interface Violation {
  rule: string;
  edge: ImportEdge;
}

/**
 * Reads every import of a TypeScript source with the compiler's parser: import and export
 * declarations, `import x = require()`, and dynamic `import()` calls.
 */
export function importsOf(from: string, source: string, resolve: (specifier: string) => string | null): ImportEdge[] {
  const file = ts.createSourceFile(from, source, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean) => edges.push({ from, specifier, to: resolve(specifier), typeOnly });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypes = named !== undefined && ts.isNamedImports(named) && named.elements.length > 0
        && named.elements.every((e) => e.isTypeOnly) && clause?.name === undefined;
      add(node.moduleSpecifier.text, clause?.isTypeOnly === true || allNamedTypes);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
      && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) add(arg.text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return edges;
}

/** Is `file` (root-relative) inside `folder` (root-relative, no trailing slash)? */
function inside(file: string | null, folder: string): boolean {
  return file !== null && file.startsWith(`${folder}/`);
}

/**
 * The house rules of the import graph (STYLE.md "The house"), checked on every edge:
 * - routes import neither the database (server/db/) nor socket.io's side (server/realtime/):
 *   they call services, which own transactions and publishing;
 * - server/domain/ imports nothing outside itself: no packages, no node: modules, no other folder;
 * - services import no plugins and no routes (no Fastify inside domain operations);
 * - presenters import no services, plugins, routes or realtime, and the tables only for their types;
 * - the web imports the server only for types, but for the pure vocabulary of server/domain/.
 */
export function violations(edges: ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  for (const edge of edges) {
    const { from, to } = edge;
    if (inside(from, 'server/routes') && (inside(to, 'server/db') || inside(to, 'server/realtime'))) {
      out.push({ rule: 'routes import neither server/db/ nor server/realtime/', edge });
    }
    if (inside(from, 'server/domain') && !inside(to, 'server/domain')) {
      out.push({ rule: 'server/domain/ imports nothing outside itself', edge });
    }
    if (inside(from, 'server/services') && (inside(to, 'server/plugins') || inside(to, 'server/routes'))) {
      out.push({ rule: 'services import no plugins or routes', edge });
    }
    if (inside(from, 'server/presenters')) {
      const forbidden = ['server/services', 'server/plugins', 'server/routes', 'server/realtime'].some((folder) => inside(to, folder));
      if (forbidden || (inside(to, 'server/db') && !edge.typeOnly)) {
        out.push({ rule: 'presenters import no services, plugins, routes or realtime, and server/db/ for types only', edge });
      }
    }
    if (inside(from, 'web') && inside(to, 'server') && !edge.typeOnly && !inside(to, 'server/domain')) {
      out.push({ rule: 'the web imports the server with import type, but for server/domain/', edge });
    }
  }
  return out;
}

/** Every .ts file under `folder` (root-relative), skipping node_modules. */
function sourceFiles(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(rel);
      } else if (entry.name.endsWith('.ts')) out.push(rel);
    }
  };
  walk(folder);
  return out;
}

/** The import graph of server/ and web/ under `root`: the files read, and their imports with relative ones resolved to files. */
export function readImportGraph(root: string): { files: string[]; edges: ImportEdge[] } {
  const files = [...sourceFiles(root, 'server'), ...sourceFiles(root, 'web')];
  const edges = files.flatMap((from) => {
    const dir = path.posix.dirname(from);
    const resolve = (specifier: string): string | null => {
      if (!specifier.startsWith('.')) return null;
      const base = path.posix.normalize(path.posix.join(dir, specifier));
      const candidates = [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
      return candidates.find((c) => existsSync(path.join(root, c)) && c.endsWith('.ts')) ?? base;
    };
    return importsOf(from, readFileSync(path.join(root, from), 'utf8'), resolve);
  });
  return { files, edges };
}
