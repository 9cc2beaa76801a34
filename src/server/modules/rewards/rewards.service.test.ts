import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { creditTransactions, expirePoints } from './points.jobs.js';
import { ledgerSum } from './points.service.js';

let t: TestApp;
type U = { id: string; token: string };
let owner: U, otherSales: U, cs: U, csManager: U, marketing: U, gm: U, office: U, finance: U;
let customerId: string, secretId: string, otherCustomerId: string;
type Entry = { id: string; kind: string; points: number; reason: string; at: string; byName: string | null };
type Written = Entry & { balance: number };

const points = (id: string, token: string, query = '') => t.request('GET', `/api/v1/customers/${id}/points${query}`, { token });
const write = (id: string, token: string, body: unknown) => t.request('POST', `/api/v1/customers/${id}/points`, { token, body });
async function written(id: string, token: string, body: Record<string, unknown>) {
  const r = await write(id, token, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Written>();
}
async function newCustomer(name: string, token = owner.token, customerType = 'direct') {
  const c = await t.request('POST', '/api/v1/customers', { token, body: { name, customerType, confirmDuplicate: true } });
  expect(c.statusCode, c.body).toBe(201);
  return c.json<{ id: string }>().id;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.createUser('xiaoshou.pts', ['sales']);
  otherSales = await t.createUser('xiaoshou.pts2', ['sales']);
  cs = await t.createUser('kefu.pts', ['cs_staff']);
  csManager = await t.createUser('kefujingli.pts', ['cs_manager']);
  marketing = await t.createUser('yingxiao.pts', ['marketing_manager']);
  gm = await t.createUser('zongjingli.pts', ['gm']);
  office = await t.createUser('bangongshi.pts', ['office_head']);
  finance = await t.createUser('caiwu.pts', ['finance']);
  customerId = await newCustomer('苏州恒达五金有限公司');
  otherCustomerId = await newCustomer('无锡新华贸易公司', otherSales.token);
  secretId = await newCustomer('绝密客户积分测试');
  await t.database.db.updateTable('customers').set({ secrecy_level: 'top_secret' }).where('id', '=', secretId).execute();
}, 120_000);
afterAll(async () => t?.close());

