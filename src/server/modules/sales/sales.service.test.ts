import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../access/access.service.js';
import { paymentCustomers } from '../access/customer-access.sql.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { DEFAULT_ABC_CONFIG, weightsOf } from '../evaluation/abc.rules.js';
import { agingBucket } from './sales.rules.js';

let t: TestApp;
let rep: { id: string; token: string };
let other: { id: string; token: string };
let cs: { id: string; token: string };
let mm: { id: string; token: string };
let gm: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('sal.rep', ['sales']);
  other = await t.createUser('sal.other', ['sales']);
  cs = await t.createUser('sal.cs', ['cs_staff']);
  mm = await t.createUser('sal.mm', ['marketing_manager']);
  gm = await t.createUser('sal.gm', ['gm']);
});
afterAll(async () => t?.close());

const newCustomer = async (name: string, token = rep.token) => {
  const r = await t.request('POST', '/api/v1/customers', { token, body: { name, customerType: 'direct' } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; version: number };
};
const daysFromToday = (n: number) => new Date(Date.parse(`${chinaDate(new Date())}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A transaction with instalments written straight to the tables (payments are finance's, SAL-1). */
async function seedInstalments(customerId: string, instalments: { dueOffset: number; amount: string; paid?: boolean; badDebt?: boolean }[]) {
  const db = t.database.db;
  const txn = await db.insertInto('transactions').values({ customer_id: customerId, tx_no: `T${Math.random()}`, date: daysFromToday(-200), amount: '1.00', created_by: null }).returning('id').executeTakeFirstOrThrow();
  for (const i of instalments) {
    await db.insertInto('payments').values({ transaction_id: txn.id, due_on: daysFromToday(i.dueOffset), paid_on: i.paid ? daysFromToday(i.dueOffset) : null, amount: i.amount, bad_debt: i.badDebt ?? false, created_by: null }).execute();
  }
  return txn.id;
}

describe('SAL-2 opportunities', () => {
  it('SAL-2 an opportunity opens at initial 10 %; lost needs a reason; a stale version is 409; stages take their probability', async () => {
    const c = await newCustomer('销售机会测试有限公司');
    const created = await t.request('POST', '/api/v1/opportunities', { token: rep.token, body: { customerId: c.id, title: '年度采购框架', expectedAmount: '500000', expectedCloseOn: '2027-03-31' } });
    expect(created.statusCode, created.body).toBe(201);
    const o = created.json();
    expect(o).toMatchObject({ stage: 'initial', probability: 10, version: 0, customerId: c.id, ownerId: rep.id, expectedAmount: '500000.00' });
    const lost = await t.request('PATCH', `/api/v1/opportunities/${o.id}`, { token: rep.token, body: { version: 0, stage: 'lost' } });
    expect(lost.statusCode).toBe(400);
    expect(lost.json().errors).toEqual([expect.objectContaining({ path: 'lostReason' })]);
    const moved = await t.request('PATCH', `/api/v1/opportunities/${o.id}`, { token: rep.token, body: { version: 0, stage: 'negotiation', expectedAmount: 480000 } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ stage: 'negotiation', probability: 75, expectedAmount: '480000.00', version: 1 });
    const stale = await t.request('PATCH', `/api/v1/opportunities/${o.id}`, { token: rep.token, body: { version: 0, stage: 'signing' } });
    expect(stale.statusCode).toBe(409);
    const lostOk = await t.request('PATCH', `/api/v1/opportunities/${o.id}`, { token: rep.token, body: { version: 1, stage: 'lost', lostReason: '价格高于竞品' } });
    expect(lostOk.json()).toMatchObject({ stage: 'lost', probability: 0, lostReason: '价格高于竞品' });
    expect(lostOk.json().closedOn).not.toBeNull();
    const mine = (await t.request('GET', `/api/v1/opportunities?stage=lost`, { token: rep.token })).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(o.id);
  });

  it('SAL-2 SEC-2 an opportunity of a customer one may not see does not exist for them (list, get, patch, create)', async () => {
    const c = await newCustomer('销售机会保密测试有限公司');
    const o = (await t.request('POST', '/api/v1/opportunities', { token: rep.token, body: { customerId: c.id, title: '试点', expectedAmount: '1000.00', expectedCloseOn: '2027-01-31' } })).json();
    expect((await t.request('GET', `/api/v1/opportunities/${o.id}`, { token: other.token })).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/opportunities/${o.id}`, { token: other.token, body: { version: 0, stage: 'needs' } })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/opportunities?customerId=${c.id}`, { token: other.token })).json().items).toEqual([]);
    expect((await t.request('POST', '/api/v1/opportunities', { token: other.token, body: { customerId: c.id, title: 'x', expectedAmount: '1', expectedCloseOn: '2027-01-31' } })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/opportunities/${o.id}`, { token: gm.token })).statusCode).toBe(200);
  });

  it('SAL-2 EVA-7 the best open stage feeds the deal likelihood of the ABC run', async () => {
    const withOpp = await newCustomer('成交可能性甲有限公司');
    const without = await newCustomer('成交可能性乙有限公司');
    const lostOnly = await newCustomer('成交可能性丙有限公司');
    await t.request('POST', '/api/v1/opportunities', { token: rep.token, body: { customerId: withOpp.id, title: 'a', expectedAmount: '1', expectedCloseOn: '2027-01-31', stage: 'needs' } });
    await t.request('POST', '/api/v1/opportunities', { token: rep.token, body: { customerId: withOpp.id, title: 'b', expectedAmount: '1', expectedCloseOn: '2027-01-31', stage: 'signing' } });
    await t.request('POST', '/api/v1/opportunities', { token: rep.token, body: { customerId: lostOnly.id, title: 'c', expectedAmount: '1', expectedCloseOn: '2027-01-31', stage: 'lost', lostReason: '预算取消' } });
    const run = await t.request('POST', '/api/v1/abc/run', { token: gm.token });
    expect(run.statusCode, run.body).toBeLessThan(300);
    const scores = new Map((await t.database.db.selectFrom('abc_scores').select(['customer_id', 'composite']).where('customer_id', 'in', [withOpp.id, without.id, lostOnly.id]).execute()).map((s) => [s.customer_id, Number(s.composite)]));
    // likelihood weight 0.3 (in thousandths, weightsOf): the signing stage (90 % → 900,000) over a customer with neither opportunity nor grade
    expect(scores.get(withOpp.id)! - scores.get(without.id)!).toBe(weightsOf(DEFAULT_ABC_CONFIG).l * 900_000);
    expect(scores.get(lostOnly.id)).toBe(scores.get(without.id));
  });
});

