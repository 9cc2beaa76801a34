/**
 * `kedang bench --scale large`: a data set of 1,000,000 customers, ~2,000,000 contacts and
 * ~5,000,000 transactions in its own data directory, bulk-loaded with COPY (PLT-7).
 *
 * The cluster is the one `npm start` runs (same sizing, nothing persisted with ALTER SYSTEM), the
 * personal fields are sealed with the data directory's own keyring (the one the server started on
 * it loads), and every derived row the product's write path produces is produced here too: the
 * load keeps the tables' triggers on (customer_pinyin is filled by one) and only sets the foreign
 * keys aside, re-adding (and so checking) them afterwards (issue 12 items 1–3).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/server/config.js';
import { connectDatabase } from '../src/server/db/connect.js';
import { startEmbeddedPostgres, type EmbeddedDb } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { embeddedSettings } from '../src/server/main.js';
import { hashPassword } from '../src/server/modules/auth/passwords.js';
import { loadKeyring, useKeyring } from '../src/server/modules/privacy/keyring.js';
import { ensureAdministrator } from '../src/server/modules/users/bootstrap.js';
import { bulkLoadArchives, type LoadResult } from '../src/server/seed/bulk-load.js';
import { topUpPayments } from '../src/server/seed/payments.js';
import { topUpTransactionLines } from '../src/server/seed/transaction-lines.js';

export const BENCH_PASSWORD = 'Bench-user-pass-2026';
export const LARGE = { customers: 1_000_000, contacts: [1, 3] as [number, number], transactions: [0, 10] as [number, number] };

/** The benchmark's data directory's cluster, started exactly as `npm start` starts it (same sizing). */
export async function openBenchCluster(dataDir: string, log: (m: string) => void = () => {}): Promise<{ embedded: EmbeddedDb; url: string }> {
  const config = loadConfig({ ...process.env, KEDANG_DATA_DIR: dataDir, DATABASE_URL: '' });
  const sized = embeddedSettings(config);
  log(sized.summary);
  const embedded = await startEmbeddedPostgres({ dataDir, settings: sized.settings });
  const admin = new pg.Client({ connectionString: embedded.url('postgres') });
  admin.on('error', () => {});
  try {
    await admin.connect();
    if ((await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'kedang'`)).rowCount === 0) await admin.query(`CREATE DATABASE kedang TEMPLATE template0 ENCODING 'UTF8'`);
    // earlier versions of the generator persisted their own settings: the benchmark runs what users run
    await admin.query('ALTER SYSTEM RESET ALL');
    await admin.query('SELECT pg_reload_conf()');
  } catch (e) {
    await admin.end().catch(() => undefined);
    await embedded.stop();
    throw e;
  }
  await admin.end();
  return { embedded, url: embedded.url('kedang') };
}

/**
 * Whether `dataDir` holds the generated 1M set; with `anySize` (a directory named with --data-dir),
 * any generated set, e.g. a small one made with --customers for a development run.
 */
export function largeDataReady(dataDir: string, anySize = false): boolean {
  const marker = path.join(dataDir, 'bench-large.json');
  return existsSync(marker) && (anySize || JSON.parse(readFileSync(marker, 'utf8')).customers === LARGE.customers);
}

export type BenchLoadPlan = { customers: number; contacts?: [number, number]; transactions?: [number, number]; seed?: number; log?: (m: string) => void; onProgress?: (done: number, total: number) => void };

/**
 * Loads the benchmark's users and archives into a migrated database (owner connection string).
 * The keyring must be in use (useKeyring). Used by `--scale large` and by the smoke test at a
 * small scale.
 */
export async function loadBenchData(url: string, plan: BenchLoadPlan): Promise<LoadResult & { seconds: number }> {
  const log = plan.log ?? (() => {});
  const database = connectDatabase(url, { max: 2 });
  const owners: [string, string][] = [];
  try {
    await ensureAdministrator(database.db, BENCH_PASSWORD);
    const db = database.db;
    const root = (await db.selectFrom('departments').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow()).id;
    const hash = await hashPassword(BENCH_PASSWORD);
    for (let d = 1; d <= 10; d++) {
      const dept = await db.insertInto('departments').values({ name: `销售${d}部`, parent_id: root }).returning('id').executeTakeFirstOrThrow();
      for (let u = 1; u <= 20; u++) {
        const user = await db.insertInto('users').values({ username: `sales${d}.${u}`, display_name: `销售${d}-${u}`, department_id: dept.id, roles: ['sales'], password_hash: hash, must_change_password: false }).returning('id').executeTakeFirstOrThrow();
        owners.push([user.id, dept.id]);
        if (u === 1) await db.updateTable('departments').set({ manager_id: user.id }).where('id', '=', dept.id).execute();
      }
    }
    const cs = await db.insertInto('departments').values({ name: '客户服务部', parent_id: root }).returning('id').executeTakeFirstOrThrow();
    for (let u = 1; u <= 20; u++) await db.insertInto('users').values({ username: `kefu${u}`, display_name: `客服${u}`, department_id: cs.id, roles: ['cs_staff'], password_hash: hash, must_change_password: false }).execute();
  } finally {
    await database.close();
  }

  const client = new pg.Client({ connectionString: url });
  let lost: Error | null = null;
  client.on('error', (e) => (lost = e)); // a terminated connection fails the next query; it must not crash the process unseen
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    const t0 = Date.now();
    // Secondary indexes (and the terms key) are rebuilt once after the load, and the foreign keys
    // of the loaded tables are set aside and re-added (which checks every row once): far faster
    // than maintaining them row by row for 25M rows. Triggers stay on, so derived rows kept by
    // triggers (customer_pinyin) are written as the product writes them.
    const tables = ['customers', 'customer_terms', 'customer_pinyin', 'contacts', 'transactions', 'customer_history'];
    const indexes = (await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`, [tables])).rows;
    const foreignKeys = (await client.query<{ tbl: string; name: string; def: string }>(
      `SELECT k.conrelid::regclass::text AS tbl, k.conname AS name, pg_get_constraintdef(k.oid) AS def
         FROM pg_constraint k WHERE k.contype = 'f' AND k.conrelid::regclass::text = ANY($1)`, [tables])).rows;
    {
      for (const f of foreignKeys) await client.query(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.name}`);
      for (const i of indexes) await client.query(`DROP INDEX ${i.indexname}`);
      await client.query('ALTER TABLE customer_terms DROP CONSTRAINT customer_terms_pkey');
    }
    const to = new Date();
    const from = new Date(to.getFullYear() - 3, to.getMonth(), to.getDate());
    const result = await bulkLoadArchives(client, { customers: plan.customers, contactsPerCustomer: plan.contacts ?? LARGE.contacts, transactionsPerCustomer: plan.transactions ?? LARGE.transactions, owners, seed: plan.seed ?? 1_000_000, from, to, withLines: false, onProgress: (_s, d, t) => plan.onProgress?.(d, t) });
    {
      log(`loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s; building ${indexes.length + 1} indexes and ${foreignKeys.length} foreign keys…`);
      await client.query('SET max_parallel_maintenance_workers = 2');
      await client.query('ALTER TABLE customer_terms ADD PRIMARY KEY (term, rank, name_len, customer_id)');
      for (const i of indexes) await client.query(i.indexdef);
      for (const f of foreignKeys) await client.query(`ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.name} ${f.def}`);
      log(`indexed at ${((Date.now() - t0) / 1000).toFixed(0)} s; sharing customers with other sales reps and analysing…`);
    }
    await client.query(`INSERT INTO customer_shares (customer_id, user_id)
      SELECT c.id, (SELECT id FROM users WHERE roles = '{sales}' ORDER BY id OFFSET (c.id % 200) LIMIT 1)
      FROM customers c WHERE c.id % 10 = 3 ON CONFLICT DO NOTHING`);
    log(`payments: ${await topUpPayments(client)} generated`);
    log(`product lines: ${await topUpTransactionLines(client)} generated`);
    await client.query('VACUUM ANALYZE');
    return { ...result, seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    throw lost ?? e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `kedang bench --scale large` (or `--customers N`): a cluster of its own in `dataDir`, loaded once. */
export async function generateLarge(dataDir: string, log: (m: string) => void, onProgress: (done: number, total: number) => void, customers = LARGE.customers) {
  const config = loadConfig({ ...process.env, KEDANG_DATA_DIR: dataDir, DATABASE_URL: '' });
  if (existsSync(path.join(dataDir, 'bench-large.json'))) throw new Error(`${dataDir} already holds a generated data set; remove the directory to generate it again`);
  // the personal fields are sealed with the key the server started on this directory will load (SEC-12)
  useKeyring(loadKeyring(config));
  const { embedded, url } = await openBenchCluster(dataDir, log);
  try {
    await migrate(url);
    const existing = new pg.Client({ connectionString: url });
    existing.on('error', () => {});
    await existing.connect();
    const n = Number((await existing.query<{ n: string }>('SELECT count(*) AS n FROM customers')).rows[0]!.n);
    await existing.end();
    if (n > 0) throw new Error(`${dataDir} already holds ${n.toLocaleString()} customers from an unfinished run; remove the directory and generate again`);
    const result = await loadBenchData(url, { customers, log, onProgress });
    writeFileSync(path.join(dataDir, 'bench-large.json'), JSON.stringify({ ...result, seconds: Math.round(result.seconds), at: new Date().toISOString() }));
    return result;
  } finally {
    await embedded.stop();
  }
}