describe('REL-10 the points ledger contract', () => {
  it('REL-10 a customer without entries: balance 0, no items', async () => {
    const r = await points(customerId, owner.token);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ balance: 0, items: [] });
  });

  it('REL-10 POST earn → 201 with the written entry and the new balance; GET lists newest first with byName', async () => {
    const a = await written(customerId, owner.token, { kind: 'earn', points: 120, reason: '年会签到奖励' });
    expect(a).toMatchObject({ kind: 'earn', points: 120, reason: '年会签到奖励', byName: 'xiaoshou.pts', balance: 120 });
    expect(a.id).toMatch(/^\d+$/);
    expect(Number.isNaN(Date.parse(a.at))).toBe(false);
    const b = await written(customerId, cs.token, { kind: 'redeem', points: 20, reason: '兑换优惠券' });
    expect(b).toMatchObject({ kind: 'redeem', points: 20, balance: 100, byName: 'kefu.pts' });
    const c = await written(customerId, marketing.token, { kind: 'adjust', points: 5, reason: '补录', direction: 'decrease' });
    expect(c).toMatchObject({ kind: 'adjust', points: -5, balance: 95 });
    const d = await written(customerId, csManager.token, { kind: 'adjust', points: 7, reason: '更正' });
    expect(d).toMatchObject({ kind: 'adjust', points: 7, balance: 102 });
    const g = await points(customerId, owner.token);
    expect(g.json<{ balance: number; items: Entry[] }>().balance).toBe(102);
    expect(g.json<{ items: Entry[] }>().items.map((x) => [x.kind, x.points])).toEqual([['adjust', 7], ['adjust', -5], ['redeem', 20], ['earn', 120]]);
    expect(Object.keys(g.json<{ items: Entry[] }>().items[0]!).sort()).toEqual(['at', 'byName', 'id', 'kind', 'points', 'reason']);
    // filterable by kind; the balance stays the whole balance
    const f = await points(customerId, owner.token, '?kind=redeem');
    expect(f.json()).toMatchObject({ balance: 102, items: [{ kind: 'redeem', points: 20 }] });
  });

  it('REL-10 the ledger\'s from/to are China days: 23:59:59.999 (+08:00) belongs to the day, 00:00 to the next', async () => {
    const id = await newCustomer('积分日界测试有限公司');
    await t.database.db.insertInto('points_entries').values([
      { customer_id: id, kind: 'adjust', delta: 1, reason: '日末', at: new Date('2026-03-01T23:59:59.999+08:00') },
      { customer_id: id, kind: 'adjust', delta: 2, reason: '日初', at: new Date('2026-03-02T00:00:00+08:00') },
    ]).execute();
    const on = async (query: string) => (await points(id, owner.token, `?${query}`)).json<{ items: Entry[] }>().items.map((e) => e.reason);
    expect(await on('from=2026-03-01&to=2026-03-01')).toEqual(['日末']);
    expect(await on('from=2026-03-02&to=2026-03-02')).toEqual(['日初']);
    expect(await on('from=2026-03-01&to=2026-03-02')).toEqual(['日初', '日末']);
  });

  it('REL-10 a redemption larger than the balance → 422 and nothing written', async () => {
    const before = await snapshotTables(t.database);
    const r = await write(customerId, owner.token, { kind: 'redeem', points: 103, reason: '兑换礼品' });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({ code: 'rule_violation', rule: 'REL-10' });
    expect((await write(customerId, owner.token, { kind: 'adjust', points: 1000, reason: 'x', direction: 'decrease' })).statusCode).toBe(422);
    expect((await write(customerId, owner.token, { kind: 'expire', points: 1000, reason: 'x' })).statusCode).toBe(422);
    expect(await snapshotTables(t.database)).toEqual(before);
    expect((await write(customerId, owner.token, { kind: 'redeem', points: 102, reason: '全部兑换' })).statusCode).toBe(201);
    expect((await points(customerId, owner.token)).json().balance).toBe(0);
  });

  it('REL-10 writers: owner, customer service, marketing managers; a reader who is none of them 403; a non-reader 404', async () => {
    const before = await snapshotTables(t.database);
    const body = { kind: 'earn', points: 1, reason: '测试' };
    expect((await write(customerId, gm.token, body)).statusCode).toBe(403);
    expect((await write(customerId, office.token, body)).statusCode).toBe(403);
    expect((await write(customerId, otherSales.token, body)).statusCode).toBe(404);
    expect((await points(customerId, otherSales.token)).statusCode).toBe(404);
    expect((await write(secretId, cs.token, body)).statusCode).toBe(404);
    expect((await points(secretId, cs.token)).statusCode).toBe(404);
    const fin = await write(customerId, finance.token, body);
    expect([403, 404]).toContain(fin.statusCode);
    expect((await write('999999999', owner.token, body)).statusCode).toBe(404);
    expect(await snapshotTables(t.database)).toEqual(before);
    // readers read
    expect((await points(customerId, gm.token)).statusCode).toBe(200);
    expect((await points(customerId, office.token)).statusCode).toBe(200);
  });

  it('REL-10 authentication before validation; bad input is a 400 naming the field and writes nothing', async () => {
    const before = await snapshotTables(t.database);
    expect((await t.request('POST', `/api/v1/customers/${customerId}/points`, { body: { kind: 'bogus' } })).statusCode).toBe(401);
    expect((await t.request('GET', `/api/v1/customers/${customerId}/points`)).statusCode).toBe(401);
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'earn', points: 0, reason: 'x' }, 'points'],
      [{ kind: 'earn', points: -3, reason: 'x' }, 'points'],
      [{ kind: 'earn', points: 1.5, reason: 'x' }, 'points'],
      [{ kind: 'earn', points: '10', reason: 'x' }, 'points'],
      [{ kind: 'gift', points: 1, reason: 'x' }, 'kind'],
      [{ kind: 'earn', points: 1 }, 'reason'],
      [{ kind: 'earn', points: 1, reason: '   ' }, 'reason'],
      [{ kind: 'earn', points: 1, reason: 'x', direction: 'decrease' }, 'direction'],
      [{ kind: 'earn', points: 1, reason: 'x', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await write(customerId, owner.token, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect((await t.request('GET', `/api/v1/customers/abc/points`, { token: owner.token })).statusCode).toBe(400);
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('REL-10 50 concurrent redemptions on one customer: the balance ends exact and never negative', async () => {
    const id = await newCustomer('并发积分测试客户');
    await written(id, owner.token, { kind: 'earn', points: 1000, reason: '期初' });
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => write(id, i % 2 ? cs.token : owner.token, { kind: 'redeem', points: 30, reason: `并发兑换 ${i}` })));
    const ok = rs.filter((r) => r.statusCode === 201).length;
    const refused = rs.filter((r) => r.statusCode === 422).length;
    expect(ok + refused).toBe(50);
    expect(ok).toBe(33); // 33 × 30 = 990 ≤ 1000 < 34 × 30
    const balances = rs.filter((r) => r.statusCode === 201).map((r) => r.json<Written>().balance);
    expect(Math.min(...balances)).toBe(10);
    expect(new Set(balances).size).toBe(33);
    expect((await points(id, owner.token)).json().balance).toBe(10);
    expect(await ledgerSum(t.database.db, id)).toBe(10);
  }, 60_000);

  it('REL-10 the ledger and the plans are exportable; a non-reader gets 404 for the export too', async () => {
    const x = await t.request('GET', `/api/v1/customers/${customerId}/points/export?format=csv`, { token: owner.token });
    expect(x.statusCode, x.body).toBe(200);
    expect(x.body).toContain('类型');
    expect(x.body).toContain('年会签到奖励');
    expect((await t.request('GET', `/api/v1/customers/${customerId}/points/export?format=csv`, { token: otherSales.token })).statusCode).toBe(404);
    const p = await t.request('GET', '/api/v1/reward-plans/export?format=xlsx', { token: owner.token });
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toContain('spreadsheetml');
  });

  it('REL-10 each write is audited in its transaction', async () => {
    const id = await newCustomer('审计积分测试客户');
    const w = await written(id, owner.token, { kind: 'earn', points: 9, reason: '审计' });
    const ev = await t.database.db.selectFrom('audit_events').select(['action', 'entity_id', 'data']).where('action', '=', 'points.earned').where('entity_id', '=', id).execute();
    expect(ev).toHaveLength(1);
    expect(ev[0]!.data).toMatchObject({ entryId: w.id, delta: 9, balance: 9 });
  });
});

