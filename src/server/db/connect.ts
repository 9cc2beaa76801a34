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
  return { db, pool, close: () => db.destroy() };
}
