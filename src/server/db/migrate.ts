/** Applies the committed, ordered SQL migrations in ./migrations, once each, under an advisory lock. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dataSteps } from './data-migrations.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// beside this file in the sources; from the compiled bundle (dist/server/kedang.js) in the sources' tree
export const migrationsDir = existsSync(path.join(here, 'migrations')) ? path.join(here, 'migrations') : path.resolve(here, '../../src/server/db/migrations');
const LOCK_KEY = 7_365_000;

export type Migration = { version: number; name: string; sql: string; checksum: string };

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(path.join(dir, f), 'utf8');
      return {
        version: Number(f.slice(0, 4)),
        name: f.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/** One migration's SQL, then its data step if it has one (data-migrations.ts), on the caller's client and transaction. */
export async function applyMigration(client: pg.ClientBase, m: Migration, log: (m: string) => void = () => {}) {
  await client.query(m.sql);
  await dataSteps[m.version]?.(client, log);
}

/** Runs pending migrations as the connecting (owner) role. Returns the names applied. */
export async function migrate(url: string, log: (m: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS kedang_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ version: number; checksum: string; name: string }>('SELECT version, checksum, name FROM kedang_migrations')).rows.map((r) => [r.version, r]),
    );
    const applied: string[] = [];
    for (const m of listMigrations()) {
      const prior = done.get(m.version);
      if (prior) {
        if (prior.checksum !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied (migrations are forward-only)`);
        continue;
      }
      log(`applying migration ${m.name}`);
      await client.query('BEGIN');
      try {
        await applyMigration(client, m, log);
        await client.query('INSERT INTO kedang_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** True when every migration in the tree has been applied (readiness check). */
export async function pendingMigrations(db: { query: (sql: string) => Promise<{ rows: { version: number }[] }> }): Promise<number> {
  const rows = (await db.query('SELECT version FROM kedang_migrations')).rows;
  const applied = new Set(rows.map((r) => Number(r.version)));
  return listMigrations().filter((m) => !applied.has(m.version)).length;
}
