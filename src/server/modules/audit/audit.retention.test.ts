/** SEC-10 (issue 17): user agent, refused operations with their outcome, retention that keeps the chain verifiable. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredAuditEvents } from '../../jobs/purge-audit.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chainBody } from './audit.chain.js';
import { recordAudit, verifyAuditChain } from './audit.service.js';
import { systemActor } from './audit.types.js';

let t: TestApp;
let rep: { id: string; token: string };
let other: { id: string; token: string };
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) KedangTest/1';
beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('ua.rep', ['sales']);
  other = await t.createUser('ua.other', ['sales']);
});
afterAll(async () => t?.close());

type Ev = { id: string; action: string; outcome: string; userAgent: string | null; entityId: string | null; data: Record<string, unknown> };
const events = async (query: string): Promise<Ev[]> => (await t.request('GET', `/api/v1/audit-events?limit=200&${query}`, { token: t.adminToken })).json().items;
/** Refusals are written after the answer: wait for them. */
async function eventually<T>(read: () => Promise<T>, ok: (x: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const x = await read();
    if (ok(x) || i > 50) return x;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SEC-10 user agent and refused operations', () => {
  it('SEC-10 the user agent is kept beside the IP and shown in the log', async () => {
    const created = await t.request('POST', '/api/v1/customers', { token: rep.token, headers: { 'user-agent': UA }, body: { name: '用户代理审计测试有限公司', customerType: 'direct' } });
    expect(created.statusCode, created.body).toBe(201);
    const [ev] = await events(`action=customer.created&entityId=${created.json().id}`);
    expect(ev).toMatchObject({ userAgent: UA, outcome: 'success' });
  });

  it('SEC-10 a denied read of a customer (404), a refused write (409) and a failed sign-in are recorded with their outcome; a successful read is not a refusal', async () => {
    const mine = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '拒绝访问审计测试有限公司', customerType: 'dealer' } })).json();
    const denied = await t.request('GET', `/api/v1/customers/${mine.id}`, { token: other.token, headers: { 'user-agent': UA } });
    expect(denied.statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${mine.id}`, { token: rep.token })).statusCode).toBe(200);
    const conflict = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '审计部' } });
    expect(conflict.statusCode).toBe(201);
    expect((await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '审计部' } })).statusCode).toBe(409);
    expect((await t.request('POST', '/api/v1/auth/login', { body: { username: 'ua.rep', password: 'wrong-password-123' } })).statusCode).toBe(401);

    const deniedEvents = await eventually(() => events(`outcome=denied&entityId=${mine.id}`), (x) => x.length > 0);
    expect(deniedEvents).toEqual([expect.objectContaining({ action: 'request.refused', outcome: 'denied', userAgent: UA, data: { operation: 'getCustomer', method: 'GET', status: 404, code: 'not_found' } })]);
    const failed = await eventually(() => events('outcome=failed'), (x) => x.some((e) => e.action === 'request.refused'));
    expect(failed.find((e) => e.action === 'request.refused')).toMatchObject({ data: { operation: 'createDepartment', status: 409 } });
    expect(failed.some((e) => e.action === 'auth.login_failed')).toBe(true);
    // the owner's successful read is the ordinary read audit, not a refusal
    expect((await events(`entityId=${mine.id}&action=customer.viewed`)).map((e) => e.outcome)).toEqual(['success']);
    expect((await verifyAuditChain(t.database.db)).firstBreak).toBeNull();
  });

  it('SEC-10 a flood of refusals grows the trail by a bounded number of rows', async () => {
    const mine = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '洪水审计测试有限公司', customerType: 'dealer' } })).json();
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE action = 'request.refused' AND actor_id = ${other.id}`.execute(t.database.db)).rows[0]!.n);
    const before = await count();
    for (let i = 0; i < 80; i++) await t.request('GET', `/api/v1/customers/${mine.id}`, { token: other.token });
    const after = await eventually(count, (n) => n - before >= 29);
    // 30 a minute one by one (two minutes if the loop spans a minute's end), the rest counted and
    // written as one event when the minute ends
    expect(after - before).toBeLessThanOrEqual(61);
  });
});

