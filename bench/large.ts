/**
 * `kedang bench --scale large`: a data set of 1,000,000 customers, ~2,000,000 contacts and
 * ~5,000,000 transactions in its own data directory, bulk-loaded with COPY (PLT-7).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../src/server/db/connect.js';
import { startEmbeddedPostgres, type EmbeddedDb } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { ensureAdministrator } from '../src/server/modules/users/bootstrap.js';
import { hashPassword } from '../src/server/modules/auth/passwords.js';
import { bulkLoadArchives } from '../src/server/seed/bulk-load.js';
import { topUpPayments } from '../src/server/seed/payments.js';

export const BENCH_PASSWORD = 'Bench-user-pass-2026';
export const LARGE = { customers: 1_000_000, contacts: [1, 3] as [number, number], transactions: [0, 10] as [number, number] };

/** Settings for a 2-core, 24 GiB machine; the benchmark's cluster only. */
export const benchPgSettings = { shared_buffers: '2GB', effective_cache_size: '8GB', work_mem: '32MB', maintenance_work_mem: '1GB', max_wal_size: '8GB', random_page_cost: '1.1', plan_cache_mode: 'force_custom_plan' };

export async function openBenchCluster(dataDir: string): Promise<{ embedded: EmbeddedDb; url: string }> {
  const embedded = await startEmbeddedPostgres({ dataDir, settings: benchPgSettings });
  const admin = new pg.Client({ connectionString: embedded.url('postgres') });
  await admin.connect();
  if ((await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'kedang'`)).rowCount === 0) await admin.query(`CREATE DATABASE kedang TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  return { embedded, url: embedded.url('kedang') };
}

export function largeDataReady(dataDir: string): boolean {
  const marker = path.join(dataDir, 'bench-large.json');
  return existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).customers === LARGE.customers;
}

export async function generateLarge(dataDir: string, log: (m: string) => void, onProgress: (done: number, total: number) => void) {
  const { embedded, url } = await openBenchCluster(dataDir);
  try {
    await migrate(url);
    const database = connectDatabase(url, { max: 2 });
    await ensureAdministrator(database.db, BENCH_PASSWORD);
    const db = database.db;
    const root = (await db.selectFrom('departments').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id;
    const hash = await hashPassword(BENCH_PASSWORD);
    const owners: [string, string][] = [];
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
    await database.close();

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('SET synchronous_commit = off');
    // The generated rows are consistent by construction: skip the per-row foreign-key triggers.
    await client.query('SET session_replication_role = replica');
    const t0 = Date.now();
    // Secondary indexes (and the terms key) are rebuilt once after the load: far faster than
    // maintaining them row by row for 25M rows.
    const tables = ['customers', 'customer_terms', 'contacts', 'transactions', 'customer_history'];
    const indexes = (await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`, [tables])).rows;
    for (const i of indexes) await client.query(`DROP INDEX ${i.indexname}`);
    await client.query('ALTER TABLE customer_terms DROP CONSTRAINT customer_terms_pkey');
    const to = new Date();
    const from = new Date(to.getFullYear() - 3, to.getMonth(), to.getDate());
    const result = await bulkLoadArchives(client, { customers: LARGE.customers, contactsPerCustomer: LARGE.contacts, transactionsPerCustomer: LARGE.transactions, owners, seed: 1_000_000, from, to, withLines: false, onProgress: (_s, d, t) => onProgress(d, t) });
    log(`loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s; building ${indexes.length + 1} indexes…`);
    await client.query('SET session_replication_role = DEFAULT');
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query('SET max_parallel_maintenance_workers = 2');
    await client.query('ALTER TABLE customer_terms ADD PRIMARY KEY (term, rank, name_len, customer_id)');
    for (const i of indexes) await client.query(i.indexdef);
    log(`indexed at ${((Date.now() - t0) / 1000).toFixed(0)} s; sharing 100,000 customers with other sales reps and analysing…`);
    await client.query(`INSERT INTO customer_shares (customer_id, user_id)
      SELECT c.id, (SELECT id FROM users WHERE roles = '{sales}' ORDER BY id OFFSET (c.id % 200) LIMIT 1)
      FROM customers c WHERE c.id % 10 = 3 ON CONFLICT DO NOTHING`);
    log(`payments: ${await topUpPayments(client)} generated`);
    await client.query('VACUUM ANALYZE');
    // persist the benchmark cluster's settings, so the server started on it uses them too
    for (const [k, v] of Object.entries(benchPgSettings)) await client.query(`ALTER SYSTEM SET ${k} = '${v}'`);
    await client.end();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dataDir, 'bench-large.json'), JSON.stringify({ ...result, seconds: Math.round((Date.now() - t0) / 1000), at: new Date().toISOString() }));
    return { ...result, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await embedded.stop();
  }
}
