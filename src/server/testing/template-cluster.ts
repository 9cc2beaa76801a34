/**
 * One PostgreSQL for a whole test run: the embedded cluster in a temporary directory (durability off:
 * nothing here outlives the run), or the server named by DATABASE_URL. The migrations build a template
 * database once; each test file (unit: createTestDatabase; journey: startTestServer) clones it, which
 * takes a fraction of a second where initdb and the migrations take seconds.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';

export type TemplateCluster = { serverUrl: string; template: string; stop: () => Promise<void> };

export const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** `prefix` names the template (`<prefix>_<pid>`) and the clones the teardown drops (`<clonePrefix>_<pid>_*`). */
export async function startTemplateCluster(opts: { prefix?: string; clonePrefix?: string } = {}): Promise<TemplateCluster> {
  const prefix = opts.prefix ?? 'kedang_tpl';
  const clonePrefix = opts.clonePrefix ?? 'kedang_t';
  let serverUrl: string;
  let stopCluster = async () => {};
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-test-'));
    const embedded = await startEmbeddedPostgres({ dataDir: dir, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
    serverUrl = embedded.url('postgres');
    stopCluster = async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const template = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template} TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  await migrate(withDatabase(serverUrl, template));
  return {
    serverUrl,
    template,
    stop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      const dbs = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [`${clonePrefix.replace(/_/g, '\\_')}\\_${process.pid}\\_%`, template]);
      for (const { datname } of dbs.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
      await c.end();
      await stopCluster();
    },
  };
}

/** A new database cloned from the template, named `<clonePrefix>_<template pid>_<random>`. */
export async function cloneTemplate(serverUrl: string, template: string, clonePrefix = 'kedang_t'): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${clonePrefix}_${template.split('_').pop()}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}