describe('SAL-3 contracts', () => {
  const body = (customerId: string) => ({
    customerId,
    title: '2027 年度供货合同',
    amount: '120000.00',
    signatory: '张三（法定代表人）',
    lines: [{ product: '工业阀门', spec: 'DN50', quantity: '100', unit: '个', price: '1200' }],
    instalments: [
      { dueOn: '2027-01-31', amount: '60000.00' },
      { dueOn: '2027-03-31', amount: '60000' },
    ],
  });

  it('SAL-3 a contract is drafted with a gap-free number and an unchecked checklist; signing is refused naming each unchecked item, then a waived and checked contract signs and its instalments become receivables', async () => {
    const c = await newCustomer('合同测试有限公司');
    const r = await t.request('POST', '/api/v1/contracts', { token: rep.token, body: body(c.id) });
    expect(r.statusCode, r.body).toBe(201);
    const k = r.json();
    expect(k.contractNo).toMatch(/^HT-\d{4}-\d{6}$/);
    expect(k).toMatchObject({ state: 'draft', version: 0, checklist: { legalStatus: false, businessScope: false, capacity: false, credit: false, signatoryAuthority: false } });
    const second = (await t.request('POST', '/api/v1/contracts', { token: rep.token, body: body(c.id) })).json();
    expect(Number(second.contractNo.slice(-6))).toBe(Number(k.contractNo.slice(-6)) + 1);

    const refused = await t.request('POST', `/api/v1/contracts/${k.id}/sign`, { token: rep.token, body: { signedOn: daysFromToday(0) } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().unchecked).toEqual(['legalStatus', 'businessScope', 'capacity', 'credit', 'signatoryAuthority']);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toContain('checklist.credit');

    const ticked = await t.request('PATCH', `/api/v1/contracts/${k.id}/checklist`, { token: rep.token, body: { version: 0, legalStatus: true, businessScope: true, capacity: true, signatoryAuthority: true } });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json().version).toBe(1);
    expect((await t.request('PATCH', `/api/v1/contracts/${k.id}/checklist`, { token: rep.token, body: { version: 0, credit: true } })).statusCode).toBe(409);
    const stillRefused = await t.request('POST', `/api/v1/contracts/${k.id}/sign`, { token: rep.token, body: { signedOn: daysFromToday(0) } });
    expect(stillRefused.json().unchecked).toEqual(['credit']);

    expect((await t.request('POST', `/api/v1/contracts/${k.id}/waivers`, { token: rep.token, body: { item: 'credit', reason: '老客户' } })).statusCode).toBe(403);
    const waived = await t.request('POST', `/api/v1/contracts/${k.id}/waivers`, { token: mm.token, body: { item: 'credit', reason: '十年老客户，信用记录良好' } });
    expect(waived.statusCode, waived.body).toBe(201);
    expect(waived.json().waivers).toEqual([expect.objectContaining({ item: 'credit', reason: '十年老客户，信用记录良好', byName: 'sal.mm' })]);
    const audit = await t.database.db.selectFrom('audit_events').select(['action']).where('entity_type', '=', 'contract').where('entity_id', '=', k.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['contract.created', 'contract.checklist_updated', 'contract.item_waived']));

    expect((await t.request('GET', `/api/v1/receivables?customerId=${c.id}`, { token: rep.token })).json().items).toEqual([]);
    const signed = await t.request('POST', `/api/v1/contracts/${k.id}/sign`, { token: rep.token, body: { signedOn: daysFromToday(0) } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ state: 'signed', signedOn: daysFromToday(0) });
    expect(signed.json().transactionId).not.toBeNull();
    expect((await t.request('POST', `/api/v1/contracts/${k.id}/sign`, { token: rep.token, body: { signedOn: daysFromToday(0) } })).statusCode).toBe(409);

    const recv = (await t.request('GET', `/api/v1/receivables?customerId=${c.id}`, { token: rep.token })).json().items;
    expect(recv).toEqual([
      expect.objectContaining({ contractId: k.id, customerId: c.id, customerName: '合同测试有限公司', ownerId: rep.id, amount: '60000.00', dueOn: '2027-01-31', paidOn: null, state: 'open', daysOverdue: 0 }),
      expect.objectContaining({ contractId: k.id, amount: '60000.00', dueOn: '2027-03-31' }),
    ]);
    const txns = (await t.request('GET', `/api/v1/customers/${c.id}/transactions`, { token: rep.token })).json().items;
    expect(txns).toEqual([expect.objectContaining({ txNo: k.contractNo, amount: '120000.00' })]);
  });

  it('SAL-3 instalments that do not add up to the amount are refused naming instalments, and nothing is written', async () => {
    const c = await newCustomer('合同金额测试有限公司');
    const r = await t.request('POST', '/api/v1/contracts', { token: rep.token, body: { ...body(c.id), instalments: [{ dueOn: '2027-01-31', amount: '1000' }] } });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ path: 'instalments' })]);
    expect((await t.request('GET', `/api/v1/contracts?customerId=${c.id}`, { token: rep.token })).json().items).toEqual([]);
  });

  it('SAL-3 SEC-2 a contract of a customer one may not see is 404 on every route', async () => {
    const c = await newCustomer('合同保密测试有限公司');
    const k = (await t.request('POST', '/api/v1/contracts', { token: rep.token, body: body(c.id) })).json();
    for (const [method, path, b] of [
      ['GET', `/api/v1/contracts/${k.id}`, undefined],
      ['PATCH', `/api/v1/contracts/${k.id}/checklist`, { version: 0, credit: true }],
      ['POST', `/api/v1/contracts/${k.id}/sign`, { signedOn: daysFromToday(0) }],
      ['POST', `/api/v1/contracts/${k.id}/waivers`, { item: 'credit', reason: 'x' }],
    ] as const) {
      expect((await t.request(method, path, { token: other.token, ...(b ? { body: b } : {}) })).statusCode, path).toBe(404);
    }
    expect((await t.request('POST', '/api/v1/contracts', { token: other.token, body: body(c.id) })).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/contracts', { token: other.token })).json().items).toEqual([]);
  });
});