describe('SEC-10 retention', () => {
  it('SEC-10 the retention setting: 36 months by default, set by the administrator (6–120), audited; a rep may not', async () => {
    const get = await t.request('GET', '/api/v1/settings/audit-retention', { token: t.adminToken });
    expect(get.json()).toMatchObject({ retentionMonths: 36, isDefault: true });
    const put = await t.request('PUT', '/api/v1/settings/audit-retention', { token: t.adminToken, body: { retentionMonths: 12 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ retentionMonths: 12, isDefault: false });
    for (const bad of [5, 121, 6.5]) {
      const r = await t.request('PUT', '/api/v1/settings/audit-retention', { token: t.adminToken, body: { retentionMonths: bad } });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].path).toContain('retentionMonths');
    }
    expect((await t.request('PUT', '/api/v1/settings/audit-retention', { token: rep.token, body: { retentionMonths: 6 } })).statusCode).toBe(403);
    expect((await t.request('PUT', '/api/v1/settings/audit-retention', { token: t.adminToken, body: { retentionMonths: null } })).json()).toMatchObject({ retentionMonths: 36, isDefault: true });
    expect((await events('action=settings.audit_retention_changed')).length).toBe(2);
  });

  it('SEC-10 the purge removes events past the retention, verify still passes from the recorded anchors, a tampered or removed kept event still fails', async () => {
    const { db, ownerPool } = t.database;
    await ownerPool.query('DELETE FROM audit_events'); // a trail that starts here
    const now = new Date();
    const yearsAgo = (y: number, i: number) => new Date(now.getTime() - y * 365 * 86_400_000 + i * 1000);
    // written from several connections, so that several chains are used
    const write = (at: (i: number) => Date, n: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => db.transaction().execute((tx) => recordAudit(tx, systemActor, { action: 'system.demo_loaded', data: { i } }, at(i)))));
    await write((i) => yearsAgo(5, i), 12);
    await write((i) => yearsAgo(2, i), 12);
    await write((i) => yearsAgo(0, -i), 12);
    const total = async () => Number((await ownerPool.query('SELECT count(*) AS n FROM audit_events')).rows[0].n);
    expect(await total()).toBe(36);

    // the run-time role cannot remove anything younger than 180 days, even through the purge function
    await expect(t.database.pool.query(`SELECT kedang_audit_purge(now() - interval '179 days', 10, 8)`)).rejects.toThrow(/180 days/);

    const first = await purgeExpiredAuditEvents(db, now); // 36 months: the five-year-old events go (each chain keeps its last)
    expect(first.deleted).toBeGreaterThanOrEqual(4);
    expect(first.deleted).toBeLessThanOrEqual(12);
    expect((await verifyAuditChain(db)).firstBreak).toBeNull();
    expect(await purgeExpiredAuditEvents(db, now)).toMatchObject({ deleted: 0 }); // nothing more, no event

    await t.request('PUT', '/api/v1/settings/audit-retention', { token: t.adminToken, body: { retentionMonths: 12 } });
    const second = await purgeExpiredAuditEvents(db, now);
    expect(second.deleted).toBeGreaterThan(0);
    // what is left older than 12 months is only each chain's last event
    const stale = (await ownerPool.query(`SELECT a.id FROM audit_events a WHERE a.at < now() - interval '12 months' AND EXISTS (SELECT 1 FROM audit_events b WHERE b.chain = a.chain AND b.id > a.id)`)).rows;
    expect(stale).toEqual([]);
    const v = await verifyAuditChain(db);
    expect(v.firstBreak).toBeNull();
    const purges = await events('action=audit.purged');
    expect(purges.length).toBe(2);
    expect(Object.keys(purges[0]!.data.anchors as object).length).toBeGreaterThan(0);
    const state = (await t.request('GET', '/api/v1/settings/audit-retention', { token: t.adminToken })).json();
    expect(state).toMatchObject({ retentionMonths: 12, lastPurge: { deleted: second.deleted } });

    // a kept event altered: named
    const kept = (await ownerPool.query(`SELECT id, data FROM audit_events WHERE action = 'system.demo_loaded' AND at > now() - interval '1 day' ORDER BY id LIMIT 2`)).rows.map((r) => ({ id: String(r.id), data: r.data }));
    await ownerPool.query(`UPDATE audit_events SET data = '{"i": 99}' WHERE id = $1`, [kept[0]!.id]);
    expect((await verifyAuditChain(db)).firstBreak).toEqual({ id: kept[0]!.id, reason: 'altered' });
    // the version-2 hash covers the user agent: adding one is an alteration too
    await ownerPool.query(`UPDATE audit_events SET data = $2 WHERE id = $1`, [kept[0]!.id, JSON.stringify(kept[0]!.data)]);
    const row = (await ownerPool.query(`SELECT * FROM audit_events WHERE id = $1`, [kept[0]!.id])).rows[0];
    expect(chainBody({ at: row.at, actorId: row.actor_id, action: row.action, entityType: row.entity_type, entityId: row.entity_id, data: row.data, ip: row.ip, requestId: row.request_id, userAgent: row.user_agent, outcome: row.outcome, hashVersion: row.hash_version })).toContain('"success"');
    expect((await verifyAuditChain(db)).firstBreak).toBeNull();
    await ownerPool.query(`UPDATE audit_events SET user_agent = 'forged' WHERE id = $1`, [kept[0]!.id]);
    expect((await verifyAuditChain(db)).firstBreak).toEqual({ id: kept[0]!.id, reason: 'altered' });
    await ownerPool.query(`UPDATE audit_events SET user_agent = NULL WHERE id = $1`, [kept[0]!.id]);
    // a kept event removed outside the purge: the next of its chain is named
    const victim = (await ownerPool.query(`SELECT a.id FROM audit_events a WHERE EXISTS (SELECT 1 FROM audit_events b WHERE b.chain = a.chain AND b.id > a.id) ORDER BY a.id LIMIT 1`)).rows[0];
    await ownerPool.query(`DELETE FROM audit_events WHERE id = $1`, [victim.id]);
    expect((await verifyAuditChain(db)).firstBreak?.reason).toBe('gap');
  });
});
