import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { systemActor } from '../audit/audit.types.js';
import { classify, likelihoodOf, regionWeightOf, DEFAULT_ABC_CONFIG } from './abc.rules.js';
import { runAbc } from './abc.service.js';
import { DEFAULT_SCORECARD, toCents } from './credit.rules.js';
import { computeIndicators, monthsOf, parseQuarter, sameQuarterLastYear } from './indicators.rules.js';
import { openRound } from './rounds.service.js';

let t: TestApp;
let sales: { id: string; token: string };
let otherSales: { id: string; token: string };
let finance: { id: string; token: string };
let manager: { id: string; token: string };
let manager2: { id: string; token: string };
const Q = '2026Q1';
const q = parseQuarter(Q)!;

/** A seeded pseudo-random sequence, so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function createCustomer(token: string, name: string, customerType = 'direct') {
  const r = await t.request('POST', '/api/v1/customers', { token, body: { name, customerType, confirmDuplicate: true } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}

beforeAll(async () => {
  t = await createTestApp();
  sales = await t.createUser('xiaoshou.eva', ['sales']);
  otherSales = await t.createUser('xiaoshou.other', ['sales']);
  finance = await t.createUser('caiwu.eva', ['finance']);
  manager = await t.createUser('jingli.eva', ['marketing_manager']);
  manager2 = await t.createUser('jingli.two', ['marketing_manager']);
  // 40 customers of the sales rep with random transactions and payments around the quarter
  const db = t.database.db;
  const next = rng(42);
  for (let i = 0; i < 40; i++) {
    const id = await createCustomer(sales.token, `评定测试客户${i}号有限公司`, i % 3 === 0 ? 'distributor' : 'direct');
    const txCount = i % 7 === 0 ? 0 : 1 + Math.floor(next() * 8);
    for (let k = 0; k < txCount; k++) {
      const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(next() * 1900) * 86_400_000).toISOString().slice(0, 10);
      const amount = (Math.floor(next() * 50_000_000) / 100).toFixed(2);
      const tx = await db.insertInto('transactions').values({ customer_id: id, tx_no: `T${i}-${k}`, date: day, amount }).returning('id').executeTakeFirstOrThrow();
      if (next() < 0.8) {
        const due = new Date(Date.parse(`${day}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
        const r = next();
        const paid = r < 0.15 ? null : new Date(Date.parse(`${due}T00:00:00Z`) + Math.floor(next() * 90 - 30) * 86_400_000).toISOString().slice(0, 10);
        await db.insertInto('payments').values({ transaction_id: tx.id, due_on: due, paid_on: paid, amount: (Number(amount) * (0.3 + next() * 0.7)).toFixed(2), bad_debt: i === 5 && k === 0 }).execute();
      }
    }
    if (txCount) await db.updateTable('customers').set({ last_transaction_on: '2026-03-01' }).where('id', '=', id).execute();
  }
}, 120_000);
afterAll(async () => t?.close());

describe('EVA-6 what-if preview', () => {
  it('EVA-6 POST /credit/preview answers { total, grade, tier, reasons } and writes nothing', async () => {
    const before = await snapshotTables(t.database);
    const r = await t.request('POST', '/api/v1/credit/preview', {
      token: sales.token,
      body: { customerType: 'direct', scores: { willingness: 9, loyalty: 9, cooperationLength: 10, purchaseAmount: 15, purchaseGrowth: 8, purchaseRegularity: 9, paymentTimeliness: 14, creditFulfilment: 15, financialStanding: 5 }, badDebt: false, previousYearPurchases: '20000000.00', hasTransactions: true },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ total: 94, grade: 'AAA', tier: 'big' });
    expect(r.json().reasons.map((x: { about: string }) => x.about)).toEqual(['total', 'grade', 'tier']);
    const missing = await t.request('POST', '/api/v1/credit/preview', { token: sales.token, body: { customerType: 'distributor', scores: { willingness: 10 } } });
    expect(missing.json()).toMatchObject({ total: 10, grade: 'D', tier: 'normal' });
    expect(await snapshotTables(t.database)).toEqual(before);
  });
  it.each<[unknown, string]>([
    [{ willingness: 10.5 }, 'scores.willingness'],
    [{ financialStanding: 6 }, 'scores.financialStanding'],
    [{ loyalty: -1 }, 'scores.loyalty'],
    [{ loyalty: 8.25 }, 'scores.loyalty'],
    [{ charm: 5 }, 'scores.charm'],
  ])('EVA-6 bad scores %j → 400 naming %s', async (scores, path) => {
    const r = await t.request('POST', '/api/v1/credit/preview', { token: sales.token, body: { customerType: 'direct', scores } });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('EVA-4 quarterly round', () => {
  it('EVA-4 killed half-way and run again: every active customer opened exactly once', async () => {
    const half = await openRound(t.database.db, Q, systemActor, { batchSize: 7, stopAfterBatches: 2 }, new Date('2026-04-01T02:00:00+08:00'));
    expect(half).toMatchObject({ complete: false, opened: 14 });
    const state = await t.database.db.selectFrom('evaluation_rounds').select('state').where('quarter', '=', Q).executeTakeFirstOrThrow();
    expect(state.state).toBe('opening');
    const rest = await openRound(t.database.db, Q, systemActor, { batchSize: 7 }, new Date('2026-04-01T02:05:00+08:00'));
    expect(rest).toMatchObject({ complete: true, opened: 26, total: 40 });
    const again = await openRound(t.database.db, Q, systemActor, {}, new Date('2026-04-01T03:00:00+08:00'));
    expect(again.opened).toBe(0);
    const counts = await t.database.db.selectFrom('evaluations').select(['customer_id', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('customer_id').execute();
    expect(counts.length).toBe(40);
    expect(counts.every((c) => Number(c.n) === 1)).toBe(true);
  });

  it('EVA-1 the set-based SQL computes exactly what the pure functions compute (random sample)', async () => {
    const db = t.database.db;
    const evals = await db.selectFrom('evaluations').select(['customer_id', 'customer_type', 'computed', 'bad_debt', 'has_transactions', 'previous_year_purchases']).orderBy(sqlRandom()).limit(25).execute();
    const [m1, m2, m3] = monthsOf(q);
    const ly = sameQuarterLastYear(q);
    const sumIn = (rows: { date: string; amount: string }[], a: string, b: string) => rows.filter((r) => r.date >= a && r.date <= b).reduce((s, r) => s + toCents(r.amount), 0n);
    for (const e of evals) {
      const txs = await db.selectFrom('transactions').select(['id', 'date', 'amount']).where('customer_id', '=', e.customer_id).where('date', '<=', q.end).execute();
      const pays = txs.length ? await db.selectFrom('payments').selectAll().where('transaction_id', 'in', txs.map((x) => x.id)).execute() : [];
      const facts = {
        quarter: q,
        firstTransactionOn: txs.length ? txs.map((x) => x.date).sort()[0]! : null,
        monthly: [sumIn(txs, ...m1!), sumIn(txs, ...m2!), sumIn(txs, ...m3!)] as [bigint, bigint, bigint],
        sameQuarterLastYear: sumIn(txs, ly.start, ly.end),
        target: toCents(DEFAULT_SCORECARD.quarterlyTarget[e.customer_type as 'direct']),
        payments: pays.filter((x) => x.due_on >= q.start && x.due_on <= q.end).map((x) => ({ dueOn: x.due_on, paidOn: x.paid_on, amount: toCents(x.amount) })),
      };
      const expected = computeIndicators(DEFAULT_SCORECARD, facts);
      const got = e.computed as Record<string, { score: number }>;
      for (const [k, v] of Object.entries(expected)) expect([e.customer_id, k, Number(got[k]!.score) * 10]).toEqual([e.customer_id, k, v!.score]);
      expect(e.has_transactions).toBe(txs.length > 0);
      expect(toCents(e.previous_year_purchases)).toBe(sumIn(txs, '2025-01-01', '2025-12-31'));
    }
  });
});

function sqlRandom() {
  return (eb: { fn: { agg: (n: string) => unknown } }) => eb.fn.agg('random') as never;
}

describe('EVA-4 fill and finalise', () => {
  let evaluationId: string;
  let customerId: string;
  it('EVA-4 sales fill the non-financial, finance the financial indicators; who filled what is kept', async () => {
    const list = await t.request('GET', `/api/v1/evaluations?quarter=${Q}&limit=50`, { token: sales.token });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.length).toBe(40);
    const target = list.json().items.find((x: { badDebt: boolean; hasTransactions: boolean }) => !x.badDebt && x.hasTransactions);
    evaluationId = target.id;
    customerId = target.customerId;
    let e = (await t.request('GET', `/api/v1/evaluations/${evaluationId}`, { token: sales.token })).json();
    expect(e.canFill).toEqual(['sales']);
    const computed = Object.fromEntries(e.indicators.filter((i: { computed: number | null }) => i.computed !== null).map((i: { key: string; computed: number }) => [i.key, i.computed]));
    const before = await snapshotTables(t.database);
    const bad: [unknown, string, number][] = [
      [{ version: e.version, group: 'sales', scores: { willingness: 9 } }, 'scores.loyalty', 400],
      [{ version: e.version, group: 'sales', scores: { willingness: 9, loyalty: 9, cooperationLength: 1, purchaseAmount: 1, purchaseGrowth: 1, purchaseRegularity: 1, paymentTimeliness: 1 } }, 'scores.paymentTimeliness', 400],
      [{ version: e.version, group: 'sales', scores: { willingness: 9.25, loyalty: 9, ...pick(computed, 'cooperationLength', 'purchaseAmount', 'purchaseGrowth', 'purchaseRegularity') } }, 'scores.willingness', 400],
      [{ version: e.version, group: 'sales', scores: { willingness: 9, loyalty: 9, ...pick(computed, 'cooperationLength', 'purchaseAmount', 'purchaseGrowth', 'purchaseRegularity'), bogus: 1 } }, 'scores.bogus', 400],
      [{ version: e.version, group: 'sales', scores: { willingness: 9, loyalty: 9, ...pick(computed, 'cooperationLength', 'purchaseAmount', 'purchaseGrowth', 'purchaseRegularity') }, expectedTotal: 99.9 }, 'expectedTotal', 400],
      [{ version: e.version, group: 'finance', scores: { paymentTimeliness: 10, creditFulfilment: 10, financialStanding: 4 } }, '', 403],
    ];
    for (const [body, path, status] of bad) {
      const r = await t.request('POST', `/api/v1/evaluations/${evaluationId}/fill`, { token: sales.token, body });
      expect(r.statusCode, r.body).toBe(status);
      if (path) expect(r.json().errors.map((x: { path: string }) => x.path)).toContain(path);
    }
    const notFilled = await t.request('POST', `/api/v1/evaluations/${evaluationId}/finalise`, { token: sales.token, body: { version: e.version, reason: '季度评定' } });
    expect(notFilled.statusCode).toBe(422);
    expect(await snapshotTables(t.database)).toEqual(before);

    const salesScores = { willingness: 10, loyalty: 10, ...pick(computed, 'cooperationLength', 'purchaseGrowth', 'purchaseRegularity'), purchaseAmount: 15 };
    const needReason = await t.request('POST', `/api/v1/evaluations/${evaluationId}/fill`, { token: sales.token, body: { version: e.version, group: 'sales', scores: salesScores } });
    if (computed.purchaseAmount !== 15) {
      expect(needReason.statusCode).toBe(400);
      expect(needReason.json().errors[0].path).toBe('reasons.purchaseAmount');
    }
    const ok = await t.request('POST', `/api/v1/evaluations/${evaluationId}/fill`, { token: sales.token, body: { version: e.version, group: 'sales', scores: salesScores, reasons: { purchaseAmount: '本季度大额订单已签约，按目标计' } } });
    expect(ok.statusCode, ok.body).toBe(200);
    e = ok.json();
    expect(e).toMatchObject({ state: 'open', salesFilledBy: 'xiaoshou.eva' });
    if (computed.purchaseAmount !== 15) expect(e.adjustments[0]).toMatchObject({ indicator: 'purchaseAmount', to: 15, reason: '本季度大额订单已签约，按目标计', byName: 'xiaoshou.eva' });

    // finance cannot read the archive (SEC-2) but fills the financial indicators by duty
    expect((await t.request('GET', `/api/v1/customers/${customerId}`, { token: finance.token })).statusCode).toBe(404);
    const fe = (await t.request('GET', `/api/v1/evaluations/${evaluationId}`, { token: finance.token })).json();
    expect(fe.canFill).toEqual(['finance']);
    const fin = await t.request('POST', `/api/v1/evaluations/${evaluationId}/fill`, { token: finance.token, body: { version: fe.version, group: 'finance', scores: { paymentTimeliness: 15, creditFulfilment: 15, financialStanding: 5 }, reasons: { paymentTimeliness: '核对回款', creditFulfilment: '核对回款' } } });
    expect(fin.statusCode, fin.body).toBe(200);
    e = fin.json();
    expect(e.state).toBe('filled');
    expect(e.total).toBeGreaterThan(0);
  });

  it('EVA-4 SEC-7 finalising goes to a marketing manager; approval sets grade and tier, keeps history, notifies; twice → 409', async () => {
    let e = (await t.request('GET', `/api/v1/evaluations/${evaluationId}`, { token: sales.token })).json();
    const ask = await t.request('POST', `/api/v1/evaluations/${evaluationId}/finalise`, { token: sales.token, body: { version: e.version, reason: '2026年一季度评定' } });
    expect(ask.statusCode, ask.body).toBe(200);
    const approvalId = ask.json().approvalId;
    expect(ask.json().evaluation.state).toBe('pending_approval');
    const twice = await t.request('POST', `/api/v1/evaluations/${evaluationId}/finalise`, { token: sales.token, body: { version: ask.json().evaluation.version, reason: 'again' } });
    expect(twice.statusCode).toBe(409);
    const approve = await t.request('POST', `/api/v1/approvals/${approvalId}/approve`, { token: manager.token, body: { comment: '同意' } });
    expect(approve.statusCode, approve.body).toBe(200);
    e = (await t.request('GET', `/api/v1/evaluations/${evaluationId}`, { token: sales.token })).json();
    expect(e.state).toBe('finalised');
    const c = (await t.request('GET', `/api/v1/customers/${customerId}`, { token: sales.token })).json();
    expect(c.creditGrade).toBe(e.grade);
    expect(c.tier).toBe(e.tier);
    const history = (await t.request('GET', `/api/v1/customers/${customerId}/history?limit=5`, { token: sales.token })).json();
    expect(history.items[0].changes.map((x: { field: string }) => x.field)).toContain('creditGrade');
    const log = (await t.request('GET', `/api/v1/customers/${customerId}/grade-history`, { token: sales.token })).json();
    expect(log.changes.find((x: { kind: string }) => x.kind === 'grade')).toMatchObject({ to: e.grade, cause: 'evaluation', reason: `${Q}: 2026年一季度评定` });
    const again = await t.request('POST', `/api/v1/evaluations/${evaluationId}/finalise`, { token: sales.token, body: { version: e.version, reason: 'again' } });
    expect(again.statusCode).toBe(409);
    if (e.tier === 'key' || e.tier === 'big') {
      const n = await t.database.db.selectFrom('notifications').select('user_id').where('kind', '=', 'tier.changed').execute();
      expect(n.map((x) => x.user_id)).toEqual(expect.arrayContaining([sales.id, manager.id]));
    }
  });

  it('SEC-4 an evaluation is not visible to a sales rep without the archive (404)', async () => {
    expect((await t.request('GET', `/api/v1/evaluations/${evaluationId}`, { token: otherSales.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/evaluations?quarter=${Q}`, { token: otherSales.token })).json().items).toEqual([]);
    expect((await t.request('GET', `/api/v1/evaluation-rounds/${Q}`, { token: otherSales.token })).json().totals.opened).toBe(0);
  });

  it('EVA-4 progress: opened / filled / finalised per department', async () => {
    const r = (await t.request('GET', `/api/v1/evaluation-rounds/${Q}`, { token: manager.token })).json();
    expect(r.totals).toEqual({ opened: 40, filled: 1, finalised: 1 });
  });
});

function pick(o: Record<string, number>, ...keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

describe('EVA-5 bad debt at once', () => {
  it('EVA-5 SEC-7 writing off a payment (finance asks, the gm approves) makes a key customer normal and D at once, with notifications', async () => {
    const id = await createCustomer(sales.token, '坏账测试客户有限公司');
    await t.database.db.updateTable('customers').set({ tier: 'key', credit_grade: 'AA' }).where('id', '=', id).execute();
    const tx = await t.request('POST', `/api/v1/customers/${id}/transactions`, { token: sales.token, body: { txNo: 'BD-1', date: '2026-01-10', amount: '1000.00' } });
    // a write-off waits for the gm, who must exist to be asked (SEC-7: no approval waits for nobody)
    const gm = await t.createUser('zongjingli.eva5', ['gm']);
    const pay = await t.request('POST', `/api/v1/customers/${id}/transactions/${tx.json().id}/payments`, { token: finance.token, body: { dueOn: '2026-02-10', amount: '1000.00', badDebt: true } });
    expect(pay.statusCode, pay.body).toBe(201);
    expect(pay.json()).toMatchObject({ badDebt: false, paidOn: null, daysOverdue: null });
    expect((await t.request('POST', `/api/v1/approvals/${pay.json().badDebtApprovalId}/approve`, { token: gm.token, body: {} })).statusCode).toBe(200);
    const c = (await t.request('GET', `/api/v1/customers/${id}`, { token: sales.token })).json();
    expect(c).toMatchObject({ tier: 'normal', creditGrade: 'D' });
    const changes = (await t.request('GET', `/api/v1/grade-changes?customerId=${id}`, { token: manager.token })).json().items;
    expect(changes.map((x: { kind: string; cause: string }) => `${x.kind}:${x.cause}`).sort()).toEqual(['grade:bad_debt', 'tier:bad_debt']);
  });
});

describe('EVA-7 ABC', () => {
  it('EVA-7 the SQL run equals the pure classification; 20/40/40; override via approval survives a rerun', async () => {
    const db = t.database.db;
    const r = await runAbc(db, systemActor, new Date('2026-04-02T10:00:00+08:00'));
    expect(r.counts.A + r.counts.B + r.counts.C).toBe(r.total);
    const rows = await db.selectFrom('customers as c').leftJoin('abc_scores as s', 's.customer_id', 'c.id').select(['c.id', 'c.archive_no', 'c.last_transaction_on', 'c.registered_capital', 'c.credit_grade', 'c.status', 'c.region', 's.computed_class', 's.rank']).where('c.lifecycle', 'in', ['active', 'dormant']).execute();
    const p12 = await db.selectFrom('transactions').select(['customer_id', (eb) => eb.fn.sum<string>('amount').as('s')]).where('date', '>', '2025-04-02').where('date', '<=', '2026-04-02').groupBy('customer_id').execute();
    const pur = new Map(p12.map((x) => [x.customer_id, toCents(Number(x.s).toFixed(2))]));
    const expected = classify(DEFAULT_ABC_CONFIG, rows.map((x) => ({
      id: x.id, archiveNo: x.archive_no, prospect: x.last_transaction_on === null,
      strength: x.last_transaction_on === null ? toCents(x.registered_capital ?? '0') : pur.get(x.id) ?? 0n,
      likelihood: likelihoodOf(x.credit_grade as never, x.status), regionWeight: regionWeightOf(DEFAULT_ABC_CONFIG, x.region),
    })));
    expect(rows.map((x) => [x.id, x.rank, x.computed_class]).sort()).toEqual(expected.map((x) => [x.id, x.rank, x.abcClass]).sort());

    const target = rows.find((x) => x.computed_class === 'C')!;
    const ask = await t.request('POST', '/api/v1/abc/overrides', { token: sales.token, body: { customerId: target.id, abcClass: 'A', reason: '战略客户' } });
    expect(ask.statusCode, ask.body).toBe(201);
    expect((await t.request('POST', `/api/v1/approvals/${ask.json().approvalId}/approve`, { token: manager.token, body: {} })).statusCode).toBe(200);
    await runAbc(db, systemActor, new Date('2026-04-03T10:00:00+08:00'));
    const after = await db.selectFrom('customers').select('abc_class').where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(after.abc_class).toBe('A');
    const list = (await t.request('GET', '/api/v1/abc/customers?overridden=true', { token: manager.token })).json();
    expect(list.items).toEqual([expect.objectContaining({ customerId: target.id, abcClass: 'A', computedClass: 'C', overridden: true })]);
    const csv = await t.request('GET', '/api/v1/abc/customers/export?format=csv', { token: manager.token });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n').length).toBeGreaterThan(10);
  });

  it('EVA-7 a changed class raises the version with its history entry and leaves updated_at (a computed class is not an edit)', async () => {
    const db = t.database.db;
    const id = await createCustomer(sales.token, 'ABC版本测试有限公司');
    const before = await db.selectFrom('customers').select(['version', 'updated_at', 'abc_class']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(before.abc_class).toBeNull();
    await runAbc(db, systemActor, new Date('2026-04-04T10:00:00+08:00'));
    const after = await db.selectFrom('customers').select(['version', 'updated_at', 'abc_class']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.abc_class).not.toBeNull();
    expect(after.version).toBe(before.version + 1);
    expect(after.updated_at.toISOString()).toBe(before.updated_at.toISOString());
    const h = await db.selectFrom('customer_history').select(['version', 'changes', 'snapshot']).where('customer_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(h.version).toBe(after.version);
    expect(h.changes).toEqual([{ field: 'abcClass', oldValue: null, newValue: after.abc_class }]);
    expect(h.snapshot).toMatchObject({ abcClass: after.abc_class, version: after.version });
  });
});

describe('EVA-8 relationship evaluation', () => {
  it('EVA-8 fill, total and recommendation; review by the marketing director; comments and measures', async () => {
    const cs = await t.createUser('kefu.eva', ['cs_staff']);
    const director = await t.createUser('zongjian.eva', ['marketing_director']);
    const customerId = await createCustomer(sales.token, '关系评估测试客户有限公司');
    const tpl = (await t.request('GET', '/api/v1/relationship-template', { token: cs.token })).json();
    const items = tpl.indicators.map((i: { key: string }, k: number) => ({ key: i.key, score: k === 0 ? 60 : 70, basis: '回访记录' }));
    const bad = await t.request('POST', '/api/v1/relationship-evaluations', { token: cs.token, body: { customerId, evaluatedOn: '2026-04-10', items: [...items, { key: 'x', score: 1 }] } });
    expect(bad.statusCode).toBe(400);
    const r = await t.request('POST', '/api/v1/relationship-evaluations', { token: cs.token, body: { customerId, evaluatedOn: '2026-04-10', items, complete: true } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ total: 67.5, proposed: 'improve', recommendation: 'improve', state: 'completed' });
    const id = r.json().id;
    const comment = await t.request('POST', `/api/v1/relationship-evaluations/${id}/comments`, { token: manager.token, body: { body: '加强回访频率' } });
    expect(comment.json().comments[0]).toMatchObject({ role: 'marketing_manager', body: '加强回访频率' });
    const measure = await t.request('POST', `/api/v1/relationship-evaluations/${id}/measures`, { token: manager.token, body: { measure: '每两周电话回访一次', dueOn: '2026-05-31' } });
    expect(measure.json().measures[0]).toMatchObject({ measure: '每两周电话回访一次' });
    expect((await t.request('POST', `/api/v1/approvals/${r.json().approvalId}/approve`, { token: director.token, body: { comment: '同意改进' } })).statusCode).toBe(200);
    expect((await t.request('GET', `/api/v1/relationship-evaluations/${id}`, { token: cs.token })).json().state).toBe('reviewed');
    expect((await t.request('GET', `/api/v1/relationship-evaluations/${id}`, { token: otherSales.token })).statusCode).toBe(404);
  });

  it('EVA-8 SEC-7 an evaluator who withdraws the review request has a draft again, which they may change and send anew', async () => {
    const cs = await t.createUser('kefu.withdraw', ['cs_staff']);
    const customerId = await createCustomer(sales.token, '关系评估撤回测试有限公司');
    const tpl = (await t.request('GET', '/api/v1/relationship-template', { token: cs.token })).json();
    const items = tpl.indicators.map((i: { key: string }) => ({ key: i.key, score: 80 }));
    const r = (await t.request('POST', '/api/v1/relationship-evaluations', { token: cs.token, body: { customerId, evaluatedOn: '2026-04-11', items, complete: true } })).json();
    expect(r.state).toBe('completed');
    expect((await t.request('POST', `/api/v1/approvals/${r.approvalId}/withdraw`, { token: cs.token })).statusCode).toBe(200);
    const back = (await t.request('GET', `/api/v1/relationship-evaluations/${r.id}`, { token: cs.token })).json();
    expect(back).toMatchObject({ state: 'draft', approvalId: null });
    const again = await t.request('PUT', `/api/v1/relationship-evaluations/${r.id}`, { token: cs.token, body: { version: back.version, evaluatedOn: '2026-04-12', items: items.map((i: { key: string }) => ({ ...i, score: 40 })), complete: true } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ state: 'completed', total: 40, proposed: 'terminate' });
  });
});

describe('EVA-1 scorecard versions', () => {
  it('EVA-1 an edit makes a new version; opened evaluations keep theirs; sales may not edit', async () => {
    const cur = (await t.request('GET', '/api/v1/scorecards/current', { token: manager.token })).json();
    const def = { ...cur.definition, indicators: cur.definition.indicators.map((i: { key: string; max: number }) => (i.key === 'willingness' ? { ...i, max: 12 } : i.key === 'loyalty' ? { ...i, max: 8 } : i)) };
    expect((await t.request('PUT', '/api/v1/scorecards/current', { token: sales.token, body: { baseVersion: cur.version, name: 'x', definition: def } })).statusCode).toBe(403);
    const sumBad = { ...def, indicators: def.indicators.map((i: { key: string; max: number }) => (i.key === 'loyalty' ? { ...i, max: 9 } : i)) };
    expect((await t.request('PUT', '/api/v1/scorecards/current', { token: manager.token, body: { baseVersion: cur.version, name: 'x', definition: sumBad } })).statusCode).toBe(400);
    const ok = await t.request('PUT', '/api/v1/scorecards/current', { token: manager.token, body: { baseVersion: cur.version, name: '2026 版', definition: def } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: cur.version + 1, current: true });
    const e = (await t.request('GET', `/api/v1/evaluations?quarter=${Q}&limit=1`, { token: manager.token })).json().items[0];
    expect(e.scorecardVersion).toBe(cur.version);
    const p = await t.request('POST', '/api/v1/credit/preview', { token: sales.token, body: { customerType: 'direct', scores: { willingness: 11.5 } } });
    expect(p.json().total).toBe(11.5);
    void manager2;
  });
});

describe('EVA-5 ANA-3 the grade-change list filters by China days', () => {
  it('EVA-5 from/to are whole days in China: 23:59:59.999 belongs to the day, 00:00 (+08:00) to the next', async () => {
    const id = await createCustomer(sales.token, '日界测试客户有限公司');
    await t.database.db.insertInto('grade_changes').values([
      { customer_id: id, kind: 'grade', from_value: 'A', to_value: 'AA', cause: 'manual', at: new Date('2026-03-01T23:59:59.999+08:00') },
      { customer_id: id, kind: 'grade', from_value: 'AA', to_value: 'AAA', cause: 'manual', at: new Date('2026-03-02T00:00:00+08:00') },
    ]).execute();
    const on = async (query: string) => (await t.request('GET', `/api/v1/grade-changes?customerId=${id}&${query}`, { token: manager.token })).json().items.map((x: { to: string }) => x.to);
    expect(await on('from=2026-03-01&to=2026-03-01')).toEqual(['AA']);
    expect(await on('from=2026-03-02&to=2026-03-02')).toEqual(['AAA']);
    expect((await on('from=2026-03-01&to=2026-03-02')).sort()).toEqual(['AA', 'AAA']);
  });
});