describe('SAL-1 SAL-4 receivables and aging', () => {
  it('SAL-1 states, days overdue and filters; only customers whose financial group the caller reads', async () => {
    const c = await newCustomer('应收测试有限公司');
    await seedInstalments(c.id, [
      { dueOffset: -45, amount: '100.00' },
      { dueOffset: -1, amount: '200.00' },
      { dueOffset: 0, amount: '300.00' },
      { dueOffset: -10, amount: '400.00', paid: true },
      { dueOffset: -100, amount: '500.00', badDebt: true },
    ]);
    const all = (await t.request('GET', `/api/v1/receivables?customerId=${c.id}`, { token: rep.token })).json().items;
    expect(all.map((x: { amount: string; state: string; daysOverdue: number }) => [x.amount, x.state, x.daysOverdue])).toEqual([
      ['500.00', 'bad_debt', 100],
      ['100.00', 'overdue', 45],
      ['400.00', 'paid', 0],
      ['200.00', 'overdue', 1],
      ['300.00', 'open', 0],
    ]);
    const overdue = (await t.request('GET', `/api/v1/receivables?state=overdue&customerId=${c.id}`, { token: rep.token })).json().items;
    expect(overdue.map((x: { amount: string }) => x.amount)).toEqual(['100.00', '200.00']);
    expect((await t.request('GET', `/api/v1/receivables?state=paid&ownerId=${rep.id}&customerId=${c.id}`, { token: rep.token })).json().items).toHaveLength(1);
    expect((await t.request('GET', `/api/v1/receivables?customerId=${c.id}`, { token: other.token })).json().items).toEqual([]);
    expect((await t.request('GET', `/api/v1/receivables?customerId=${c.id}`, { token: cs.token })).json().items).toHaveLength(5);
    // SEC-3: an A-class customer's books are not customer service's
    await t.database.db.updateTable('customers').set({ abc_class: 'A' }).where('id', '=', c.id).execute();
    expect((await t.request('GET', `/api/v1/receivables?customerId=${c.id}`, { token: cs.token })).json().items).toEqual([]);
    expect((await t.request('GET', `/api/v1/receivables?customerId=${c.id}`, { token: rep.token })).json().items).toHaveLength(5);
    const paged = await t.request('GET', `/api/v1/receivables?customerId=${c.id}&limit=2`, { token: rep.token });
    const next = await t.request('GET', `/api/v1/receivables?customerId=${c.id}&limit=2&cursor=${paged.json().nextCursor}`, { token: rep.token });
    expect([...paged.json().items, ...next.json().items].map((x: { amount: string }) => x.amount)).toEqual(['500.00', '100.00', '400.00', '200.00']);
  });

  it('SAL-4 the aging buckets agree with the rule at every edge and exclude paid and written-off instalments', async () => {
    const agingRep = await t.createUser('sal.aging', ['sales']);
    const c = await newCustomer('账龄测试有限公司', agingRep.token);
    const offsets = [5, 0, -1, -30, -31, -60, -61, -90, -91, -400];
    await seedInstalments(c.id, [...offsets.map((o, i) => ({ dueOffset: o, amount: `${i + 1}.00` })), { dueOffset: -20, amount: '999.00', paid: true }, { dueOffset: -20, amount: '888.00', badDebt: true }]);
    const r = await t.request('GET', `/api/v1/receivables/aging?ownerId=${agingRep.id}`, { token: agingRep.token });
    expect(r.statusCode, r.body).toBe(200);
    const expected = new Map<string, { count: number; amount: number }>();
    offsets.forEach((o, i) => {
      const b = agingBucket(-o) ?? 'notDue';
      const cur = expected.get(b) ?? { count: 0, amount: 0 };
      expected.set(b, { count: cur.count + 1, amount: cur.amount + i + 1 });
    });
    const got = r.json();
    expect(got.notDue).toEqual({ count: expected.get('notDue')!.count, amount: expected.get('notDue')!.amount.toFixed(2) });
    for (const b of got.buckets) expect(b, b.bucket).toEqual({ bucket: b.bucket, count: expected.get(b.bucket)?.count ?? 0, amount: (expected.get(b.bucket)?.amount ?? 0).toFixed(2) });
    expect(got.buckets.map((b: { bucket: string }) => b.bucket)).toEqual(['0-30', '31-60', '61-90', 'over_90']);
    expect(got.total).toEqual({ count: 10, amount: '55.00' });
    expect((await t.request('GET', `/api/v1/receivables/aging?ownerId=${agingRep.id}`, { token: other.token })).json().total).toEqual({ count: 0, amount: '0.00' });
  });
});

