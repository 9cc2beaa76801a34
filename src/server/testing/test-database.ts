/** A fresh database per test file, cloned from the migrated template (never a mock). */
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../db/connect.js';
import { cloneTemplate } from './template-cluster.js';

export type TestDatabase = Database & { url: string; ownerPool: pg.Pool; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const clone = await cloneTemplate(inject('pgServerUrl'), inject('pgTemplate'));
  const url = clone.url;
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
      await clone.drop();
    },
  };
}
