/** The real app on a fresh test database, with helpers to sign in and make users. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { ensureAdministrator } from '../modules/users/bootstrap.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN_PASSWORD = 'Admin-pass-2026!';
/** The encryption key of test apps (SEC-12): never a key file in ./data. */
export const TEST_SECRET_KEY = 'dGVzdC1vbmx5LWtlZGFuZy1zZWNyZXQta2V5LTIwMjY=';

export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  adminToken: string;
  rootDepartmentId: string;
  login: (username: string, password: string) => Promise<string>;
  createUser: (username: string, roles: string[], opts?: { password?: string; departmentId?: string; mustChangePassword?: boolean }) => Promise<{ id: string; token: string }>;
  request: (method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
};

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // document storage in a directory of its own, removed on close (never ./data/storage)
  const storage = mkdtempSync(path.join(os.tmpdir(), 'kedang-storage-'));
  const config: Config = { ...loadConfig({ LOG_LEVEL: 'silent', KEDANG_LOGIN_RATE_LIMIT: '100000', KEDANG_SECRET_KEY: TEST_SECRET_KEY }), storage, ...overrides };
  await ensureAdministrator(database.db, ADMIN_PASSWORD);
  const app = await buildApp({ config, database });
  await app.ready();
  const request: TestApp['request'] = (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    });
  const login = async (username: string, password: string) => {
    const r = await request('POST', '/api/v1/auth/login', { body: { username, password } });
    if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
    return r.json<{ token: string }>().token;
  };
  const adminToken = await login('admin', ADMIN_PASSWORD);
  const rootDepartmentId = (await database.db.selectFrom('departments').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  let n = 0;
  const createUser: TestApp['createUser'] = async (username, roles, opts = {}) => {
    const password = opts.password ?? `Pw-${++n}-Kd7-long-enough`;
    const r = await request('POST', '/api/v1/users', {
      token: adminToken,
      body: { username, displayName: username, password, departmentId: opts.departmentId ?? rootDepartmentId, roles, mustChangePassword: opts.mustChangePassword ?? false },
    });
    if (r.statusCode !== 201) throw new Error(`create ${username} failed: ${r.statusCode} ${r.body}`);
    return { id: r.json<{ id: string }>().id, token: await login(username, password) };
  };
  return {
    app,
    database,
    config,
    adminToken,
    rootDepartmentId,
    login,
    createUser,
    request,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(storage, { recursive: true, force: true });
    },
  };
}

/** Columns that reading touches on purpose (session activity), left out of "nothing changed". */
const volatileColumns = ['last_seen_at', 'last_used_at'];

/**
 * Row counts and a content checksum of every table, read as the owner: proves "nothing changed".
 * One statement for all tables (one round trip: the hostile-input tests take over a thousand snapshots).
 */
export async function snapshotTables(db: TestDatabase): Promise<Record<string, string>> {
  // rate-limit counters count refused requests too, by design: they are not data
  const tables = await db.ownerPool.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'rate_limits' ORDER BY tablename`);
  if (tables.rows.length === 0) return {};
  const perTable = tables.rows.map(
    ({ tablename }, i) =>
      // the audit of a refusal (SEC-10, written after the answer) records the refusal; it changes no data
      `SELECT ${i} AS i, count(*) AS n, md5(string_agg((to_jsonb(t) - $1::text[])::text, '|' ORDER BY (to_jsonb(t) - $1::text[])::text)) AS sum FROM "${tablename}" t${tablename === 'audit_events' ? ` WHERE action <> 'request.refused'` : ''}`,
  );
  const r = await db.ownerPool.query<{ i: number; n: string; sum: string | null }>(perTable.join('\nUNION ALL\n'), [volatileColumns]);
  const out: Record<string, string> = {};
  for (const row of [...r.rows].sort((a, b) => a.i - b.i)) out[tables.rows[row.i]!.tablename] = `${row.n}:${row.sum ?? ''}`;
  return out;
}
