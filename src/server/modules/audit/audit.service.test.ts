import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../main.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { verifyAuditChain } from './audit.service.js';

const run = promisify(execFile);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  for (const name of ['销售一部', '销售二部', '客服部']) await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name } });
});
afterAll(async () => t?.close());

async function kedangAuditVerify(): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [path.join(repoRoot, 'bin/kedang.js'), 'audit', 'verify'], { env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent' } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('SEC-10 the audit trail', () => {
  it('SEC-10 the run-time role may insert and select audit rows but not update, delete or truncate them', async () => {
    const { pool } = t.database;
    expect((await pool.query('SELECT current_user')).rows[0].current_user).toBe('kedang_app');
    expect((await pool.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n).toBeGreaterThan(0);
    await expect(pool.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(pool.query('DELETE FROM audit_events')).rejects.toThrow(/permission denied/);
    await expect(pool.query('TRUNCATE audit_events')).rejects.toThrow(/permission denied/);
  });

  it('SEC-10 no route changes or deletes an audit event', async () => {
    const { items } = (await t.request('GET', '/api/v1/audit-events?limit=1', { token: t.adminToken })).json();
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const r = await t.request(method, `/api/v1/audit-events/${items[0].id}`, { token: t.adminToken, body: method === 'DELETE' ? undefined : {} });
      expect(r.statusCode).toBe(404);
    }
  });

  it('SEC-10 audit rows are written in the transaction of the change: a refused change leaves none', async () => {
    const before = (await t.request('GET', '/api/v1/audit-events?action=department.created&limit=200', { token: t.adminToken })).json().items.length;
    const dup = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '销售一部' } });
    expect(dup.statusCode).toBe(409);
    const after = (await t.request('GET', '/api/v1/audit-events?action=department.created&limit=200', { token: t.adminToken })).json().items.length;
    expect(after).toBe(before);
  });

  it('SEC-10 audit list filters by user, action, entity and time; only admin and gm read it', async () => {
    const gm = await t.createUser('gm.zhou', ['gm']);
    const sales = await t.createUser('sales.wu', ['sales']);
    const all = await t.request('GET', '/api/v1/audit-events?action=department.created', { token: gm.token });
    expect(all.statusCode).toBe(200);
    expect(all.json().items.length).toBe(3);
    expect(all.json().items.every((e: { action: string; actorName: string }) => e.action === 'department.created' && e.actorName === '系统管理员')).toBe(true);
    const future = await t.request('GET', `/api/v1/audit-events?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`, { token: gm.token });
    expect(future.json().items).toEqual([]);
    const one = await t.request('GET', `/api/v1/audit-events?entityId=${sales.id}&action=user.created`, { token: gm.token });
    expect(one.json().items).toHaveLength(1);
    expect((await t.request('GET', '/api/v1/audit-events', { token: sales.token })).statusCode).toBe(403);
    const page1 = (await t.request('GET', '/api/v1/audit-events?limit=2', { token: gm.token })).json();
    const page2 = (await t.request('GET', `/api/v1/audit-events?limit=2&cursor=${page1.nextCursor}`, { token: gm.token })).json();
    expect(Number(page2.items[0].id)).toBeLessThan(Number(page1.items[1].id));
  });

  it('SEC-10 export as csv and xlsx (admin, gm), itself audited', async () => {
    const csv = await t.request('GET', '/api/v1/audit-events/export?format=csv&action=department.created', { token: t.adminToken });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(csv.body).toContain('销售二部');
    const xlsx = await t.request('GET', '/api/v1/audit-events/export?format=xlsx', { token: t.adminToken });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const exported = (await t.request('GET', '/api/v1/audit-events?action=audit.exported', { token: t.adminToken })).json().items;
    expect(exported.length).toBe(2);
  });

  it('SEC-10 kedang audit verify passes on an intact chain and names the first altered or removed row', async () => {
    const ok = await kedangAuditVerify();
    expect(ok.out).toContain('intact');
    expect(ok.code).toBe(0);
    const owner = t.database.ownerPool;
    const { rows } = await owner.query<{ id: string }>('SELECT id FROM audit_events ORDER BY id LIMIT 3 OFFSET 4');
    const [altered, , removed] = rows.map((r) => r.id);
    // alter one row as the owner
    await owner.query(`UPDATE audit_events SET data = '{"forged":true}' WHERE id = $1`, [altered]);
    const bad = await kedangAuditVerify();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`event ${altered}`);
    expect((await verifyAuditChain(t.database.db)).firstBreak).toEqual({ id: altered, reason: 'altered' });
    // remove a later row instead: the row after it is named
    await owner.query(`DELETE FROM audit_events WHERE id <= $1`, [altered]);
    await owner.query(`DELETE FROM audit_events WHERE id = $1`, [removed]);
    const gap = await verifyAuditChain(t.database.db);
    expect(gap.firstBreak?.reason).toBe('gap');
  }, 120_000); // runs the CLI twice in child processes (tsx start-up dominates)
});

describe('SEC-10 the chain under concurrency', () => {
  it('SEC-10 parallel audited reads and writes never fork the chain', async () => {
    const cs = await t.createUser('chain.cs', ['cs_staff']);
    const created = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '链式审计测试公司', customerType: 'direct' } });
    const id = created.json().id;
    // start from an intact chain (an earlier test tampered with it)
    await t.database.ownerPool.query('DELETE FROM audit_events');
    await Promise.all([
      ...Array.from({ length: 40 }, () => t.request('GET', `/api/v1/customers/${id}`, { token: cs.token })),
      ...Array.from({ length: 20 }, (_, i) => t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: `并发审计${i}有限公司`, customerType: 'dealer', confirmDuplicate: true } })),
    ]);
    const r = await verifyAuditChain(t.database.db);
    expect(r.firstBreak).toBeNull();
    expect(r.checked).toBeGreaterThanOrEqual(60);
  });
});