describe('SAL-1 ANA-2 the aging of readers who see almost every customer\'s payments', () => {
  it('SAL-1 ANA-2 finance, customer service and marketing read the aging of exactly the payments they may read after a customer\'s class, secrecy and owner change (the rollup\'s copies of the access columns, migration 0211)', async () => {
    const db = t.database.db;
    const fin = await t.createUser('sal.fin', ['finance']);
    const readers = [
      { who: 'finance', user: fin, roles: ['finance'] },
      { who: 'cs staff', user: cs, roles: ['cs_staff'] },
      { who: 'marketing manager', user: mm, roles: ['marketing_manager'] },
    ];
    const c = await newCustomer('账龄可见性测试有限公司');
    const plain = await newCustomer('账龄普通客户有限公司');
    await seedInstalments(c.id, [{ dueOffset: -40, amount: '1000.00' }, { dueOffset: 10, amount: '2000.00' }]);
    await seedInstalments(plain.id, [{ dueOffset: -5, amount: '7.00' }]);
    /** What the aging must add up to: the unpaid instalments of the customers whose payments the reader may read, by the join. */
    const expected = async (userId: string, roles: string[]) => {
      const s = await subjectOf(db, { userId, roles } as never);
      const r = await db.selectFrom('payments as p').innerJoin('transactions as tr', 'tr.id', 'p.transaction_id').innerJoin('customers as c', 'c.id', 'tr.customer_id')
        .where('p.paid_on', 'is', null).where('p.bad_debt', '=', false).where(paymentCustomers(s))
        .select([sql<number>`count(*)::int`.as('count'), sql<string>`coalesce(sum(p.amount), 0)::numeric(20, 2)::text`.as('amount')]).executeTakeFirstOrThrow();
      return { count: r.count, amount: r.amount };
    };
    const check = async (step: string, cIncluded: Record<string, boolean>) => {
      // the case is not vacuous: the customer has its instalments, and the step changes who may read them
      const withC = await db.selectFrom('payments as p').innerJoin('transactions as tr', 'tr.id', 'p.transaction_id').where('tr.customer_id', '=', c.id).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      expect(withC.n).toBe(step === 'new instalment' ? 3 : 2);
      for (const { who, user, roles } of readers) {
        const got = (await t.request('GET', '/api/v1/receivables/aging', { token: user.token })).json().total;
        const want = await expected(user.id, roles);
        expect(got, `${step}: ${who}`).toEqual(want);
        if (who in cIncluded) {
          const s = await subjectOf(db, { userId: user.id, roles } as never);
          const reads = await db.selectFrom('customers as c').select('c.id').where('c.id', '=', c.id).where(paymentCustomers(s)).executeTakeFirst();
          expect(Boolean(reads), `${step}: ${who} reads the customer's payments`).toBe(cIncluded[who]);
        }
      }
    };
    await check('ordinary', { finance: true, 'cs staff': true });
    await db.updateTable('customers').set({ abc_class: 'A' }).where('id', '=', c.id).execute();
    await check('class A', { finance: false, 'cs staff': false });
    await db.updateTable('customers').set({ owner_id: fin.id }).where('id', '=', c.id).execute();
    await check('owned by finance', { finance: true, 'cs staff': false });
    await db.updateTable('customers').set({ abc_class: null, owner_id: rep.id, secrecy_level: 'secret' }).where('id', '=', c.id).execute();
    await check('secret', { finance: false });
    await db.updateTable('customers').set({ secrecy_level: 'none' }).where('id', '=', c.id).execute();
    await seedInstalments(c.id, [{ dueOffset: -100, amount: '3.00' }]);
    await db.updateTable('customers').set({ abc_class: 'A' }).where('id', '=', c.id).execute();
    await check('new instalment', { finance: false, 'cs staff': false });
  });
});

