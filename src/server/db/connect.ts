/**
 * Database connections. Requests run as the role kedang_app (set on every pooled
 * connection), which may only append to the audit trail; migrations run as the owner.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

// bigint ids and counts arrive as strings (ids are opaque strings in the API); numeric stays string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// Calendar dates stay 'YYYY-MM-DD' strings: no time zone shift through JS Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export const APP_ROLE = 'kedang_app';

export type Database = { db: Kysely<DB>; pool: pg.Pool; close: () => Promise<void> };

/** The pool behind each Kysely instance made here, for jobs that need one client of their own. */
const pools = new WeakMap<Kysely<DB>, pg.Pool>();

export function connectDatabase(url: string, opts: { max?: number; onSlowQuery?: (ms: number, sql: string) => void; slowMs?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 20,
    idleTimeoutMillis: 30_000,
    // Startup parameters: every pooled connection runs as the run-time role from its first query.
    options: `-c role=${APP_ROLE} -c statement_timeout=30s`,
  });
  pool.on('error', () => {}); // an idle client's error (e.g. server restart) must not crash the process
  const slowMs = opts.slowMs ?? 200;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: opts.onSlowQuery
      ? (event) => {
          if (event.queryDurationMillis >= slowMs) opts.onSlowQuery?.(event.queryDurationMillis, event.query.sql);
        }
      : undefined,
  });
  pools.set(db, pool);
  return { db, pool, close: () => db.destroy() };
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
