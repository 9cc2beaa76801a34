/**
 * ANA-2 ANA-4 issue 15: the home page's audience-independent figures — this month's sales on the
 * dashboard and the grade migration report of the gm (every archive) and of the marketing director
 * (every archive below top secret) — are served from composition_cache (analytics-cache.ts,
 * migration 0207) only while no write of the kinds they read was committed since they were computed.
 * Each cached entry is poisoned before each kind of write, so an answer served from a stale entry
 * cannot pass; after the write both callers read the direct computation over transactions,
 * evaluations and customers. A write of another kind leaves the entry current (it is still served).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { previousPeriod } from './composition.rules.js';
import { gradeOrder, migrationMatrix } from './reports.rules.js';

let t: TestApp;
type U = { id: string; token: string };
let rep: U, gm: U, director: U, cs: U;
const customers: string[] = [];
const today = chinaDate(new Date());
const month = `${today.slice(0, 8)}01`;
const prev = previousPeriod(month, today);
const rounds: Record<string, string> = {};
let scorecard = '';
let dept = '';
const listed = `c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant')`;
const audiences = { gm: 'true', director: `c.secrecy_level <> 'top_secret'` } as const;
type Who = keyof typeof audiences;
const tokenOf = (who: Who) => (who === 'gm' ? gm.token : director.token);
const q = async <R,>(text: string, params: unknown[] = []) => (await t.database.ownerPool.query(text, params)).rows as R[];

const addTx = async (c: number, txNo: string, date: string, amount: string) => {
  const r = await t.request('POST', `/api/v1/customers/${customers[c]!}/transactions`, { token: rep.token, body: { txNo, date, amount } });
  expect(r.statusCode, r.body).toBe(201);
};
const evaluate = (quarter: string, c: number, grade: string) =>
  q(`INSERT INTO evaluations (round_id, customer_id, grade, state, scorecard_id, customer_type, department_id, owner_id) VALUES ($1, $2, $3, 'finalised', $4, 'direct', $5, $6)`, [rounds[quarter], customers[c], grade, scorecard, dept, rep.id]);

beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('home.rep', ['sales']);
  gm = await t.createUser('home.gm', ['gm']);
  director = await t.createUser('home.dir', ['marketing_director']);
  cs = await t.createUser('home.cs', ['cs_staff']);
  for (const name of ['首页甲有限公司', '首页乙有限公司', '首页丙有限公司', '首页丁有限公司']) {
    const r = await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name, customerType: 'direct' } });
    expect(r.statusCode, r.body).toBe(201);
    customers.push(r.json().id);
  }
  await q(`UPDATE customers SET secrecy_level = 'confidential', abc_class = 'A' WHERE id = $1`, [customers[3]]);
  await addTx(0, 'H-A1', today, '1000.00');
  await addTx(1, 'H-B1', month, '250.50');
  await addTx(2, 'H-C0', prev.from, '300.00');
  await addTx(3, 'H-D1', today, '70.00');
  await addTx(3, 'H-D0', prev.to, '20.00');
  dept = (await q<{ d: string }>(`SELECT department_id::text AS d FROM customers WHERE id = $1`, [customers[0]]))[0]!.d;
  scorecard = (await q<{ id: string }>(`SELECT id::text FROM scorecards ORDER BY id LIMIT 1`))[0]?.id ?? (await q<{ id: string }>(`INSERT INTO scorecards (version, name, definition) VALUES (99, 't', '{}') RETURNING id::text`))[0]!.id;
  for (const [quarter, start, end] of [['2026Q2', '2026-04-01', '2026-06-30'], ['2026Q3', '2026-07-01', '2026-09-30']] as const) {
    rounds[quarter] = (await q<{ id: string }>(`INSERT INTO evaluation_rounds (quarter, period_start, period_end, scorecard_id, state) VALUES ($1, $2, $3, $4, 'open') RETURNING id::text`, [quarter, start, end, scorecard]))[0]!.id;
  }
  await evaluate('2026Q2', 0, 'AA');
  await evaluate('2026Q2', 1, 'B');
  await evaluate('2026Q3', 0, 'AAA');
  await evaluate('2026Q3', 1, 'C');
  await evaluate('2026Q2', 3, 'A');
  await evaluate('2026Q3', 3, 'BBB');
});
afterAll(async () => t?.close());

// ---- this month's sales ----

async function directSales(who: Who) {
  const r = (await q<{ total: string; previous: string }>(
    `SELECT coalesce(sum(t.amount) FILTER (WHERE t.date >= $1), 0)::numeric(20, 2)::text AS total, coalesce(sum(t.amount) FILTER (WHERE t.date < $1), 0)::numeric(20, 2)::text AS previous
       FROM transactions t JOIN customers c ON c.id = t.customer_id WHERE t.date BETWEEN $2 AND $3 AND ${listed} AND ${audiences[who]}`,
    [month, prev.from, today],
  ))[0]!;
  return { from: month, to: today, total: r.total, previous: r.previous };
}
async function salesMonth(who: Who) {
  const r = await t.request('GET', '/api/v1/analytics/dashboard', { token: tokenOf(who) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().salesMonth;
}
async function expectSalesRight(when: string) {
  for (const who of ['gm', 'director'] as const) expect(await salesMonth(who), `${who}'s sales of the month ${when}`).toEqual(await directSales(who));
}
/** Both audiences' entries of the month replaced by a wrong answer with the same stamp; each caller reads it. */
async function poisonSales() {
  const r = await q(`UPDATE composition_cache SET result = '{"total": "1.00", "previous": "2.00"}' WHERE dimension = 'sales-total' AND from_day = $1 AND to_day = $2 RETURNING 1`, [month, today]);
  expect(r.length).toBe(2);
  for (const who of ['gm', 'director'] as const) expect((await salesMonth(who)).total, `poisoned sales of ${who} are served`).toBe('1.00');
}

