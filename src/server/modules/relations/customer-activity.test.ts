/**
 * REL-11 retention from the activity markers (migration 0180, issue 16): the markers kept by
 * triggers equal what the transactions and communications say, month by month in China time, and
 * activityByOwner read from them answers exactly what the definition (activityByOwnerScan over the
 * transactions and communications themselves) answers — for every month, quarter and year, every
 * reader, with activity on the China month boundaries, customers moving owners and departments,
 * hidden customers (top secret, merged, deleted, another rep's, shared), and moved or deleted activity.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { withTwoConnections } from '../../testing/two-connections.js';
import { subjectOf } from '../access/access.service.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { parsePeriod, previousPeriod } from '../targets/targets.rules.js';
import { salesByOwner, salesByOwnerScan } from '../sales/sales-by-owner.service.js';
import { activityByOwner, activityByOwnerScan, cadenceComplianceByCustomer, cadenceComplianceByOwner } from './cadence-compliance.service.js';

let t: TestApp;
type U = { id: string; token: string };
let r1: U, r2: U, r3: U, m1: U, gm: U;
let d1: string, d2: string;
const customers: string[] = [];

/** A small deterministic generator (mulberry32): the same data on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function department(name: string) {
  const r = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name, parentId: t.rootDepartmentId } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}

/**
 * The markers the definition asks for: every (customer, China month) with a transaction or a
 * communication, with the customer's owner now and the sum of the month's transactions (0204).
 */
async function expectedMarkers() {
  const r = await sql<{ customer_id: string; month: string; owner_id: string | null; amount: string }>`
    SELECT a.customer_id::text, a.month::text, c.owner_id::text,
      (SELECT coalesce(sum(t.amount), 0) FROM transactions t WHERE t.customer_id = a.customer_id AND date_trunc('month', t.date::timestamp)::date = a.month)::numeric(20, 2)::text AS amount
    FROM (
      SELECT customer_id, date_trunc('month', date::timestamp)::date AS month FROM transactions
      UNION SELECT customer_id, date_trunc('month', occurred_at AT TIME ZONE 'Asia/Shanghai')::date FROM communications) a
    JOIN customers c ON c.id = a.customer_id ORDER BY 1, 2`.execute(t.database.db);
  return r.rows;
}
async function storedMarkers() {
  const r = await sql<{ customer_id: string; month: string; owner_id: string | null; amount: string }>`
    SELECT customer_id::text, month::text, owner_id::text, amount::text FROM customer_activity_months ORDER BY customer_id, month`.execute(t.database.db);
  return r.rows;
}

