/**
 * ANA-1 ANA-4 issue 15: a cached composition made stale by sales is brought current by the sales
 * written since it was computed (migration 0213: deltas of the rollups, logged with the writer's
 * xid; the entry keeps the snapshot it was computed in and the audience's per-customer sums of the
 * period), not recomputed over the year. After each kind of sales write — inserted through the API,
 * corrected in amount, date or customer, deleted, a product line, an import, two writers at once,
 * one of them committing after the entry was computed — the delta is applied (appliedSalesDeltas
 * answers) and every dimension equals the direct computation over transactions, lines and
 * customers, including the 80/20 count and the top buyers of each product. Writes of another kind
 * (grade, tier, class, region, unlisting, top secret, merge) are recomputed in full, and still exact.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/test-app.js';
import { withTwoConnections } from '../../testing/two-connections.js';
import { appliedSalesDeltas, settleRecentSums, warmCompositions } from './composition.service.js';
import { comparable, compositionScene, compose as composeFor, day, dimensions, directComposition, from, importTransactionsAs, to, type Dim } from './composition.fixtures.js';
import { dec, decText, moveSorted, pareto, paretoOfSorted, roundCents } from './composition.rules.js';

let t: TestApp;
type U = { id: string; token: string };
let rep: U, rep2: U, gm: U, director: U, cs: U;
const customers: { id: string; archiveNo: string; version: number }[] = [];
const q = async <R,>(text: string, params: unknown[] = []) => (await t.database.ownerPool.query(text, params)).rows as R[];

let addTx: Awaited<ReturnType<typeof compositionScene>>['addTx'];

beforeAll(async () => {
  const scene = await compositionScene('delta', ['增量甲有限公司', '增量乙有限公司', '增量丙有限公司', '增量丁有限公司', '增量戊有限公司', '增量己有限公司'], 'D');
  ({ t, rep, rep2, gm, director, cs, addTx } = scene);
  customers.push(...scene.customers);
});
afterAll(async () => t?.close());

const direct = (by: Dim, extra?: string) => directComposition(t, by, extra);
const compose = (token: string, by: Dim) => composeFor(t, token, by);

type Audience = 'all' | 'below_top_secret';
const reader = (a: Audience) => (a === 'all' ? gm : director);
const extraOf = (a: Audience) => (a === 'all' ? 'true' : `c.secrecy_level <> 'top_secret'`);

/** Every dimension of the audience is cached and right. */
async function cacheAll(a: Audience = 'all') {
  for (const by of dimensions) expect(comparable(await compose(reader(a).token, by)), `${a} by ${by} cached`).toEqual(await direct(by, extraOf(a)));
}
/**
 * After a write: each entry is brought current by its deltas (`applied`) or cannot be (another kind
 * of write: recomputed), and every dimension the reader is then served equals the direct computation.
 */
async function expectApplied(what: string, applied: boolean, a: Audience = 'all') {
  // first every entry (none is current after the write, and appliedSalesDeltas never computes one in full)
  for (const by of dimensions) expect((await appliedSalesDeltas(t.database.db, a, by, from, to)) !== null, `${a} by ${by} after ${what}: applied`).toBe(applied);
  for (const by of dimensions) expect(comparable(await compose(reader(a).token, by)), `${a} by ${by} after ${what}`).toEqual(await direct(by, extraOf(a)));
}

const importTransactions = (csvRows: string[]) => importTransactionsAs(t, rep.token, csvRows);

