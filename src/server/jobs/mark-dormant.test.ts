import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { markDormantCustomers } from './mark-dormant.js';
import { jobNames, startScheduler } from './scheduler.js';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = (await t.createUser('dormant.cs', ['cs_staff'])).token;
});
afterAll(async () => t?.close());

const now = new Date('2026-11-25T02:30:00Z');
async function customerWithLastTx(name: string, date: string | null) {
  const c = (await t.request('POST', '/api/v1/customers', { token, body: { name, customerType: 'direct', filedOn: '2020-01-01', confirmDuplicate: true } })).json();
  if (date) await t.request('POST', `/api/v1/customers/${c.id}/transactions`, { token, body: { txNo: `T-${c.id}`, date, amount: '10.00' } });
  return c.id as string;
}

describe('ARC-9 the dormant job', () => {
  it('ARC-9 no transaction for 18 months → dormant, versioned and audited; idempotent; a new transaction wakes it', async () => {
    const old = await customerWithLastTx('休眠测试甲公司', '2025-05-24');
    const edge = await customerWithLastTx('休眠测试乙公司', '2025-05-25');
    const none = await customerWithLastTx('休眠测试丙公司', null);
    expect(await markDormantCustomers(t.database.db, now)).toBe(2);
    const state = async (id: string) => (await t.request('GET', `/api/v1/customers/${id}`, { token })).json();
    expect((await state(old)).lifecycle).toBe('dormant');
    expect((await state(none)).lifecycle).toBe('dormant');
    expect((await state(edge)).lifecycle).toBe('active');
    const history = (await t.request('GET', `/api/v1/customers/${old}/history`, { token })).json().items;
    expect(history[0].changes).toEqual([{ field: 'lifecycle', oldValue: 'active', newValue: 'dormant' }]);
    expect(await markDormantCustomers(t.database.db, now)).toBe(0);
    await t.request('POST', `/api/v1/customers/${old}/transactions`, { token, body: { txNo: 'WAKE-1', date: '2026-11-20', amount: '99.00' } });
    expect((await state(old)).lifecycle).toBe('active');
    const audits = (await t.request('GET', '/api/v1/audit-events?action=customer.dormancy_marked', { token: t.adminToken })).json().items;
    expect(audits).toHaveLength(1);
    expect(audits[0].data).toMatchObject({ count: 2, cutoff: '2025-05-25' });
  });

  it('ARC-9 PLT-8 with two instances a queued run is executed once', async () => {
    const runs: string[] = [];
    const a = await startScheduler(t.database.url, t.database.db, () => {}, { schedule: false, pollingIntervalSeconds: 0.5 });
    const b = await startScheduler(t.database.url, t.database.db, () => {}, { schedule: false, pollingIntervalSeconds: 0.5 });
    try {
      // both instances enqueue the same tick; the singleton queue keeps one job
      await a.boss.send(jobNames.markDormant, { tick: '2026-11-25' }, { singletonKey: '2026-11-25', singletonSeconds: 3_600 });
      await b.boss.send(jobNames.markDormant, { tick: '2026-11-25' }, { singletonKey: '2026-11-25', singletonSeconds: 3_600 });
      const deadline = Date.now() + 15_000;
      for (;;) {
        // the queue's schema belongs to the owner role, not to the run-time role of requests
        const r = await t.database.ownerPool.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = $1 GROUP BY state`, [jobNames.markDormant]);
        runs.splice(0, runs.length, ...r.rows.flatMap((x) => Array(x.n).fill(x.state)));
        if (runs.includes('completed') || Date.now() > deadline) break;
        await new Promise((res) => setTimeout(res, 200));
      }
      expect(runs).toEqual(['completed']);
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 30_000);
});