const keys = [
  ...['2025', '2026'].flatMap((y) => Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`)),
  '2027-01', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1', '2025', '2026', '2027',
];

/** An owner without sales is 0 whether or not the map names them (figuresOf reads `?? 0`). */

/** The server process behind a connection (to watch it wait on a lock). */
const backendPid = async (c: pg.Client): Promise<number> => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
/** Whether that backend's statement waits for a lock another transaction holds. */
const isBlocked = async (pid: number): Promise<boolean> => (await t.database.ownerPool.query<{ n: number }>('SELECT cardinality(pg_blocking_pids($1))::int AS n', [pid])).rows[0]!.n > 0;
/**
 * Resolves once `statement` (running on backend `pid`) waits for a lock, or has finished without
 * needing one: the race is set up however loaded the machine is (a fixed sleep could end before
 * the statement even reached the server).
 */
async function blockedOrSettled(pid: number, statement: Promise<unknown>): Promise<void> {
  let settled = false;
  void statement.then(() => (settled = true), () => (settled = true));
  await expect.poll(async () => settled || (await isBlocked(pid)), { timeout: 20_000, interval: 20 }).toBe(true);
}

const nonZero = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, v]) => v !== 0));

async function compareAll(subjects: AccessSubject[], ownerIds: string[]) {
  let nonEmpty = 0;
  for (const s of subjects) {
    for (const key of keys) {
      const p = parsePeriod(key)!;
      const q = { ownerIds, previous: previousPeriod(p), current: p };
      const sq = { ownerIds, from: p.from, to: p.to };
      const [fast, scan, sales, salesScan] = await Promise.all([
        activityByOwner(t.database.db, s, q), activityByOwnerScan(t.database.db, s, q), salesByOwner(t.database.db, s, sq), salesByOwnerScan(t.database.db, s, sq),
      ]);
      expect(Object.fromEntries(fast), `${key} as ${s.userId}`).toEqual(Object.fromEntries(scan));
      expect(nonZero(sales), `sales ${key} as ${s.userId}`).toEqual(nonZero(salesScan));
      if (scan.size > 0) nonEmpty++;
      if (Object.keys(nonZero(salesScan)).length > 0) nonEmpty++;
    }
  }
  return nonEmpty;
}

beforeAll(async () => {
  t = await createTestApp();
  d1 = await department('活跃一部');
  d2 = await department('活跃二部');
  r1 = await t.createUser('act.r1', ['sales'], { departmentId: d1 });
  r2 = await t.createUser('act.r2', ['sales'], { departmentId: d1 });
  r3 = await t.createUser('act.r3', ['sales'], { departmentId: d2 });
  m1 = await t.createUser('act.m1', ['dept_staff'], { departmentId: d1 });
  gm = await t.createUser('act.gm', ['gm']);
  await t.database.db.updateTable('departments').set({ manager_id: m1.id }).where('id', '=', d1).execute();
  const reps = [r1, r2, r3];
  for (let i = 0; i < 24; i++) {
    const owner = reps[i % 3]!;
    const r = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: `活跃测试${i}号有限公司`, customerType: 'direct' } });
    expect(r.statusCode, r.body).toBe(201);
    customers.push(r.json<{ id: string }>().id);
  }
}, 120_000);
afterAll(async () => t?.close());

describe('REL-11 retention from the activity markers (issue 16)', () => {
  it('REL-11 a communication takes the China month of its instant, a transaction the month of its date', async () => {
    const db = t.database.db;
    const [a] = customers;
    await db.insertInto('communications').values([
      { customer_id: a!, user_id: r1.id, channel: 'phone', occurred_at: new Date('2025-12-31T15:59:59.999Z'), subject: '边界', content: '12月31日 23:59 北京时间' },
      { customer_id: a!, user_id: r1.id, channel: 'phone', occurred_at: new Date('2025-12-31T16:00:00Z'), subject: '边界', content: '1月1日 00:00 北京时间' },
      { customer_id: a!, user_id: r1.id, channel: 'visit', occurred_at: new Date('2026-02-28T16:00:00Z'), subject: '边界', content: '3月1日 北京时间' },
    ]).execute();
    await db.insertInto('transactions').values([
      { customer_id: a!, tx_no: 'ACT-B-1', date: '2026-04-30', amount: '1.00' },
      { customer_id: a!, tx_no: 'ACT-B-2', date: '2026-05-01', amount: '1.00' },
    ]).execute();
    const months = (await db.selectFrom('customer_activity_months').select(['month', 'owner_id']).where('customer_id', '=', a!).orderBy('month').execute()).map((m) => [String(m.month), m.owner_id]);
    expect(months).toEqual([['2025-12-01', r1.id], ['2026-01-01', r1.id], ['2026-03-01', r1.id], ['2026-04-01', r1.id], ['2026-05-01', r1.id]]);
    expect(await storedMarkers()).toEqual(await expectedMarkers());
  });

  it('REL-11 markers, their sales sums (0204), sales and retention equal the definition for every period and reader: boundaries, owner moves, hidden customers, moved, re-dated, corrected and deleted activity', async () => {
    const db = t.database.db;
    const next = rng(20_261_207);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    // instants near the China month boundaries (a few seconds, minutes or hours either side) and anywhere
    const instant = () => {
      const y = pick([2024, 2025, 2026]);
      const m = Math.floor(next() * 12);
      const boundary = Date.UTC(y, m, 1) - 8 * 3_600_000;
      const offset = pick([-1_000, -60_000, -3_600_000, -8 * 3_600_000, 0, 1_000, 3_600_000, 9 * 3_600_000, next() * 28 * 86_400_000]);
      return new Date(boundary + Math.round(offset));
    };
    const day = () => {
      const d = instant();
      return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    };
    let n = 0;
    // sales amounts with cents, refunds (negative) and zero, so that sums can cancel out
    const amount = () => pick(['0.00', '-12.34', '0.01', String((Math.floor(next() * 1_000_000) / 100).toFixed(2))]);
    const addSales = async (count: number) => {
      // several rows per statement, as imports write them (one statement trigger for all)
      const rows = Array.from({ length: count }, () => ({ customer_id: pick(customers), tx_no: `ACT-${++n}`, date: day(), amount: amount() }));
      await db.insertInto('transactions').values(rows).execute();
    };
    const addContacts = async (count: number) => {
      const rows = Array.from({ length: count }, () => ({ customer_id: pick(customers), user_id: r1.id, channel: pick(['phone', 'email', 'visit', 'other']), occurred_at: instant(), subject: '联系', content: '随机' }));
      await db.insertInto('communications').values(rows).execute();
    };
    for (let i = 0; i < 12; i++) {
      await addSales(1 + Math.floor(next() * 8));
      await addContacts(1 + Math.floor(next() * 8));
    }
    // hidden or excluded customers: top secret, deleted, merged (its transactions move to the survivor), shared with r2
    const [, top, gone, merged, survivor, shared, pool, mover1, mover2] = customers;
    await db.updateTable('customers').set({ secrecy_level: 'top_secret' }).where('id', '=', top!).execute();
    await db.updateTable('customers').set({ lifecycle: 'deleted' }).where('id', '=', gone!).execute();
    await db.insertInto('transactions').values({ customer_id: merged!, tx_no: 'ACT-M-1', date: '2025-08-15', amount: '5.00' }).execute();
    await db.updateTable('customers').set({ merged_into: survivor! }).where('id', '=', merged!).execute();
    await db.updateTable('transactions').set({ customer_id: survivor! }).where('customer_id', '=', merged!).execute();
    await db.insertInto('customer_shares').values({ customer_id: shared!, user_id: r2.id }).execute();
    // owners move: to the open pool and back, across departments, within the department
    await db.updateTable('customers').set({ owner_id: null }).where('id', '=', pool!).execute();
    await db.updateTable('customers').set({ owner_id: r3.id, department_id: d2 }).where('id', '=', mover1!).execute();
    await db.updateTable('customers').set({ owner_id: r2.id, department_id: d1 }).where('id', 'in', [mover2!, customers[6]!]).execute();
    await addSales(10);
    await addContacts(10);
    // activity moved in time and deleted: a marker goes when its month has nothing left
    const someTx = await db.selectFrom('transactions').select(['id']).orderBy('id').limit(6).execute();
    await db.updateTable('transactions').set({ date: '2026-07-31' }).where('id', '=', someTx[0]!.id).execute();
    await db.deleteFrom('transactions').where('id', 'in', someTx.slice(1, 4).map((x) => x.id)).execute();
    // sales corrected (0204): a new amount, a day within the same month, amount and customer at once, several rows in one statement
    const more = await db.selectFrom('transactions').select(['id', 'date']).orderBy('id', 'desc').limit(8).execute();
    await db.updateTable('transactions').set({ amount: '777.77' }).where('id', '=', more[0]!.id).execute();
    await db.updateTable('transactions').set({ date: sql`date_trunc('month', date)::date` }).where('id', '=', more[1]!.id).execute();
    await db.updateTable('transactions').set({ amount: '-5.55', customer_id: customers[8]! }).where('id', '=', more[2]!.id).execute();
    await db.updateTable('transactions').set({ amount: sql`amount * 2` }).where('id', 'in', more.slice(3).map((x) => x.id)).execute();
    const someContacts = await db.selectFrom('communications').select(['id']).orderBy('id', 'desc').limit(6).execute();
    await db.updateTable('communications').set({ occurred_at: new Date('2026-06-30T16:00:00Z') }).where('id', '=', someContacts[0]!.id).execute();
    await db.updateTable('communications').set({ customer_id: customers[7]! }).where('id', '=', someContacts[1]!.id).execute();
    await db.deleteFrom('communications').where('id', 'in', someContacts.slice(2, 5).map((x) => x.id)).execute();
    await db.updateTable('customers').set({ owner_id: r1.id, department_id: d1 }).where('id', '=', pool!).execute();

    expect(await storedMarkers()).toEqual(await expectedMarkers());
    const subjects = await Promise.all([
      subjectOf(db, { userId: r1.id, roles: ['sales'] }),
      subjectOf(db, { userId: r2.id, roles: ['sales'] }),
      subjectOf(db, { userId: r3.id, roles: ['sales'] }),
      subjectOf(db, { userId: m1.id, roles: ['dept_staff'] }),
      subjectOf(db, { userId: gm.id, roles: ['gm'] }),
    ]);
    const nonEmpty = await compareAll(subjects, [r1.id, r2.id, r3.id, m1.id]);
    // the comparison covered real figures, not only empty maps
    expect(nonEmpty).toBeGreaterThan(100);
    // one owner at a time too (the access path reads the markers by owner)
    for (const o of [r1, r2, r3]) await compareAll([subjects[4]!], [o.id]);
  }, 120_000);

  it('REL-11 cadence compliance counted per (owner, class, days) equals the definition customer by customer, for every period and reader, with filing days inside periods and every class', async () => {
    const db = t.database.db;
    const next = rng(20_261_208);
    // classes (none counts as C) and filing days spread over the periods compared, so that windows are cut short
    for (const [i, id] of customers.entries()) {
      const filed = new Date(Date.UTC(2024, 11, 1) + Math.floor(next() * 800) * 86_400_000).toISOString().slice(0, 10);
      await db.updateTable('customers').set({ abc_class: [null, 'A', 'B', 'C'][i % 4]!, filed_on: filed }).where('id', '=', id).execute();
    }
    // calls and visits enough to pass a requirement for some customers and not others
    const rows = Array.from({ length: 240 }, () => ({
      customer_id: customers[Math.floor(next() * customers.length)]!, user_id: r1.id, channel: ['phone', 'email', 'visit', 'meeting', 'chat', 'other'][Math.floor(next() * 6)]!,
      occurred_at: new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 730 * 86_400_000)), subject: '节奏', content: '随机',
    }));
    await db.insertInto('communications').values(rows).execute();
    const subjects = await Promise.all([
      subjectOf(db, { userId: r1.id, roles: ['sales'] }),
      subjectOf(db, { userId: r3.id, roles: ['sales'] }),
      subjectOf(db, { userId: m1.id, roles: ['dept_staff'] }),
      subjectOf(db, { userId: gm.id, roles: ['gm'] }),
    ]);
    let counted = 0;
    for (const s of subjects) {
      for (const key of keys) {
        const q = { ownerIds: [r1.id, r2.id, r3.id, m1.id], period: parsePeriod(key)! };
        const [grouped, each] = await Promise.all([cadenceComplianceByOwner(db, s, q), cadenceComplianceByCustomer(db, s, q)]);
        expect(Object.fromEntries(grouped), `${key} as ${s.userId}`).toEqual(Object.fromEntries(each));
        counted += [...each.values()].filter((c) => c.callsCounted > 0 || c.visitsCounted > 0).length;
      }
    }
    // real figures were compared: requirements and contacts that count
    expect(counted).toBeGreaterThan(50);
  }, 120_000);

  it('REL-11 two writers adding sales to the same customer and month at once: both amounts count (0204)', async () => {
    const c = customers[11]!;
    await withTwoConnections(t.database.url, async (a, b) => {
      await a.query('BEGIN');
      await a.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'ACT-CC-1', '2022-03-10', 10.25), ($1, 'ACT-CC-2', '2022-04-10', 1)`, [c]);
      await b.query('BEGIN');
      const bPid = await backendPid(b);
      const inserting = b.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'ACT-CC-3', '2022-04-20', 2), ($1, 'ACT-CC-4', '2022-03-20', 5.5)`, [c]);
      await blockedOrSettled(bPid, inserting);
      await a.query('COMMIT');
      await inserting;
      await b.query('COMMIT');
      const rows = await t.database.db.selectFrom('customer_activity_months').select(['month', 'amount']).where('customer_id', '=', c).where('month', '<', '2022-05-01').orderBy('month').execute();
      expect(rows.map((r) => [String(r.month), String(r.amount)])).toEqual([['2022-03-01', '15.75'], ['2022-04-01', '3.00']]);
      expect(await storedMarkers()).toEqual(await expectedMarkers());
    });
  });

  it('REL-11 a sale deleted and corrected while the customer is being transferred: no deadlock, the sums follow the new owner (0204)', async () => {
    const c = customers[12]!;
    await t.database.db.insertInto('transactions').values([
      { customer_id: c, tx_no: 'ACT-DL-1', date: '2022-06-10', amount: '40.00' }, { customer_id: c, tx_no: 'ACT-DL-2', date: '2022-06-11', amount: '2.00' },
      { customer_id: c, tx_no: 'ACT-DL-3', date: '2022-07-11', amount: '3.00' },
    ]).execute();
    await withTwoConnections(t.database.url, async (a, b) => {
      await a.query('BEGIN');
      await a.query(`UPDATE customers SET remarks = 'transferring' WHERE id = $1`, [c]);
      await b.query('BEGIN');
      const bPid = await backendPid(b);
      const deleting = b.query(`DELETE FROM transactions WHERE customer_id = $1 AND tx_no = 'ACT-DL-1'`, [c]).then(() => b.query(`UPDATE transactions SET amount = 5 WHERE customer_id = $1 AND tx_no = 'ACT-DL-3'`, [c]));
      await blockedOrSettled(bPid, deleting);
      await a.query('UPDATE customers SET owner_id = $1 WHERE id = $2', [r3.id, c]);
      await a.query('COMMIT');
      await deleting;
      await b.query('COMMIT');
      const rows = await t.database.db.selectFrom('customer_activity_months').select(['month', 'owner_id', 'amount']).where('customer_id', '=', c).where('month', '<', '2022-08-01').orderBy('month').execute();
      expect(rows.map((r) => [String(r.month), r.owner_id, String(r.amount)])).toEqual([['2022-06-01', r3.id, '2.00'], ['2022-07-01', r3.id, '5.00']]);
      expect(await storedMarkers()).toEqual(await expectedMarkers());
    });
  });

  it('REL-11 a marker added while an owner change is uncommitted takes the owner that change leaves', async () => {
    const [, , , , , , , , , , c] = customers;
    await withTwoConnections(t.database.url, async (a, b) => {
      await a.query('BEGIN');
      await a.query('UPDATE customers SET owner_id = $1 WHERE id = $2', [r3.id, c]);
      const bPid = await backendPid(b);
      // a first transaction of a month no marker holds yet: its marker waits for the owner change
      const inserting = b.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'ACT-RACE-1', '2023-06-10', 1)`, [c]);
      let done = false;
      void inserting.then(() => (done = true));
      await blockedOrSettled(bPid, inserting);
      expect(done).toBe(false);
      expect(await isBlocked(bPid)).toBe(true);
      await a.query('COMMIT');
      await inserting;
      const m = await t.database.db.selectFrom('customer_activity_months').select('owner_id').where('customer_id', '=', c!).where('month', '=', '2023-06-01').executeTakeFirstOrThrow();
      expect(m.owner_id).toBe(r3.id);
      expect(await storedMarkers()).toEqual(await expectedMarkers());
    });
  });
});