// ---- the grade migration ----

async function directMigration(who: Who) {
  const pairs = await q<{ from: string | null; to: string | null; n: number }>(
    `WITH a AS (SELECT e.customer_id, e.grade FROM evaluations e JOIN evaluation_rounds r ON r.id = e.round_id WHERE r.quarter = '2026Q2' AND e.state = 'finalised' AND e.grade IS NOT NULL),
          b AS (SELECT e.customer_id, e.grade FROM evaluations e JOIN evaluation_rounds r ON r.id = e.round_id WHERE r.quarter = '2026Q3' AND e.state = 'finalised' AND e.grade IS NOT NULL)
     SELECT a.grade AS "from", b.grade AS "to", count(*)::int AS n
       FROM customers c LEFT JOIN a ON a.customer_id = c.id LEFT JOIN b ON b.customer_id = c.id
      WHERE (a.customer_id IS NOT NULL OR b.customer_id IS NOT NULL) AND ${listed} AND ${audiences[who]} GROUP BY 1, 2`,
  );
  return migrationMatrix(pairs).map((m) => ({ fromCount: m.fromCount, toCount: m.toCount, ...Object.fromEntries(gradeOrder.map((g) => [`to_${g}`, m.to[g]])), up: m.up, down: m.down }));
}
async function migration(who: Who) {
  const r = await t.request('GET', '/api/v1/reports/grade-migration?fromQuarter=2026Q2&toQuarter=2026Q3', { token: tokenOf(who) });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().rows as Record<string, unknown>[]).map(({ grade: _g, ...rest }) => rest);
}
async function expectMigrationRight(when: string) {
  for (const who of ['gm', 'director'] as const) expect(await migration(who), `${who}'s grade migration ${when}`).toEqual(await directMigration(who));
}
async function poisonMigration() {
  const r = await q(`UPDATE composition_cache SET result = '[{"from": "D", "to": "D", "n": 999}]' WHERE dimension = 'grade-migration' AND from_day = '2026-04-01' AND to_day = '2026-07-01' RETURNING 1`);
  expect(r.length).toBe(2);
  for (const who of ['gm', 'director'] as const) expect((await migration(who)).reduce((n, row) => n + Number(row['fromCount']), 0), `poisoned migration of ${who} is served`).toBe(999);
}

