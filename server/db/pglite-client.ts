import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

/** The protocol messages PGlite's own parser returns (its `BackendMessage`). */
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

/** A statement text parsed once as a named prepared statement of the engine. */
interface PreparedStatement {
  name: string;
  /** The parameters' type oids, as the engine described them (to serialise values as PGlite does). */
  paramTypes: number[];
}

/** The most statement texts kept prepared at once; the least recently used is closed beyond it. */
const MAX_PREPARED = 64;

/** SQLSTATEs after which a named statement is forgotten, so the next run parses it again. */
const STALE_STATEMENT_CODES = new Set([
  '26000', // invalid_sql_statement_name: the engine no longer has it (DEALLOCATE, DISCARD ALL)
  '0A000', // feature_not_supported: "cached plan must not change result type" after DDL
]);

/**
 * The query side of PGlite that drizzle's PGlite driver uses (`query` and `transaction`),
 * sending each statement to the engine in fewer protocol round trips than PGlite's own
 * `query()`, and, for statements the app marks (`queryRows(…, { prepared: true })`), as a
 * named prepared statement parsed once per engine.
 *
 * PGlite's `query()` makes six calls into the engine per statement (Parse, Describe
 * statement, Bind, Describe portal, Execute, Sync), each a pass through the WebAssembly main
 * loop and PGlite's message parser, and the engine parses and plans the text every time. Here
 * an ordinary statement makes two calls (Parse + Describe statement, then Bind + Describe
 * portal + Execute + Sync) and a prepared one makes one (Bind + Describe portal + Execute +
 * Sync, with the parse and the parameter types kept from its first run).
 *
 * Everything else is PGlite's: its two locks (a statement outside a transaction waits for
 * running transactions; statements inside one run one at a time), its BEGIN/COMMIT/ROLLBACK
 * (`PGlite.transaction`), its serialisers for parameters (by the type the engine describes),
 * its result parser with the caller's `parsers` and `rowMode`, and the error it throws (the
 * engine's DatabaseError with `query`, `params` and `queryOptions` set). Every batch ends
 * with Sync, so after an error the engine is ready again: outside a transaction the statement's
 * implicit transaction is rolled back, inside one the transaction is aborted and its ROLLBACK
 * comes from `PGlite.transaction` as before. A named statement survives an error in its Bind
 * or Execute; one the engine reports as gone or stale is forgotten and parsed again next time.
 */
export class PgliteProtocolClient {
  /** Prepared statements by text, least recently used first (Map keeps insertion order). */
  private readonly prepared = new Map<string, PreparedStatement>();
  /** Names of statements dropped from `prepared`, closed in the engine with the next batch. */
  private readonly toClose: string[] = [];
  private nextName = 0;

  constructor(readonly engine: PGlite) {}

  /** As `PGlite.query`: runs one statement outside any transaction. */
  async query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.outside(() => this.run<T>(text, params, options, false));
  }

  /** Runs one statement as a named prepared statement of the engine, outside any transaction. */
  async queryPrepared<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.outside(() => this.run<T>(text, params, options, true));
  }

  /** As `PGlite.transaction`: `work` gets a transaction whose statements take the same short paths. */
  async transaction<T>(work: (tx: PgliteProtocolTransaction) => Promise<T>): Promise<T> {
    return this.engine.transaction(async (inner) => work(new PgliteProtocolTransaction(this, inner)));
  }

  /** The statements kept prepared now, for tests. */
  preparedCount(): number {
    return this.prepared.size;
  }

  /** A statement outside a transaction: both of PGlite's locks, and its file sync after. */
  private async outside<T>(work: () => Promise<T>): Promise<T> {
    // Where PGlite checks that it is open and not closing (a closed engine throws here).
    const engine = this.engine as unknown as { _checkReady(): Promise<void> };
    await engine._checkReady();
    return this.engine._runExclusiveTransaction(async () => {
      const result = await this.engine._runExclusiveQuery(work);
      await this.engine.syncToFs();
      return result;
    });
  }

  /** Runs one statement; the caller holds the query lock (and the transaction's, or is inside one). */
  async run<T>(text: string, params: unknown[], options: QueryOptions | undefined, prepare: boolean): Promise<Results<T>> {
    if (options?.blob) {
      // COPY … FROM/TO '/dev/blob' needs PGlite's blob device; none of the app's statements use it.
      throw new Error('PgliteProtocolClient does not support the blob option');
    }
    const stream = (message: Uint8Array): Promise<BackendMessage[]> =>
      this.engine.execProtocolStream(message, { syncToFs: false, onNotice: options?.onNotice });
    let statement: PreparedStatement | undefined;
    let name = '';
    let paramTypes: number[];
    try {
      if (prepare) {
        statement = this.prepared.get(text);
        if (statement) {
          // Most recently used last.
          this.prepared.delete(text);
          this.prepared.set(text, statement);
        } else {
          statement = await this.prepareNamed(text, options, stream);
        }
        name = statement.name;
        paramTypes = statement.paramTypes;
      } else {
        paramTypes = await this.parseUnnamed(text, options, stream);
      }
      const values = params.map((value, i) => serialise(this.engine, value, paramTypes[i], options));
      const messages = await stream(concat([
        protocol.serialize.bind({ statement: name, values }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]));
      return parseResults<T>(this.engine, messages, options);
    } catch (error) {
      if (statement && isDatabaseError(error) && STALE_STATEMENT_CODES.has(error.code ?? '')) this.forget(text, statement);
      throw withQuery(error, text, params, options);
    }
  }

  /** Parse + Describe of a new named statement (closing any evicted ones first), then Sync. */
  private async prepareNamed(text: string, options: QueryOptions | undefined, stream: (message: Uint8Array) => Promise<BackendMessage[]>): Promise<PreparedStatement> {
    const name = `grassroots_${++this.nextName}`;
    const closing = this.toClose.splice(0);
    const messages = await stream(concat([
      ...closing.map((old) => protocol.serialize.close({ type: 'S', name: old })),
      protocol.serialize.parse({ name, text, types: options?.paramTypes }),
      protocol.serialize.describe({ type: 'S', name }),
      protocol.serialize.sync(),
    ]));
    // The Parse succeeded (an error would have thrown): the statement now exists in the engine.
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages as never) };
    this.prepared.set(text, statement);
    if (this.prepared.size > MAX_PREPARED) {
      const [oldestText, oldest] = this.prepared.entries().next().value as [string, PreparedStatement];
      this.prepared.delete(oldestText);
      this.toClose.push(oldest.name);
    }
    return statement;
  }

  /** Parse + Describe of the unnamed statement; on an error, the Sync that ends the failed sequence. */
  private async parseUnnamed(text: string, options: QueryOptions | undefined, stream: (message: Uint8Array) => Promise<BackendMessage[]>): Promise<number[]> {
    try {
      const messages = await stream(concat([
        protocol.serialize.parse({ text, types: options?.paramTypes }),
        protocol.serialize.describe({ type: 'S' }),
      ]));
      return parse.parseDescribeStatementResults(messages as never);
    } catch (error) {
      await stream(protocol.serialize.sync());
      throw error;
    }
  }

  /** Drops a statement the engine reported gone or stale; it is closed (if it exists) with the next prepare. */
  private forget(text: string, statement: PreparedStatement): void {
    if (this.prepared.get(text) === statement) this.prepared.delete(text);
    this.toClose.push(statement.name);
  }
}

