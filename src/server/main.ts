/** Composition root: config → database (embedded or DATABASE_URL) → migrations → app → listen. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { connectDatabase, type Database } from './db/connect.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './db/embedded.js';
import { withoutLiterals } from './db/inline-sql.js';
import { detectMachine } from './db/machine.js';
import { migrate } from './db/migrate.js';
import { describeSizing, externalSettingWarnings, settingBytes, sizeCluster } from './db/sizing.js';
import { startScheduler } from './jobs/scheduler.js';
import { DocumentStorage } from './modules/documents/documents.storage.js';
import { SERVER_HEAP_GROWING_PERCENT, setHeapGrowth } from './shared/heap-growth.js';
import { ensureAdministrator } from './modules/users/bootstrap.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultWebDir = path.join(repoRoot, 'dist/web');

export type DatabaseHandle = { url: string; embedded: EmbeddedDb | null };

/** The embedded cluster's settings: sized from this machine at each start, KEDANG_PG_SETTINGS on top (issue 12 item 2). */
export function embeddedSettings(config: Pick<Config, 'dataDir' | 'pgSettings'>) {
  mkdirSync(config.dataDir, { recursive: true });
  const machine = detectMachine(config.dataDir);
  const settings = sizeCluster(machine, config.pgSettings);
  return { machine, settings, summary: describeSizing(machine, settings) };
}

/** With DATABASE_URL: warns (never changes anything) when the server's settings are far from what the data needs. */
export async function warnAboutExternalSettings(url: string, log: (m: string) => void): Promise<void> {
  const client = new (await import('pg')).default.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
    const rows = (await client.query<{ name: string; setting: string; unit: string | null }>(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'effective_cache_size', 'work_mem', 'max_connections')`)).rows;
    const size = Number((await client.query<{ n: string }>(`SELECT pg_database_size(current_database()) AS n`)).rows[0]!.n);
    const v = Object.fromEntries(rows.map((r) => [r.name, settingBytes(r.setting, r.unit)]));
    for (const w of externalSettingWarnings({ shared_buffers: v.shared_buffers ?? 0, effective_cache_size: v.effective_cache_size ?? 0, work_mem: v.work_mem ?? 0, max_connections: v.max_connections ?? 0 }, size, 20)) {
      log(JSON.stringify({ level: 'warn', msg: `DATABASE_URL: ${w} (Kedang does not change the server's settings)` }));
    }
  } catch {
    // the migration that follows reports an unreachable database with its own message
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The database URL to use: DATABASE_URL, else the embedded cluster (started here, database created). */
export async function openDatabase(config: Config, log: (m: string) => void): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    await warnAboutExternalSettings(config.databaseUrl, log);
    return { url: config.databaseUrl, embedded: null };
  }
  const sized = embeddedSettings(config);
  log(sized.summary);
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, settings: sized.settings, scheduling: config.pgScheduling, log: (m) => (config.logLevel === 'debug' || config.logLevel === 'trace' ? log(m) : undefined) });
  if (embedded.scheduling) log(embedded.scheduling);
  const admin = new (await import('pg')).default.Client({ connectionString: embedded.url('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'kedang'`);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE kedang TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  return { url: embedded.url('kedang'), embedded };
}

/** Creates the first administrator if there is no user yet and says so once (SEC-1). */
export async function bootstrapAdministrator(database: Database, config: Config, out: (m: string) => void) {
  const admin = await ensureAdministrator(database.db, config.adminPassword);
  if (admin.created && admin.generated) {
    out('');
    out('  ┌──────────────────────────────────────────────────────────────┐');
    out(`  │  Administrator created. Username: ${admin.username.padEnd(27)}│`);
    out(`  │  One-time password: ${admin.password.padEnd(41)}│`);
    out('  │  It is shown once; you must change it at first sign-in.      │');
    out('  └──────────────────────────────────────────────────────────────┘');
    out('');
  } else if (admin.created) {
    out('Administrator "admin" created with the password from KEDANG_ADMIN_PASSWORD.');
  }
}

export type Running = { app: FastifyInstance; database: Database; handle: DatabaseHandle; stop: () => Promise<void> };

export async function startServer(config: Config, out: (m: string) => void = (m) => console.log(m)): Promise<Running> {
  const t0 = Date.now();
  const handle = await openDatabase(config, out);
  try {
    for (const m of await migrate(handle.url)) out(`migration applied: ${m}`);
    const database = connectDatabase(handle.url, { prepare: config.preparedStatements, slowMs: config.slowQueryMs, onSlowQuery: (ms, q) => out(JSON.stringify({ level: 'warn', msg: 'slow query', ms: Math.round(ms), sql: withoutLiterals(q).slice(0, 500) })) });
    await bootstrapAdministrator(database, config, out);
    const jobs = await startScheduler(handle.url, database.db, out, { backup: config });
    const app = await buildApp({ config, database, webDir: defaultWebDir });
    // uploads cut off by a crash leave temporary files; clear those older than an hour
    void new DocumentStorage(config.storage).sweepTemporary().catch(() => undefined);
    await app.listen({ port: config.port, host: config.host });
    // garbage is collected before it piles up: the live heap under load is small (PLT-7, shared/heap-growth.ts)
    setHeapGrowth(SERVER_HEAP_GROWING_PERCENT);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    out(`Kedang ready on http://localhost:${port} in ${Date.now() - t0} ms (${handle.embedded ? 'embedded PostgreSQL in ' + config.dataDir : 'DATABASE_URL'})`);
    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        await app.close();
        await jobs.stop();
        await database.close();
        await handle.embedded?.stop();
      })());
    return { app, database, handle, stop };
  } catch (e) {
    await handle.embedded?.stop();
    throw e;
  }
}