describe('ANA-2 ANA-4 the home figures of those who see every archive, from the cache', () => {
  it('ANA-2 after every kind of write the gm and the director read this month\'s sales computed directly, never a stale cached answer', async () => {
    await expectSalesRight('at first');
    const writes: [string, () => Promise<unknown>][] = [
      ['a sale inserted', () => addTx(1, 'H-B2', today, '40.00')],
      ['a sale updated', () => q(`UPDATE transactions SET amount = amount + 5 WHERE tx_no = 'H-A1'`)],
      ['a sale moved into the previous period', () => q(`UPDATE transactions SET date = $1 WHERE tx_no = 'H-B2'`, [prev.from])],
      ['a sale moved to another customer', () => q(`UPDATE transactions SET customer_id = $1 WHERE tx_no = 'H-B2'`, [customers[3]])],
      ['a sale deleted', () => q(`DELETE FROM transactions WHERE tx_no = 'H-B1'`)],
      ['an archive made top secret', () => q(`UPDATE customers SET secrecy_level = 'top_secret' WHERE id = $1`, [customers[3]])],
      ['an archive moved to the recycle bin', () => q(`UPDATE customers SET lifecycle = 'deleted' WHERE id = $1`, [customers[0]])],
      ['an archive restored', () => q(`UPDATE customers SET lifecycle = 'active' WHERE id = $1`, [customers[0]])],
      ['an archive merged', () => q(`UPDATE customers SET merged_into = $1 WHERE id = $2`, [customers[0], customers[2]])],
    ];
    for (const [what, write] of writes) {
      await poisonSales();
      await write();
      await expectSalesRight(`after ${what}`);
    }
    // an evaluation is not a write the sales read: the (poisoned) entry stays current
    await poisonSales();
    await evaluate('2026Q3', 2, 'B');
    expect((await salesMonth('gm')).total).toBe('1.00');
    await addTx(0, 'H-A2', today, '1.00');
    await expectSalesRight('after the next sale');
  });

  it('ANA-2 ANA-3 after every kind of write the gm and the director read the grade migration computed directly, never a stale cached answer', async () => {
    await q(`UPDATE customers SET secrecy_level = 'confidential', merged_into = NULL WHERE id IN ($1, $2)`, [customers[2], customers[3]]);
    await expectMigrationRight('at first');
    const writes: [string, () => Promise<unknown>][] = [
      ['an evaluation finalised', () => evaluate('2026Q2', 2, 'CCC')],
      ['a grade changed', () => q(`UPDATE evaluations SET grade = 'A' WHERE customer_id = $1 AND round_id = $2`, [customers[1], rounds['2026Q3']])],
      ['an evaluation reopened', () => q(`UPDATE evaluations SET state = 'open' WHERE customer_id = $1 AND round_id = $2`, [customers[0], rounds['2026Q3']])],
      ['an evaluation deleted', () => q(`DELETE FROM evaluations WHERE customer_id = $1 AND round_id = $2`, [customers[1], rounds['2026Q2']])],
      ['a round renamed to another quarter', () => q(`UPDATE evaluation_rounds SET quarter = '2025Q4' WHERE id = $1`, [rounds['2026Q2']])],
      ['a round renamed back', () => q(`UPDATE evaluation_rounds SET quarter = '2026Q2' WHERE id = $1`, [rounds['2026Q2']])],
      ['an archive made top secret', () => q(`UPDATE customers SET secrecy_level = 'top_secret' WHERE id = $1`, [customers[3]])],
      ['an archive moved to the recycle bin', () => q(`UPDATE customers SET lifecycle = 'deleted' WHERE id = $1`, [customers[1]])],
      ['an archive restored', () => q(`UPDATE customers SET lifecycle = 'dormant' WHERE id = $1`, [customers[1]])],
      ['an archive merged', () => q(`UPDATE customers SET merged_into = $1 WHERE id = $2`, [customers[0], customers[2]])],
    ];
    for (const [what, write] of writes) {
      await poisonMigration();
      await write();
      await expectMigrationRight(`after ${what}`);
    }
    // a sale and a grade on the archive are not writes the report reads: the (poisoned) entry stays current
    await poisonMigration();
    await addTx(0, 'H-A3', today, '2.00');
    await q(`UPDATE customers SET credit_grade = 'BB', region = '4403' WHERE id = $1`, [customers[0]]);
    expect((await migration('gm')).reduce((n, row) => n + Number(row['fromCount']), 0)).toBe(999);
    await q(`UPDATE evaluations SET grade = 'AA' WHERE customer_id = $1 AND round_id = $2`, [customers[2], rounds['2026Q3']]);
    await expectMigrationRight('after the next evaluation');
  });

  it('ANA-2 SEC-2 callers whose answer depends on who they are are never served a shared entry', async () => {
    await expectMigrationRight('before');
    await expectSalesRight('before');
    await poisonMigration();
    await poisonSales();
    // customer service (every archive, A-class ones only their own) and a rep: computed for them
    for (const token of [cs.token, rep.token]) {
      const r = await t.request('GET', '/api/v1/reports/grade-migration?fromQuarter=2026Q2&toQuarter=2026Q3', { token });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().totals.fromCount).not.toBe(999);
    }
    const d = await t.request('GET', '/api/v1/analytics/dashboard', { token: rep.token });
    expect(d.json().salesMonth.total).not.toBe('1.00');
    // the gm with a filter is computed for the filter
    const filtered = await t.request('GET', `/api/v1/reports/grade-migration?fromQuarter=2026Q2&toQuarter=2026Q3&ownerId=${rep.id}`, { token: gm.token });
    expect(filtered.json().totals.fromCount).not.toBe(999);
  });
});
