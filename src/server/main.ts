/** Composition root: config → database (embedded or DATABASE_URL) → migrations → app → listen. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { connectDatabase, type Database } from './db/connect.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { startScheduler } from './jobs/scheduler.js';
import { DocumentStorage } from './modules/documents/documents.storage.js';
import { ensureAdministrator } from './modules/users/bootstrap.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultWebDir = path.join(repoRoot, 'dist/web');

export type DatabaseHandle = { url: string; embedded: EmbeddedDb | null };

/** The database URL to use: DATABASE_URL, else the embedded cluster (started here, database created). */
export async function openDatabase(config: Config, log: (m: string) => void): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (m) => (config.logLevel === 'debug' || config.logLevel === 'trace' ? log(m) : undefined) });
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
    const database = connectDatabase(handle.url, { slowMs: config.slowQueryMs, onSlowQuery: (ms, q) => out(JSON.stringify({ level: 'warn', msg: 'slow query', ms: Math.round(ms), sql: q.slice(0, 500) })) });
    await bootstrapAdministrator(database, config, out);
    const jobs = await startScheduler(handle.url, database.db, out, { backup: config });
    const app = await buildApp({ config, database, webDir: defaultWebDir });
    // uploads cut off by a crash leave temporary files; clear those older than an hour
    void new DocumentStorage(config.storage).sweepTemporary().catch(() => undefined);
    await app.listen({ port: config.port, host: config.host });
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