describe('ANA-1 ANA-4 a stale composition brought current by the sales written since (migration 0213)', () => {
  it('ANA-1 ANA-4 after each kind of sales write the cached entry is applied the deltas and equals the direct computation', async () => {
    await cacheAll();
    const writes: [string, () => Promise<unknown>][] = [
      ['a sale inserted through the API', () => addTx(1, 'D-B2', day(-20), '640.00', [{ product: '电缆', quantity: '4', price: '160', category: '电气' }])],
      ['a sale of a new customer (a new top buyer, a new 80/20 member)', () => addTx(5, 'D-F2', day(-2), '99999.99', [{ product: '法兰', quantity: '3', price: '33333.33', category: '流体控制' }])],
      ['an amount corrected', () => q(`UPDATE transactions SET amount = amount + 10.05 WHERE tx_no = 'D-B1'`)],
      ['a date corrected into the previous period', () => q(`UPDATE transactions SET date = $1 WHERE tx_no = 'D-C1'`, [day(-370)])],
      ['a date corrected back into the period', () => q(`UPDATE transactions SET date = $1 WHERE tx_no = 'D-C1'`, [day(-1)])],
      ['a sale moved to another customer', () => q(`UPDATE transactions SET customer_id = $1 WHERE tx_no = 'D-B2'`, [customers[3]!.id])],
      ['a sale deleted (the customer has no sale left in the period)', () => q(`DELETE FROM transactions WHERE tx_no = 'D-E1'`)],
      ['a product line changed', () => q(`UPDATE transaction_lines SET quantity = quantity + 1 WHERE product = '阀门'`)],
      ['a product line added', () => q(`INSERT INTO transaction_lines (transaction_id, line_no, product, category, quantity, price) SELECT id, 9, '法兰', NULL, 2, 99.5 FROM transactions WHERE tx_no = 'D-D1'`)],
      ['a product line deleted', () => q(`DELETE FROM transaction_lines WHERE product = '法兰' AND category IS NULL`)],
      ['two sales in one transaction, one cancelling the other', () => q(`WITH a AS (INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'D-X1', $2, 5), ($1, 'D-X2', $2, -5) RETURNING 1) SELECT count(*) FROM a`, [customers[0]!.id, day(-3)])],
      ['an import of transactions', () => importTransactions([`${customers[1]!.archiveNo},D-IMP-1,${day(-3)},1000,阀门,10,100`, `${customers[2]!.archiveNo},D-IMP-2,${day(-380)},99.99,电缆,3,33.33`])],
      ['a transfer of owner, then a sale of the archive', async () => {
        await q(`UPDATE customers SET owner_id = $1 WHERE id = $2`, [rep2.id, customers[2]!.id]);
        const r = await t.request('POST', `/api/v1/customers/${customers[2]!.id}/transactions`, { token: rep2.token, body: { txNo: 'D-C2', date: day(-4), amount: '12.34' } });
        expect(r.statusCode, r.body).toBe(201);
      }],
    ];
    for (const [i, [what, write]] of writes.entries()) {
      // every other write, the per-customer sums are read back from the database (another instance's view)
      if (i % 2 === 1) await settleRecentSums();
      await write();
      await expectApplied(what, true);
    }
  });

  it('ANA-1 ANA-4 SEC-2 writes of another kind are recomputed in full, and the director never counts a top-secret archive’s sale', async () => {
    await cacheAll();
    await cacheAll('below_top_secret');
    const writes: [string, () => Promise<unknown>][] = [
      ['a grade change', () => q(`UPDATE customers SET credit_grade = 'BB' WHERE id = $1`, [customers[1]!.id])],
      ['a tier change', () => q(`UPDATE customers SET tier = 'key' WHERE id = $1`, [customers[3]!.id])],
      ['a class change', () => q(`UPDATE customers SET abc_class = 'A' WHERE id = $1`, [customers[5]!.id])],
      ['a region change', () => q(`UPDATE customers SET region = '320102' WHERE id = $1`, [customers[0]!.id])],
      ['an archive unlisted (recycle bin)', () => q(`UPDATE customers SET lifecycle = 'deleted' WHERE id = $1`, [customers[4]!.id])],
      ['an archive made top secret', () => q(`UPDATE customers SET secrecy_level = 'top_secret' WHERE id = $1`, [customers[3]!.id])],
    ];
    for (const [what, write] of writes) {
      await write();
      await expectApplied(what, false);
      await expectApplied(`${what} (director)`, false, 'below_top_secret');
    }
    // a sale of the top-secret archive: applied to both, counted for the gm only
    await q(`WITH x AS (INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'D-D3', $2, 777.77) RETURNING id)
             INSERT INTO transaction_lines (transaction_id, line_no, product, category, quantity, price) SELECT id, 1, '电缆', '电气', 1, 777.77 FROM x`, [customers[3]!.id, day(-1)]);
    await expectApplied('a sale of a top-secret archive', true);
    await expectApplied('a sale of a top-secret archive (director)', true, 'below_top_secret');
    expect((await compose(director.token, 'product')).items.flatMap((i) => i.topCustomers ?? []).map((x) => x.customerId)).not.toContain(customers[3]!.id);
    expect((await compose(gm.token, 'product')).items.flatMap((i) => i.topCustomers ?? []).map((x) => x.customerId)).toContain(customers[3]!.id);
    // a merge moves sales and unlists an archive: recomputed
    const b = (await t.request('GET', `/api/v1/customers/${customers[2]!.id}`, { token: cs.token })).json();
    const r = await t.request('POST', `/api/v1/customers/${customers[2]!.id}/merge`, { token: cs.token, body: { intoId: customers[0]!.id, version: b.version } });
    expect(r.statusCode, r.body).toBe(200);
    await expectApplied('a merge', false);
  });

  it('ANA-4 two writers at once: a sale committed after the entry was computed by a transaction older than its snapshot is applied exactly once', async () => {
    await cacheAll();
    await withTwoConnections(t.database.url, async (a, b) => {
      await a.query('BEGIN');
      await a.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'D-RACE-A', $2, 111.11)`, [customers[0]!.id, day(-6)]);
      await b.query('BEGIN');
      await b.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'D-RACE-B', $2, 222.22)`, [customers[1]!.id, day(-7)]);
      await b.query('COMMIT');
      // the entry brought current with b's sale, while a's (an older transaction id) is in flight
      await expectApplied('the younger writer committed', true);
      await a.query('COMMIT');
      await expectApplied('the older writer committed after', true);
      // both writing the same customer and day at once (the rollup row's upserts wait for each other)
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'D-RACE-C', $2, 1.5)`, [customers[5]!.id, day(-8)]);
      const late = b.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'D-RACE-D', $2, 2.5)`, [customers[5]!.id, day(-8)]);
      await a.query('COMMIT');
      await late;
      await expectApplied('one of two writers of the same row committed', true);
      await b.query('COMMIT');
    });
    await expectApplied('both writers committed', true);
  });

  it('ANA-4 the warm job brings entries current by their deltas and prunes the deltas every entry has seen; an entry older than the pruned deltas is recomputed', async () => {
    await cacheAll();
    await addTx(0, 'D-W1', day(-1), '5.00');
    await warmCompositions(t.database.db);
    await expectApplied('a sale and the warm job', true); // the warm job warms the year to date, not this period: brought current here
    const floor = (await q<{ f: string }>(`SELECT floor::text AS f FROM analytics_delta_floor`))[0]!.f;
    const oldest = (await q<{ x: string }>(`SELECT min(pg_snapshot_xmin(snapshot))::text AS x FROM composition_cache WHERE snapshot IS NOT NULL`))[0]!.x;
    expect(BigInt(floor)).toBeLessThanOrEqual(BigInt(oldest));
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM analytics_sales_deltas WHERE xid < $1::xid8`, [floor]))[0]!.n).toBe(0);
    // every entry's snapshot older than the floor (as if the deltas it needs were pruned): recomputed, still exact.
    // The entries are aged rather than the floor raised: xids are the cluster's, and another test file's open
    // transaction may hold the next snapshot's xmin below any floor raised past the current one.
    await q(`UPDATE composition_cache SET snapshot = '3:3:'::pg_snapshot WHERE snapshot IS NOT NULL`);
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM composition_cache k, analytics_delta_floor f WHERE k.snapshot IS NOT NULL AND pg_snapshot_xmin(k.snapshot) >= f.floor`))[0]!.n).toBe(0);
    await addTx(1, 'D-W2', day(-1), '6.00');
    await expectApplied('deltas pruned below the entry', false);
    await addTx(1, 'D-W3', day(-1), '7.00');
    await expectApplied('the next sale', true);
  });
});

