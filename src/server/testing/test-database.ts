/** A fresh database per test file, cloned from the migrated template (never a mock). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../db/connect.js';

export type TestDatabase = Database & { url: string; ownerPool: pg.Pool; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('pgServerUrl');
  const template = inject('pgTemplate');
  const name = `kedang_t_${template.split('_').pop()}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = connectDatabase(url, { max: 10 });
  // The owner role, for what the application itself may not do (tampering tests, checksums).
  const ownerPool = new pg.Pool({ connectionString: url, max: 2 });
  ownerPool.on('error', () => {}); // as the application's pool: a client terminated while the file's database is dropped must not crash the run
  return {
    ...database,
    url,
    ownerPool,
    drop: async () => {
      await database.close();
      await ownerPool.end();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}