describe('REL-10 the ledger is append-only in the database', () => {
  it('REL-10 the application role may not UPDATE, DELETE or TRUNCATE entries', async () => {
    await written(customerId, owner.token, { kind: 'earn', points: 3, reason: '追加' });
    await expect(t.database.db.updateTable('points_entries').set({ delta: 999 }).where('customer_id', '=', customerId).execute()).rejects.toThrow();
    await expect(t.database.db.deleteFrom('points_entries').where('customer_id', '=', customerId).execute()).rejects.toThrow();
    await expect(t.database.pool.query('TRUNCATE points_entries')).rejects.toThrow();
  });
  it('REL-10 not even the owner role: a trigger refuses UPDATE, DELETE and TRUNCATE', async () => {
    const n = await t.database.ownerPool.query('SELECT count(*)::int AS n FROM points_entries');
    await expect(t.database.ownerPool.query('UPDATE points_entries SET delta = 999')).rejects.toThrow(/append-only/);
    await expect(t.database.ownerPool.query('DELETE FROM points_entries')).rejects.toThrow(/append-only/);
    await expect(t.database.ownerPool.query('TRUNCATE points_entries CASCADE')).rejects.toThrow(/append-only/);
    expect((await t.database.ownerPool.query('SELECT count(*)::int AS n FROM points_entries')).rows[0].n).toBe(n.rows[0].n);
  });
});