describe('ANA-1 ANA-4 the exact arithmetic of applied deltas (pure)', () => {
  it('ANA-1 paretoOfSorted gives what pareto gives over any customers’ sums', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (xs, points) => {
        const sorted = Float64Array.from([...xs].sort((a, b) => b - a));
        expect(paretoOfSorted(sorted, points)).toEqual(pareto(xs.map((x) => BigInt(x)), points));
      }),
    );
  });

  it('ANA-4 moveSorted takes values out and puts values in as multisets, largest first, and refuses a value that is not there', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 100 }), fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 20 }), fc.nat(), (xs, into, k) => {
        const sorted = Float64Array.from([...xs].sort((a, b) => b - a));
        const out = xs.filter((_, i) => i % (1 + (k % 4)) === 0);
        const r = moveSorted(sorted, out, into);
        const rest = [...xs];
        for (const v of out) rest.splice(rest.indexOf(v), 1);
        expect(Array.from(r!)).toEqual([...rest, ...into].sort((a, b) => b - a));
      }),
    );
    expect(moveSorted(Float64Array.from([5, 3]), [4], [])).toBeNull();
    expect(moveSorted(Float64Array.from([5, 3]), [3, 3], [])).toBeNull();
  });

  it('ANA-1 decimals of up to 8 places add exactly and round to cents half away from zero', () => {
    expect(decText(dec('0.00003333') + dec('1.1'))).toBe('1.10003333');
    expect(decText(dec('-2.5') + dec('2.5'))).toBe('0.00');
    expect(roundCents('0.005')).toBe(1n);
    expect(roundCents('-0.005')).toBe(-1n);
    expect(roundCents('0.00499999')).toBe(0n);
    expect(roundCents('12.34')).toBe(1234n);
    expect(() => dec('0.000000001')).toThrow();
  });
});