/** The transaction handle drizzle's PGlite driver gets: PGlite's, with `query` on the short paths. */
export class PgliteProtocolTransaction {
  constructor(private readonly client: PgliteProtocolClient, private readonly inner: Transaction) {}

  get closed(): boolean {
    return this.inner.closed;
  }

  /** As `Transaction.query`. */
  async query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.inside(() => this.client.run<T>(text, params, options, false));
  }

  /** As `query`, as a named prepared statement. */
  async queryPrepared<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.inside(() => this.client.run<T>(text, params, options, true));
  }

  /** As `Transaction.exec`. */
  exec(text: string, options?: QueryOptions): Promise<Results[]> {
    return this.inner.exec(text, options);
  }

  /** As `Transaction.rollback`. */
  rollback(): Promise<void> {
    return this.inner.rollback();
  }

  private async inside<T>(work: () => Promise<T>): Promise<T> {
    if (this.inner.closed) throw new Error('Transaction is closed');
    return this.client.engine._runExclusiveQuery(work);
  }
}

/** A value as PGlite's `query()` sends it: null, or the serialiser of its described type, or its text. */
function serialise(engine: PGlite, value: unknown, type: number | undefined, options: QueryOptions | undefined): string | null {
  if (value === null || value === undefined) return null;
  const serializer = (type !== undefined ? options?.serializers?.[type] ?? engine.serializers[type] : undefined);
  return serializer ? serializer(value) : String(value);
}

/**
 * PGlite's result parser, given the caller's parsers over the engine's without copying them:
 * `parseResults` spreads `{ ...defaults, ...options.parsers }` on every call, and the engine's
 * defaults hold a parser for each of its ~320 types (arrays included), which cost 9% of the
 * app's CPU in the posting profile; its value lookup (`parsers[oid]`) reads through the
 * prototype. (The engine's parsers are filled when it starts; `refreshArrayTypes()` later
 * changes them in place, which this sees too.)
 */
function parseResults<T>(engine: PGlite, messages: BackendMessage[], options: QueryOptions | undefined): Results<T> {
  let parsers = engine.parsers;
  let rest = options;
  if (options?.parsers) {
    parsers = Object.assign(Object.create(engine.parsers) as typeof engine.parsers, options.parsers);
    rest = { ...options, parsers: undefined };
  }
  const [result] = parse.parseResults(messages as never, parsers, rest);
  return (result ?? { rows: [], fields: [] }) as Results<T>;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function isDatabaseError(error: unknown): error is Error & { code?: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** As PGlite's `query()` marks its errors: the statement, its parameters and options on the error. */
function withQuery(error: unknown, text: string, params: unknown[], options: QueryOptions | undefined): unknown {
  if (isDatabaseError(error)) {
    const marked = error as Error & { query?: string; params?: unknown[]; queryOptions?: QueryOptions };
    marked.query = text;
    marked.params = params;
    marked.queryOptions = options;
  }
  return error;
}