describe('REL-10 reward plans', () => {
  let planId: string;
  const plan = { name: '2026 年度积分计划', validFrom: '2026-01-01', validTo: '2026-12-31', tiers: [{ from: '0', pointsPer100: '1' }, { from: '100000', pointsPer100: '1.5' }], pointsValidMonths: 12, rewards: [{ kind: 'coupon', name: '满千减百优惠券', points: 100 }, { kind: 'gift', name: '定制保温杯', points: 300 }] };

  it('REL-10 marketing managers create plans; others 403; bad tiers 400 naming the tier', async () => {
    expect((await t.request('POST', '/api/v1/reward-plans', { token: owner.token, body: plan })).statusCode).toBe(403);
    const bad = await t.request('POST', '/api/v1/reward-plans', { token: marketing.token, body: { ...plan, tiers: [{ from: '10', pointsPer100: '1' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('tiers.0.from');
    const back = await t.request('POST', '/api/v1/reward-plans', { token: marketing.token, body: { ...plan, validTo: '2025-12-31' } });
    expect(back.statusCode).toBe(400);
    expect(back.json().errors[0].path).toBe('validTo');
    const r = await t.request('POST', '/api/v1/reward-plans', { token: marketing.token, body: plan });
    expect(r.statusCode, r.body).toBe(201);
    planId = r.json().id;
    expect(r.json()).toMatchObject({ name: plan.name, customerType: null, tiers: plan.tiers, pointsValidMonths: 12, version: 1, disabled: false });
    expect((await t.request('GET', '/api/v1/reward-plans', { token: owner.token })).json().items.map((p: { id: string }) => p.id)).toContain(planId);
  });

  it('REL-10 one plan per scope at a time: an overlapping company-wide plan → 409; a customer type may have its own', async () => {
    const clash = await t.request('POST', '/api/v1/reward-plans', { token: t.adminToken, body: { ...plan, name: '重叠计划', validFrom: '2026-12-31', validTo: null } });
    expect(clash.statusCode).toBe(409);
    const own = await t.request('POST', '/api/v1/reward-plans', { token: t.adminToken, body: { ...plan, name: '经销商计划', customerType: 'distributor', tiers: [{ from: '0', pointsPer100: '2' }] } });
    expect(own.statusCode, own.body).toBe(201);
    const stale = await t.request('PATCH', `/api/v1/reward-plans/${planId}`, { token: marketing.token, body: { version: 9, name: 'x' } });
    expect(stale.statusCode).toBe(409);
    const ok = await t.request('PATCH', `/api/v1/reward-plans/${planId}`, { token: marketing.token, body: { version: 1, description: '按采购额累计积分' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, description: '按采购额累计积分' });
  });

  it('REL-10 earnings from transactions by the plan in force, credited once (job run twice)', async () => {
    const id = await newCustomer('常州积分交易客户');
    for (const [txNo, date, amount] of [['JY-1', '2026-02-01', '99950.00'], ['JY-2', '2026-03-01', '250.00'], ['JY-3', '2025-12-31', '5000.00']] as const) {
      const r = await t.request('POST', `/api/v1/customers/${id}/transactions`, { token: owner.token, body: { txNo, date, amount } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const now = new Date('2026-03-05T04:00:00Z');
    const first = await creditTransactions(t.database.db, now);
    expect(first.credited).toBeGreaterThanOrEqual(2);
    const again = await creditTransactions(t.database.db, now);
    expect(again).toEqual({ looked: 0, credited: 0, points: 0 });
    const g = (await points(id, owner.token)).json<{ balance: number; items: Entry[] }>();
    // ¥99,950 → 999; then ¥250 more: ¥50 at 1 + ¥200 at 1.5 → total 1003 → 4; the 2025 purchase is before the plan
    expect(g.items.map((x) => [x.kind, x.points, x.byName])).toEqual([['earn', 4, null], ['earn', 999, null]]);
    expect(g.balance).toBe(1003);
    expect(g.items[1]!.reason).toContain('JY-1');
    // a second run after more purchases credits only the new one
    await t.request('POST', `/api/v1/customers/${id}/transactions`, { token: owner.token, body: { txNo: 'JY-4', date: '2026-03-04', amount: '100.00' } });
    expect((await creditTransactions(t.database.db, now)).points).toBe(1);
  });

  it('REL-10 points past their validity expire by the job (FIFO), and can no longer be redeemed', async () => {
    const id = await newCustomer('南通积分到期客户');
    await t.request('POST', `/api/v1/customers/${id}/transactions`, { token: owner.token, body: { txNo: 'DQ-1', date: '2026-01-10', amount: '10000.00' } });
    const earnedAt = new Date('2026-01-11T02:00:00Z');
    await creditTransactions(t.database.db, earnedAt);
    expect((await points(id, owner.token)).json().balance).toBe(100);
    expect((await expirePoints(t.database.db, new Date('2027-01-10T02:00:00Z'))).points).toBe(0);
    const r = await expirePoints(t.database.db, new Date('2027-01-11T02:00:00Z'));
    expect(r.points).toBeGreaterThanOrEqual(100);
    const g = (await points(id, owner.token)).json<{ balance: number; items: Entry[] }>();
    expect(g.balance).toBe(0);
    expect(g.items[0]).toMatchObject({ kind: 'expire', points: 100, byName: null });
    expect((await expirePoints(t.database.db, new Date('2027-02-01T02:00:00Z'))).points).toBe(0);
    expect((await write(id, owner.token, { kind: 'redeem', points: 1, reason: 'x' })).statusCode).toBe(422);
  });

  it('REL-10 effect: purchases of rewarded vs. not-rewarded customers by month, amounts only over what the caller may see', async () => {
    const e = await t.request('GET', `/api/v1/reward-plans/${planId}/effect`, { token: marketing.token });
    expect(e.statusCode, e.body).toBe(200);
    const body = e.json();
    expect(body.from).toBe('2026-01-01');
    expect(body.byMonth[0].month).toBe('2026-01');
    expect(body.rewarded.customers + body.notRewarded.customers).toBeGreaterThan(0);
    // the rewarded group holds the customer who redeemed points in the period
    expect(body.rewarded.customers).toBeGreaterThanOrEqual(1);
    const total = Number(body.rewarded.purchases) + Number(body.notRewarded.purchases);
    expect(total).toBeGreaterThan(100_000);
    // another sales rep sees only their own customers' purchases (none here)
    const o = (await t.request('GET', `/api/v1/reward-plans/${planId}/effect`, { token: otherSales.token })).json();
    expect(Number(o.rewarded.purchases) + Number(o.notRewarded.purchases)).toBe(0);
    expect(o.rewarded.customers + o.notRewarded.customers).toBe(1); // their one customer
    expect(otherCustomerId).toBeTruthy();
  });
});
