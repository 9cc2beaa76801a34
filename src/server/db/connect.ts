/**
 * Database connections. Requests run as the role kedang_app (set on every pooled
 * connection), which may only append to the audit trail; migrations run as the owner.
 */
import { Kysely, PostgresDialect, type KyselyPlugin, type OperationNode, type QueryId, type RootOperationNode, type UnknownRow, type QueryResult } from 'kysely';
import pg from 'pg';
import { createStatementNamer, prepareRepeatedStatements } from './prepared.js';
import type { DB } from './schema.js';

// bigint ids and counts arrive as strings (ids are opaque strings in the API); numeric stays string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// Calendar dates stay 'YYYY-MM-DD' strings: no time zone shift through JS Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export const APP_ROLE = 'kedang_app';

export type Database = { db: Kysely<DB>; pool: pg.Pool; close: () => Promise<void> };

/** The pool behind each Kysely instance made here, for jobs that need one client of their own. */
const pools = new WeakMap<Kysely<DB>, pg.Pool>();

/** A write this process made through Kysely (raw `sql` statements are not seen): table, operation, columns set. */
export type WriteEvent = { table: string; op: 'insert' | 'update' | 'delete'; columns: string[] };
type DbHooks = { writes: Set<(w: WriteEvent) => void>; closers: Set<() => Promise<void>> };
const hooks = new WeakMap<Kysely<DB>, DbHooks>();

const nameOf = (n: OperationNode | undefined): string | null => {
  if (!n) return null;
  const x = n as unknown as { kind: string; table?: { kind: string; identifier?: { name: string } }; node?: OperationNode };
  if (x.kind === 'TableNode') return (x.table as unknown as { identifier: { name: string } }).identifier.name;
  if (x.kind === 'AliasNode') return nameOf(x.node);
  return null;
};

/** Reports each INSERT / UPDATE / DELETE after it ran to the observers of its database (for caches of this process). */
class WriteObserver implements KyselyPlugin {
  readonly #pending = new WeakMap<QueryId, WriteEvent>();
  constructor(readonly observers: DbHooks['writes']) {}
  transformQuery({ node, queryId }: { node: RootOperationNode; queryId: QueryId }): RootOperationNode {
    if (this.observers.size === 0) return node;
    const n = node as unknown as { kind: string; table?: OperationNode; into?: OperationNode; from?: { froms: OperationNode[] }; updates?: { column: { column: { name: string } } }[] };
    const event: WriteEvent | null =
      n.kind === 'UpdateQueryNode' ? { table: nameOf(n.table) ?? '', op: 'update', columns: (n.updates ?? []).map((u) => u.column.column.name) }
      : n.kind === 'InsertQueryNode' ? { table: nameOf(n.into) ?? '', op: 'insert', columns: [] }
      : n.kind === 'DeleteQueryNode' ? { table: nameOf(n.from?.froms[0]) ?? '', op: 'delete', columns: [] }
      : null;
    if (event) this.#pending.set(queryId, event);
    return node;
  }
  async transformResult({ result, queryId }: { result: QueryResult<UnknownRow>; queryId: QueryId }): Promise<QueryResult<UnknownRow>> {
    const event = this.#pending.get(queryId);
    if (event) for (const o of this.observers) o(event);
    return result;
  }
}

/** Calls `fn` after each write this process makes through `db` (or a transaction of it). */
export function onWrite(db: Kysely<DB>, fn: (w: WriteEvent) => void): () => void {
  const h = hooks.get(db);
  if (!h) return () => {};
  h.writes.add(fn);
  return () => h.writes.delete(fn);
}

/**
 * LISTENs on a channel over a connection of its own (reconnecting after a failure) for as long as
 * the database is open. `onState(false)` whenever notifications may have been missed (before the
 * first LISTEN, after a failure) and `onState(true)` once listening again.
 */
export function listen(db: Kysely<DB>, channel: string, onNotify: (payload: string) => void, onState: (listening: boolean) => void): void {
  const pool = pools.get(db);
  const h = hooks.get(db);
  if (!pool || !h) return onState(false);
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: (pool.options as { connectionString?: string }).connectionString, keepAlive: true });
    client = c;
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      onState(false);
      void c.end().catch(() => undefined);
      if (!closed) retry = setTimeout(connect, 1000);
    };
    c.on('error', fail);
    c.on('end', fail);
    c.on('notification', (m) => {
      if (m.channel === channel) onNotify(m.payload ?? '');
    });
    c.connect()
      .then(() => c.query(`LISTEN ${channel}`))
      .then(() => {
        if (!failed && !closed) onState(true);
      }, fail);
  };
  connect();
  h.closers.add(async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    onState(false);
    await client?.end().catch(() => undefined);
  });
}

