/**
 * ANA-1 ANA-4 issue 15: the gm's compositions are served from composition_cache (migration 0194)
 * only while no relevant write was committed since they were computed. After each kind of write —
 * a transaction inserted, updated, deleted; a product line; a grade, tier, class, region or
 * lifecycle change; a merge; an import — and after a write committed while a computation was in
 * flight, every dimension the gm reads equals the direct computation over transactions,
 * transaction_lines and customers. The cache is poisoned before each write, so an answer served
 * from a stale entry cannot pass. Callers who do not see everything are never served the gm's entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/test-app.js';
import { computeCompositionForAudience, warmCompositions } from './composition.service.js';
import { byKey, comparable, compositionScene, compose as composeFor, day, dimensions, directComposition, from, importTransactionsAs, to, type Dim } from './composition.fixtures.js';

let t: TestApp;
type U = { id: string; token: string };
let rep: U, rep2: U, gm: U, director: U, cs: U;
const customers: { id: string; archiveNo: string; version: number }[] = [];
let addTx: Awaited<ReturnType<typeof compositionScene>>['addTx'];

beforeAll(async () => {
  const scene = await compositionScene('cache', ['缓存甲有限公司', '缓存乙有限公司', '缓存丙有限公司', '缓存丁有限公司', '缓存戊有限公司'], 'K');
  ({ t, rep, rep2, gm, director, cs, addTx } = scene);
  customers.push(...scene.customers);
});
afterAll(async () => t?.close());

const direct = (by: Dim, extra?: string) => directComposition(t, by, extra);
const compose = (token: string, by: Dim) => composeFor(t, token, by);

/** Every dimension the gm reads equals the direct computation. */
async function expectGmRight(when: string) {
  for (const by of dimensions) expect(comparable(await compose(gm.token, by)), `gm by ${by} ${when}`).toEqual(await direct(by));
}
/**
 * Each cached entry of the period is replaced by a wrong answer with the same stamp; the caller reads it (the cache is used).
 * Its snapshot is forgotten, so that a later write recomputes it rather than applying that write's
 * deltas to the poison (applying deltas is composition-deltas.test's).
 */
async function poison(audience: 'all' | 'below_top_secret' = 'all', dims: readonly Dim[] = dimensions, token = gm.token) {
  const r = await t.database.ownerPool.query(
    `UPDATE composition_cache SET snapshot = NULL, result = jsonb_set(result, '{groups}', '[{"key": "POISON", "amount": "1.00", "previous": "0", "customers": 1}]') WHERE audience = $3 AND dimension = ANY($4) AND from_day = $1 AND to_day = $2`,
    [from, to, audience, dims],
  );
  expect(r.rowCount).toBe(dims.length);
  for (const by of dims) expect((await compose(token, by)).items.map((i) => i.key), `poisoned ${by} is served`).toEqual(['POISON']);
}

