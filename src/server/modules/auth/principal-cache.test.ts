import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../db/connect.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { subjectOf } from '../access/access.service.js';
import { authenticate } from './auth.service.js';
import { changesPrincipals, principalCacheOf } from './principal-cache.js';
import { hashToken } from './tokens.js';

let t: TestApp;
/** A second application instance on the same database (its own pool, its own cache). */
let other: Database;
beforeAll(async () => {
  t = await createTestApp();
  other = connectDatabase(t.database.url, { max: 2 });
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

/** Statements the first instance's pool ran while `fn` ran (each Kysely statement acquires a client). */
async function statementsDuring(fn: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const count = () => n++;
  t.database.pool.on('acquire', count);
  try {
    await fn();
  } finally {
    t.database.pool.off('acquire', count);
  }
  return n;
}

async function eventually(check: () => Promise<boolean>, ms = 3000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

const listening = () => eventually(async () => principalCacheOf(t.database.db)?.listening === true);

describe('PLT-7 the signed-in caller is cached with invalidation across instances (SEC-1 unchanged)', () => {
  it('PLT-7 a session is read once, then answered with no statement at all', async () => {
    expect(await listening()).toBe(true);
    const { token } = await t.createUser('cache.one', ['sales']);
    expect(await authenticate(t.database.db, token, false)).not.toBeNull();
    expect(await statementsDuring(() => authenticate(t.database.db, token, false))).toBe(0);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).statusCode).toBe(200);
  });

  it('PLT-7 SEC-1 a session revoked on another instance is refused here once its notification arrives', async () => {
    const { id, token } = await t.createUser('cache.two', ['sales']);
    expect(await authenticate(t.database.db, token, false)).not.toBeNull();
    await other.db.updateTable('sessions').set({ revoked_at: new Date() }).where('token_hash', '=', hashToken(token)).execute();
    expect(await eventually(async () => (await authenticate(t.database.db, token, false)) === null, 1000)).toBe(true);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).statusCode).toBe(401);
    expect(id).toBeTruthy();
  });

  it('PLT-7 SEC-1 a user disabled, or given other roles, on another instance is seen here at once after', async () => {
    const { id, token } = await t.createUser('cache.three', ['sales']);
    expect((await authenticate(t.database.db, token, false))?.roles).toEqual(['sales']);
    await other.db.updateTable('users').set({ roles: ['cs_staff'] }).where('id', '=', id).execute();
    expect(await eventually(async () => (await authenticate(t.database.db, token, false))?.roles[0] === 'cs_staff', 1000)).toBe(true);
    await other.db.updateTable('users').set({ disabled: true }).where('id', '=', id).execute();
    expect(await eventually(async () => (await authenticate(t.database.db, token, false)) === null, 1000)).toBe(true);
  });

  it('PLT-7 SEC-1 in this instance a sign-out, a revoked token and a disabled user take effect with the very next request', async () => {
    const { id, token } = await t.createUser('cache.four', ['sales'], { password: 'Cache-four-password-1' });
    expect((await t.request('GET', '/api/v1/auth/me', { token })).statusCode).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/logout', { token })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).statusCode).toBe(401);

    const session = await t.login('cache.four', 'Cache-four-password-1');
    const pat = await t.request('POST', '/api/v1/auth/tokens', { token: session, body: { name: 'ci', scopes: ['read'] } });
    expect(pat.statusCode).toBe(201);
    const patToken = pat.json<{ token: string; id: string }>();
    expect((await t.request('GET', '/api/v1/auth/me', { token: patToken.token })).statusCode).toBe(200);
    expect((await t.request('DELETE', `/api/v1/auth/tokens/${patToken.id}`, { token: session })).statusCode).toBeLessThan(300);
    expect((await t.request('GET', '/api/v1/auth/me', { token: patToken.token })).statusCode).toBe(401);

    const again = await t.createUser('cache.five', ['sales']);
    expect((await t.request('GET', '/api/v1/auth/me', { token: again.token })).statusCode).toBe(200);
    expect((await t.request('POST', `/api/v1/users/${again.id}/disable`, { token: t.adminToken, body: {} })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/me', { token: again.token })).statusCode).toBe(401);
    expect(id).toBeTruthy();
  });

  it('PLT-7 SEC-2 a manager\'s department subtree is cached and follows a department moved on another instance', async () => {
    const a = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '缓存甲部', parentId: t.rootDepartmentId } });
    const b = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '缓存乙部', parentId: t.rootDepartmentId } });
    const [da, dbId] = [a.json<{ id: string }>().id, b.json<{ id: string }>().id];
    const mgr = await t.createUser('cache.mgr', ['sales'], { departmentId: da });
    // cached before the change, so that the wait below ends with the change's notification, not before
    // it: read afresh, the principal saw the change at once, and the notification arriving afterwards
    // (late under a full run's load) emptied the subtree cached in between
    expect((await authenticate(t.database.db, mgr.token, false))?.managesDepartments).toBe(false);
    await other.db.updateTable('departments').set({ manager_id: mgr.id }).where('id', '=', da).execute();
    const p = await eventually(async () => (await authenticate(t.database.db, mgr.token, false))?.managesDepartments === true, 1000);
    expect(p).toBe(true);
    const principal = (await authenticate(t.database.db, mgr.token, false))!;
    expect((await subjectOf(t.database.db, principal)).managedDepartmentIds).toEqual([da]);
    expect(await statementsDuring(() => subjectOf(t.database.db, principal))).toBe(0);
    await other.db.updateTable('departments').set({ parent_id: da }).where('id', '=', dbId).execute();
    expect(await eventually(async () => (await subjectOf(t.database.db, principal)).managedDepartmentIds.length === 2, 1000)).toBe(true);
  });

  it('PLT-7 a session\'s touch is not a change of principal; revocation, user and department changes are', () => {
    expect(changesPrincipals({ table: 'sessions', op: 'update', columns: ['last_seen_at'] })).toBe(false);
    expect(changesPrincipals({ table: 'api_tokens', op: 'update', columns: ['last_used_at'] })).toBe(false);
    expect(changesPrincipals({ table: 'sessions', op: 'insert', columns: [] })).toBe(false);
    expect(changesPrincipals({ table: 'users', op: 'insert', columns: [] })).toBe(false);
    expect(changesPrincipals({ table: 'customers', op: 'update', columns: ['name'] })).toBe(false);
    expect(changesPrincipals({ table: 'sessions', op: 'update', columns: ['revoked_at'] })).toBe(true);
    expect(changesPrincipals({ table: 'api_tokens', op: 'update', columns: ['revoked_at'] })).toBe(true);
    expect(changesPrincipals({ table: 'users', op: 'update', columns: ['roles'] })).toBe(true);
    expect(changesPrincipals({ table: 'departments', op: 'insert', columns: [] })).toBe(true);
    expect(changesPrincipals({ table: 'departments', op: 'update', columns: ['manager_id'] })).toBe(true);
  });
});