/** The generic-plan side of each Kysely made here (made on first use), see `withGenericPlans`. */
const genericSides = new WeakMap<Kysely<DB>, () => Kysely<DB>>();

/**
 * The same database over a second, smaller pool whose connections plan each named statement once
 * (`plan_cache_mode = force_generic_plan`), for the few read statements whose generic plan was
 * checked to be as good as their custom plans but which PostgreSQL would otherwise plan on every
 * run (PLT-7): the search box's candidate statement spent ~2 ms planning for 0.5 ms executing,
 * because the planner prices its generic plan blindly (unknown selectivity of its parameters).
 * Only for single read statements outside a transaction: inside one (or on a database not opened by
 * connectDatabase, or with prepared statements off) it is `db` itself.
 */
export function withGenericPlans(db: Kysely<DB>): Kysely<DB> {
  if (db.isTransaction) return db;
  return genericSides.get(db)?.() ?? db;
}

export function connectDatabase(url: string, opts: { max?: number; prepare?: boolean; onSlowQuery?: (ms: number, sql: string) => void; slowMs?: number } = {}): Database {
  const max = opts.max ?? 20;
  const newPool = (size: number, settings = '') => {
    const p = new pg.Pool({
      connectionString: url,
      max: size,
      idleTimeoutMillis: 30_000,
      // Startup parameters: every pooled connection runs as the run-time role from its first query.
      options: `-c role=${APP_ROLE} -c statement_timeout=30s${settings}`,
    });
    p.on('error', () => {}); // an idle client's error (e.g. server restart) must not crash the process
    return p;
  };
  const pool = newPool(max);
  // statements run again and again are parsed and planned once per connection (PLT-7, prepared.ts)
  const namer = opts.prepare !== false ? createStatementNamer() : null;
  if (namer) pool.on('connect', (client) => prepareRepeatedStatements(client, namer));
  const slowMs = opts.slowMs ?? 200;
  const dbHooks: DbHooks = { writes: new Set(), closers: new Set() };
  const log = opts.onSlowQuery
    ? (event: { queryDurationMillis: number; query: { sql: string } }) => {
        if (event.queryDurationMillis >= slowMs) opts.onSlowQuery?.(event.queryDurationMillis, event.query.sql);
      }
    : undefined;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new WriteObserver(dbHooks.writes)],
    log,
  });
  pools.set(db, pool);
  hooks.set(db, dbHooks);
  if (namer) {
    let generic: Kysely<DB> | null = null;
    genericSides.set(db, () => {
      if (!generic) {
        const gp = newPool(Math.max(2, Math.ceil(max / 2)), ' -c plan_cache_mode=force_generic_plan');
        gp.on('connect', (client) => prepareRepeatedStatements(client, namer));
        generic = new Kysely<DB>({ dialect: new PostgresDialect({ pool: gp }), plugins: [new WriteObserver(dbHooks.writes)], log });
        const g = generic;
        dbHooks.closers.add(() => g.destroy());
      }
      return generic;
    });
  }
  const close = async () => {
    for (const c of dbHooks.closers) await c();
    await db.destroy();
  };
  return { db, pool, close };
}

/** One pooled client with a Kysely bound to it alone: its statements and raw COPYs share one session. */
export type DedicatedSession = { db: Kysely<DB>; client: pg.PoolClient };

/**
 * Holds one client of `db`'s pool for a long job that mixes Kysely statements with COPY (an
 * import's commit: BEGIN … COPY … COMMIT on one session). The client is discarded afterwards if
 * the job failed, so no half-finished session state goes back to the pool.
 */
export async function withDedicatedClient<T>(db: Kysely<DB>, fn: (session: DedicatedSession) => Promise<T>): Promise<T> {
  const pool = pools.get(db);
  if (!pool) throw new Error('withDedicatedClient: the database was not opened by connectDatabase');
  const client = await pool.connect();
  // Kysely asks its "pool" for a connection per query or transaction: always this client, never released by it
  const only = { query: client.query.bind(client), release: () => {} } as unknown as pg.PoolClient;
  const bound = new Kysely<DB>({ dialect: new PostgresDialect({ pool: { connect: async () => only, end: async () => {} } }) });
  let failed = false;
  try {
    return await fn({ db: bound, client });
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    client.release(failed);
  }
}