describe('ANA-1 ANA-4 the composition cache of those who see every archive', () => {
  it('ANA-1 ANA-4 after every kind of write the gm reads the direct computation, never a stale cached answer', async () => {
    await expectGmRight('at first');
    const writes: [string, () => Promise<unknown>][] = [
      ['a transaction inserted', () => addTx(1, 'K-B2', day(-20), '640.00', [{ product: '电缆', quantity: '4', price: '160', category: '电气' }])],
      ['a transaction updated', () => t.database.ownerPool.query(`UPDATE transactions SET amount = amount + 10, date = $2 WHERE tx_no = 'K-B1' AND customer_id = $1`, [customers[1]!.id, day(-90)])],
      ['a transaction moved to another customer', () => t.database.ownerPool.query(`UPDATE transactions SET customer_id = $1 WHERE tx_no = 'K-B2'`, [customers[3]!.id])],
      ['a transaction deleted', () => t.database.ownerPool.query(`DELETE FROM transactions WHERE tx_no = 'K-C1'`)],
      ['a product line changed', () => t.database.ownerPool.query(`UPDATE transaction_lines SET quantity = quantity + 1 WHERE product = '阀门'`)],
      ['a product line added', () => t.database.ownerPool.query(`INSERT INTO transaction_lines (transaction_id, line_no, product, category, quantity, price) SELECT id, 9, '法兰', '流体控制', 2, 99.5 FROM transactions WHERE tx_no = 'K-D1'`)],
      ['a product line deleted', () => t.database.ownerPool.query(`DELETE FROM transaction_lines WHERE product = '法兰'`)],
      ['a grade change', () => t.database.ownerPool.query(`UPDATE customers SET credit_grade = 'BB' WHERE id = $1`, [customers[1]!.id])],
      ['a tier change', () => t.database.ownerPool.query(`UPDATE customers SET tier = 'key' WHERE id = $1`, [customers[3]!.id])],
      ['a class change', () => t.database.ownerPool.query(`UPDATE customers SET abc_class = 'A' WHERE id = $1`, [customers[4]!.id])],
      ['a region change through the API', async () => {
        const c = (await t.request('GET', `/api/v1/customers/${customers[2]!.id}`, { token: rep.token })).json();
        const r = await t.request('PATCH', `/api/v1/customers/${customers[2]!.id}`, { token: rep.token, body: { version: c.version, region: '320102' } });
        expect(r.statusCode, r.body).toBe(200);
      }],
      ['an archive moved to the recycle bin (lifecycle)', () => t.database.ownerPool.query(`UPDATE customers SET lifecycle = 'deleted' WHERE id = $1`, [customers[4]!.id])],
      ['an archive restored', () => t.database.ownerPool.query(`UPDATE customers SET lifecycle = 'active' WHERE id = $1`, [customers[4]!.id])],
      ['an import of transactions', () => importTransactionsAs(t, rep.token, [`${customers[1]!.archiveNo},K-IMP-1,${day(-3)},1000,阀门,10,100`, `${customers[2]!.archiveNo},K-IMP-2,${day(-380)},99.99,电缆,3,33.33`])],
      ['a merge (transactions move, the archive is merged)', async () => {
        const b = (await t.request('GET', `/api/v1/customers/${customers[2]!.id}`, { token: cs.token })).json();
        const r = await t.request('POST', `/api/v1/customers/${customers[2]!.id}/merge`, { token: cs.token, body: { intoId: customers[0]!.id, version: b.version } });
        expect(r.statusCode, r.body).toBe(200);
      }],
    ];
    for (const [what, write] of writes) {
      await poison();
      await write();
      await expectGmRight(`after ${what}`);
    }
    // a rolled-back write changes nothing: the (poisoned) entry stays current
    await poison();
    const c = await t.database.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`UPDATE transactions SET amount = amount + 1`);
      await c.query('ROLLBACK');
    } finally {
      c.release();
    }
    expect((await compose(gm.token, 'grade')).items.map((i) => i.key)).toEqual(['POISON']);
    await addTx(0, 'K-A2', day(-1), '1.00');
    await expectGmRight('after the write that followed the rollback');
  });

  it('ANA-4 a write committed while the composition is computed: the answer is the snapshot before it, stamped so; the next read recomputes', async () => {
    await expectGmRight('before');
    const before = await direct('grade');
    await t.database.ownerPool.query(`DELETE FROM composition_cache`);
    const r = await computeCompositionForAudience(t.database.db, 'all', 'grade', from, to, {
      afterSnapshot: async () => {
        await addTx(1, 'K-INFLIGHT', day(-2), '333.33', [{ product: '阀门', quantity: '1', price: '333.33', category: '流体控制' }]);
      },
    });
    const inFlight = r.results.get('grade')!;
    expect(inFlight.groups.map((g) => ({ key: g.key, amount: Number(g.amount).toFixed(2), previousAmount: Number(g.previous).toFixed(2), customers: g.customers })).filter((g) => g.amount !== '0.00' || g.previousAmount !== '0.00').sort(byKey))
      .toEqual(before.items.map((i) => ({ key: i.key, amount: i.amount, previousAmount: i.previousAmount, customers: i.customers })));
    const stamped = (await t.database.ownerPool.query(`SELECT generation::text AS g FROM composition_cache WHERE dimension = 'grade' AND from_day = $1 AND to_day = $2`, [from, to])).rows[0].g;
    expect(stamped).toBe(r.generation);
    expect(comparable(await compose(gm.token, 'grade'))).not.toEqual(before);
    await expectGmRight('after the write committed in flight');
    const restamped = (await t.database.ownerPool.query(`SELECT generation::text AS g FROM composition_cache WHERE dimension = 'grade' AND from_day = $1 AND to_day = $2`, [from, to])).rows[0].g;
    expect(BigInt(restamped)).toBeGreaterThan(BigInt(stamped));
  });

  it('ANA-1 ANA-4 SEC-2 callers who do not see every archive are never served the gm entry; customers they may not see never count', async () => {
    await expectGmRight('before');
    await poison();
    // a rep: their own customers only, computed for them
    const mine = await compose(rep2.token, 'grade');
    expect(comparable(mine)).toEqual(await direct('grade', `c.owner_id = ${rep2.id}`));
    expect(JSON.stringify(mine)).not.toContain('POISON');
    // the marketing director: every archive but top secret, from that audience's own entry — a customer
    // with sales made top secret is recomputed out of it and never counts
    for (const by of ['grade', 'product'] as const) {
      const d = await compose(director.token, by);
      expect(JSON.stringify(d)).not.toContain('POISON');
      expect(comparable(d), `director by ${by}`).toEqual(await direct(by, `c.secrecy_level <> 'top_secret'`));
      if (by === 'product') expect(JSON.stringify(d)).toContain('缓存丁有限公司');
    }
    await poison('below_top_secret', ['grade', 'product'], director.token);
    await t.database.ownerPool.query(`UPDATE customers SET secrecy_level = 'top_secret' WHERE id = $1`, [customers[3]!.id]);
    for (const by of ['grade', 'product'] as const) {
      const d = await compose(director.token, by);
      expect(JSON.stringify(d)).not.toContain('POISON');
      expect(comparable(d), `director by ${by}`).toEqual(await direct(by, `c.secrecy_level <> 'top_secret'`));
      expect(JSON.stringify(d)).not.toContain('缓存丁有限公司');
    }
    expect(comparable(await compose(gm.token, 'product'))).toEqual(await direct('product'));
    expect(JSON.stringify(await compose(gm.token, 'product'))).toContain('缓存丁有限公司');
    // the gm with a filter is computed for the filter, not served the unfiltered entry
    const filtered = await t.request('GET', `/api/v1/analytics/composition?by=grade&from=${from}&to=${to}&region=44`, { token: gm.token });
    expect(JSON.stringify(filtered.json())).not.toContain('POISON');
    expect(comparable(filtered.json())).toEqual(await direct('grade', `c.region LIKE '44%'`));
    // a merged archive never counts for the gm (its sales moved to the survivor)
    expect((await t.database.ownerPool.query(`SELECT count(*)::int AS n FROM customers WHERE merged_into IS NOT NULL`)).rows[0].n).toBeGreaterThan(0);
    await addTx(0, 'K-A3', day(-1), '2.00');
    await expectGmRight('after');
  });

  it('ANA-4 the warm job computes the year-to-date compositions once, folds the write log without changing the generation, and recomputes after a write', async () => {
    const first = await warmCompositions(t.database.db);
    const all = [...dimensions.map((d) => `all:${d}`), ...['grade', 'tier', 'abcClass', 'province', 'city'].map((d) => `below_top_secret:${d}`), 'all:sales-total', 'below_top_secret:sales-total'].sort();
    expect([...first.computed].sort()).toEqual(all);
    expect((await warmCompositions(t.database.db)).computed).toEqual([]);
    // the entries of our period stay current across a fold: poison them, fold, and they are still served
    await expectGmRight('before the fold');
    await addTx(0, 'K-A4', day(-1), '3.00');
    await expectGmRight('after a write');
    await poison();
    expect((await t.database.ownerPool.query(`SELECT count(*)::int AS n FROM analytics_write_log`)).rows[0].n).toBeGreaterThan(0);
    const again = await warmCompositions(t.database.db);
    expect((await t.database.ownerPool.query(`SELECT count(*)::int AS n FROM analytics_write_log`)).rows[0].n).toBe(0);
    expect([...again.computed].sort()).toEqual(all); // the year to date was made stale by the write
    expect((await compose(gm.token, 'grade')).items.map((i) => i.key)).toEqual(['POISON']);
    await addTx(0, 'K-A5', day(-1), '4.00');
    await expectGmRight('after the next write');
  });
});