describe('SAL-4 overdue alerts', () => {
  it('SAL-4 an instalment not collected by its due date gives the contract owner one collection task and tells the department head; collecting it completes the task', async () => {
    const db = t.database.db;
    const dept = await db.insertInto('departments').values({ name: '华南销售部', parent_id: t.rootDepartmentId }).returning('id').executeTakeFirstOrThrow();
    const head = await t.createUser('sal.head', ['sales'], { departmentId: dept.id });
    const owner = await t.createUser('sal.alert', ['sales'], { departmentId: dept.id });
    await db.updateTable('departments').set({ manager_id: head.id }).where('id', '=', dept.id).execute();
    const c = await newCustomer('催收测试有限公司', owner.token);
    const k = (await t.request('POST', '/api/v1/contracts', { token: owner.token, body: { customerId: c.id, title: '零星采购', amount: '300.00', signatory: '孙经理', instalments: [{ dueOn: '2026-01-31', amount: '100.00' }, { dueOn: '2099-12-31', amount: '200.00' }] } })).json();
    await t.request('PATCH', `/api/v1/contracts/${k.id}/checklist`, { token: owner.token, body: { version: 0, legalStatus: true, businessScope: true, capacity: true, credit: true, signatoryAuthority: true } });
    expect((await t.request('POST', `/api/v1/contracts/${k.id}/sign`, { token: owner.token, body: { signedOn: '2026-01-05' } })).statusCode).toBe(200);
    const { alertOverdueInstalments } = await import('./sales-alerts.service.js');
    const now = new Date('2026-12-06T00:00:00Z');
    expect(await alertOverdueInstalments(db, now)).toMatchObject({ alerted: 1 });
    const tasks = (await t.request('GET', '/api/v1/tasks?state=pending&kind=contract_payment', { token: owner.token })).json().items;
    expect(tasks).toEqual([expect.objectContaining({ kind: 'contract_payment', customerId: c.id, refType: 'payment' })]);
    expect(tasks[0].title).toContain(k.contractNo);
    const told = await db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', head.id).execute();
    expect(told).toEqual([{ kind: 'contract.instalment_overdue', link: `/sales/contracts/${k.id}` }]);
    // a second run alerts nothing new
    expect(await alertOverdueInstalments(db, now)).toEqual({ alerted: 0, completed: 0 });
    await db.updateTable('payments').set({ paid_on: '2026-12-01' }).where('id', '=', tasks[0].refId).execute();
    expect(await alertOverdueInstalments(db, now)).toEqual({ alerted: 0, completed: 1 });
    expect((await t.request('GET', '/api/v1/tasks?state=done&kind=contract_payment', { token: owner.token })).json().items).toHaveLength(1);
  });
});
