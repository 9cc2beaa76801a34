/**
 * ANA-4 SAL-1 issue 15: the rollups the compositions and the aging read (migration 0184:
 * sales_daily, product_sales_daily, open_receivables) are exactly what a direct computation over
 * transactions, transaction_lines and payments gives — after API writes, two connections writing
 * the same keys at once, an import, a contract signed, a bad-debt write-off, payments made, a
 * transaction moved or deleted, and a destruction's purge. And the answers read from them are the
 * direct computation's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../../contract/imports.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { waitForImport } from '../imports/imports.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';

let t: TestApp;
type U = { id: string; token: string };
let rep: U, rep2: U, finance: U, gm: U, csManager: U, archivist: U, director: U;
const customers: { id: string; archiveNo: string }[] = [];
const today = chinaDate(new Date());
const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('roll.rep', ['sales']);
  rep2 = await t.createUser('roll.rep2', ['sales']);
  finance = await t.createUser('roll.fin', ['finance']);
  gm = await t.createUser('roll.gm', ['gm']);
  csManager = await t.createUser('roll.csm', ['cs_manager']);
  director = await t.createUser('roll.dir', ['marketing_director']);
  archivist = await t.createUser('roll.arch', ['archivist']);
  for (const [i, name] of ['汇总甲有限公司', '汇总乙有限公司', '汇总丙有限公司', '汇总丁有限公司'].entries()) {
    const r = await t.request('POST', '/api/v1/customers', { token: i < 3 ? rep.token : rep2.token, body: { name, customerType: 'direct' } });
    expect(r.statusCode, r.body).toBe(201);
    customers.push(r.json());
  }
  await t.database.db.updateTable('customers').set({ credit_grade: 'AA', region: '440305' }).where('id', '=', customers[0]!.id).execute();
});
afterAll(async () => t?.close());

/** Each rollup beside its direct computation, as sorted text rows. */
async function expectRollupsRight(when: string) {
  const q = async (text: string) => (await t.database.ownerPool.query(text)).rows.map((r) => JSON.stringify(r));
  expect(await q(`SELECT day::text, customer_id::text, amount::text, tx_count FROM sales_daily ORDER BY 1, 2`), `sales_daily ${when}`).toEqual(
    await q(`SELECT date::text AS day, customer_id::text, sum(amount)::text AS amount, count(*)::int AS tx_count FROM transactions GROUP BY 1, 2 ORDER BY 1, 2`),
  );
  expect(await q(`SELECT day::text, customer_id::text, product, category, amount::numeric(30, 8)::text, line_count FROM product_sales_daily ORDER BY 1, 2, 3, 4`), `product_sales_daily ${when}`).toEqual(
    await q(`SELECT t.date::text AS day, t.customer_id::text, l.product, l.category, sum(l.quantity * l.price)::numeric(30, 8)::text AS amount, count(*)::int AS line_count
               FROM transaction_lines l JOIN transactions t ON t.id = l.transaction_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
  );
  expect(await q(`SELECT customer_id::text, due_on::text, count, amount::text FROM open_receivables ORDER BY 1, 2`), `open_receivables ${when}`).toEqual(
    await q(`SELECT t.customer_id::text, p.due_on::text, count(*)::int AS count, sum(p.amount)::text AS amount
               FROM payments p JOIN transactions t ON t.id = p.transaction_id WHERE p.paid_on IS NULL AND NOT p.bad_debt GROUP BY 1, 2 ORDER BY 1, 2`),
  );
}

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = '----kedang' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const addTx = async (c: number, txNo: string, date: string, amount: string, products?: { product: string; quantity: string; price: string; category?: string }[]) => {
  const r = await t.request('POST', `/api/v1/customers/${customers[c]!.id}/transactions`, { token: c < 3 ? rep.token : rep2.token, body: { txNo, date, amount, ...(products ? { products } : {}) } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
};
const addPayment = async (c: number, txId: string, body: Record<string, unknown>) => {
  const r = await t.request('POST', `/api/v1/customers/${customers[c]!.id}/transactions/${txId}/payments`, { token: finance.token, body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; version: number; badDebtApprovalId: string | null };
};

describe('ANA-4 SAL-1 sales and receivable rollups kept by the writes', () => {
  it('ANA-4 SAL-1 after API writes, concurrent writers on two connections, an import, a contract, a write-off, payments, a move, a delete and a purge the rollups equal the direct sums', async () => {
    // API writes: sales with product lines, instalments, one paid
    const a1 = await addTx(0, 'R-A1', day(-40), '8000.00', [{ product: '阀门', quantity: '10', price: '800', category: '流体控制' }]);
    const a2 = await addTx(0, 'R-A2', day(-40), '1200.50', [{ product: '阀门', quantity: '1', price: '1200.5', category: '流体控制' }, { product: '管件', quantity: '3', price: '0.3333' }]);
    const b1 = await addTx(1, 'R-B1', day(-400), '1500.00', [{ product: '管件', quantity: '3', price: '500' }]);
    const d1 = await addTx(3, 'R-D1', day(-10), '300.00');
    await addPayment(0, a1, { dueOn: day(-20), amount: '5000.00' });
    await addPayment(0, a1, { dueOn: day(-20), amount: '3000.00' });
    await addPayment(0, a2, { dueOn: day(20), amount: '1200.50' });
    await addPayment(1, b1, { dueOn: day(-370), amount: '1500.00', paidOn: day(-380) });
    const dPay = await addPayment(3, d1, { dueOn: day(-5), amount: '300.00' });
    await expectRollupsRight('after API writes');

    // two connections write the same (day, customer) and (customer, due date) keys at once, each a
    // multi-row statement in the other's order; one more rolls back
    const pool = t.database.pool;
    const [c1, c2, c3] = [await pool.connect(), await pool.connect(), await pool.connect()];
    try {
      const [x, y] = [customers[0]!.id, customers[1]!.id];
      await Promise.all([c1.query('BEGIN'), c2.query('BEGIN'), c3.query('BEGIN')]);
      const ins = (c: typeof c1, first: string, second: string, tag: string) =>
        c.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, $3 || '-1', $4, 100.10), ($2, $3 || '-2', $4, 200.20) RETURNING id`, [first, second, tag, day(-3)]);
      const r1 = await ins(c1, x, y, 'CC1');
      const pending = ins(c2, y, x, 'CC2'); // waits on c1's keys
      const r3 = await c3.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'CC3', $2, 999) RETURNING id`, [customers[2]!.id, day(-3)]);
      await c1.query(`INSERT INTO payments (transaction_id, due_on, amount) SELECT id, $1, 50 FROM unnest($2::bigint[]) AS id`, [day(-1), r1.rows.map((r) => r.id)]);
      await c1.query(`INSERT INTO transaction_lines (transaction_id, line_no, product, quantity, price) SELECT id, 1, '阀门', 1, 100.10 FROM unnest($1::bigint[]) AS id`, [r1.rows.map((r) => r.id)]);
      await c3.query(`INSERT INTO payments (transaction_id, due_on, amount) VALUES ($1, $2, 999)`, [r3.rows[0].id, day(-1)]);
      await c1.query('COMMIT');
      const r2 = await pending;
      await c2.query(`INSERT INTO payments (transaction_id, due_on, amount) SELECT id, $1, 60 FROM unnest($2::bigint[]) AS id ORDER BY id DESC`, [day(-1), r2.rows.map((r) => r.id)]);
      await c2.query(`INSERT INTO transaction_lines (transaction_id, line_no, product, quantity, price) SELECT id, 1, '阀门', 2, 100.10 FROM unnest($1::bigint[]) AS id`, [r2.rows.map((r) => r.id)]);
      await Promise.all([c2.query('COMMIT'), c3.query('ROLLBACK')]);
    } finally {
      for (const c of [c1, c2, c3]) c.release();
    }
    expect((await t.database.ownerPool.query(`SELECT count(*)::int AS n FROM transactions WHERE tx_no LIKE 'CC%'`)).rows[0].n).toBe(4);
    await expectRollupsRight('after concurrent writers');

    // an import of transactions (one statement for many rows, with their lines)
    const csv = ['档案编号,交易编号,交易日期,金额,产品,数量,单价', `${customers[1]!.archiveNo},IMP-1,${day(-3)},1000,阀门,10,100`, `${customers[0]!.archiveNo},IMP-2,${day(-40)},250.75,,,`, `${customers[2]!.archiveNo},IMP-3,${day(-100)},99.99,电缆,3,33.33`].join('\n');
    const { payload, contentType } = multipart({ entity: 'transactions' }, { name: '交易.csv', data: Buffer.from(csv) });
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${rep.token}`, 'content-type': contentType }, payload });
    expect(up.statusCode, up.body).toBe(201);
    const jobId = up.json<ImportJob>().id;
    await waitForImport(jobId);
    expect((await t.request('POST', `/api/v1/imports/${jobId}/commit`, { token: rep.token, body: {} })).statusCode).toBe(200);
    await waitForImport(jobId);
    expect((await t.request('GET', `/api/v1/imports/${jobId}`, { token: rep.token })).json<ImportJob>().committedRows).toBe(3);
    await expectRollupsRight('after an import');

    // a contract signed: its transaction and instalments
    const k = (await t.request('POST', '/api/v1/contracts', { token: rep.token, body: { customerId: customers[2]!.id, title: '汇总合同', amount: '900.00', signatory: '张三', lines: [{ product: '阀门', quantity: '3', unit: '个', price: '300' }], instalments: [{ dueOn: day(30), amount: '400.00' }, { dueOn: day(60), amount: '500' }] } })).json();
    expect((await t.request('PATCH', `/api/v1/contracts/${k.id}/checklist`, { token: rep.token, body: { version: 0, legalStatus: true, businessScope: true, capacity: true, credit: true, signatoryAuthority: true } })).statusCode).toBe(200);
    const signed = await t.request('POST', `/api/v1/contracts/${k.id}/sign`, { token: rep.token, body: { signedOn: day(0) } });
    expect(signed.statusCode, signed.body).toBe(200);
    await expectRollupsRight('after a contract was signed');

    // a write-off (finance asks, the gm approves) and a payment made
    const d2 = await addTx(3, 'R-D2', day(-30), '700.00');
    const bad = await addPayment(3, d2, { dueOn: day(-2), amount: '700.00', badDebt: true });
    expect((await t.request('POST', `/api/v1/approvals/${bad.badDebtApprovalId}/approve`, { token: gm.token, body: {} })).statusCode).toBe(200);
    const paid = await t.request('PATCH', `/api/v1/customers/${customers[3]!.id}/transactions/${d1}/payments/${dPay.id}`, { token: finance.token, body: { version: dPay.version, paidOn: day(0) } });
    expect(paid.statusCode, paid.body).toBe(200);
    expect((await t.database.ownerPool.query(`SELECT count(*)::int AS n FROM payments WHERE bad_debt`)).rows[0].n).toBe(1);
    await expectRollupsRight('after a write-off and a payment');

    // a transaction moved to another day and customer (with its lines and open instalments), one deleted with its lines
    await t.database.ownerPool.query(`UPDATE transactions SET customer_id = $1, date = $2 WHERE id = $3`, [customers[1]!.id, day(-41), a2]);
    await t.database.ownerPool.query(`UPDATE transaction_lines SET quantity = quantity + 1 WHERE transaction_id = $1`, [a1]);
    const gone = await addTx(2, 'R-GONE', day(-40), '10.00', [{ product: '阀门', quantity: '1', price: '10' }]);
    await t.database.ownerPool.query(`DELETE FROM transactions WHERE id = $1`, [gone]);
    await t.database.ownerPool.query(`DELETE FROM payments WHERE due_on = $1 AND amount = 60`, [day(-1)]);
    await expectRollupsRight('after a move and deletes');

    // SEC-9 a destruction's purge: the product lines go, the transactions and their amounts stay
    const del = (await t.request('POST', `/api/v1/customers/${customers[3]!.id}/protected-changes`, { token: rep2.token, body: { change: 'delete', reason: '客户注销' } })).json();
    expect((await t.request('POST', `/api/v1/approvals/${del.approvalId}/approve`, { token: csManager.token, body: {} })).statusCode).toBe(200);
    await addTx(0, 'R-P0', day(-5), '1.00');
    const lines = await t.database.ownerPool.query(`INSERT INTO transaction_lines (transaction_id, line_no, product, quantity, price) VALUES ($1, 1, '待销毁产品', 1, 300) RETURNING id`, [d1]);
    expect(lines.rowCount).toBe(1);
    const req = await t.request('POST', `/api/v1/customers/${customers[3]!.id}/destruction-requests`, { token: archivist.token, body: { reason: '无保存价值' } });
    expect(req.statusCode, req.body).toBe(201);
    expect((await t.request('POST', `/api/v1/approvals/${req.json().approvalId}/approve`, { token: gm.token, body: {} })).statusCode).toBe(200);
    const done = await t.request('POST', `/api/v1/destructions/${req.json().id}/execute`, { token: archivist.token });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().purged).toMatchObject({ transactionLines: 1 });
    await expectRollupsRight('after a purge');
  });

  it('ANA-1 ANA-2 ANA-4 SAL-1 the compositions and the aging read from the rollups answer as the direct computation, for the gm (every customer), the marketing director and finance (all but the hidden few) and a rep (their own)', async () => {
    const from = day(-365);
    const to = day(0);
    const prevFrom = day(-730);
    const listed = `c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant')`;
    const direct = async (owner: string | null, key: string, lines: boolean) =>
      (
        await t.database.ownerPool.query(
          lines
            ? `SELECT ${key} AS key, coalesce(sum(l.quantity * l.price) FILTER (WHERE t.date >= $1), 0)::numeric(20, 2)::text AS amount, coalesce(sum(l.quantity * l.price) FILTER (WHERE t.date < $1), 0)::numeric(20, 2)::text AS previous
                 FROM transactions t JOIN customers c ON c.id = t.customer_id JOIN transaction_lines l ON l.transaction_id = t.id
                WHERE t.date BETWEEN $3 AND $2 AND ${listed} AND ($4::bigint IS NULL OR c.owner_id = $4) GROUP BY 1 HAVING sum(l.quantity * l.price) <> 0 ORDER BY 1`
            : `SELECT ${key} AS key, coalesce(sum(t.amount) FILTER (WHERE t.date >= $1), 0)::numeric(20, 2)::text AS amount, coalesce(sum(t.amount) FILTER (WHERE t.date < $1), 0)::numeric(20, 2)::text AS previous
                 FROM transactions t JOIN customers c ON c.id = t.customer_id
                WHERE t.date BETWEEN $3 AND $2 AND ${listed} AND ($4::bigint IS NULL OR c.owner_id = $4) GROUP BY 1 HAVING sum(t.amount) <> 0 ORDER BY 1`,
          [from, to, prevFrom, owner],
        )
      ).rows.map((r) => [r.key, r.amount, r.previous]);
    for (const [who, user, owner] of [['gm', gm, null], ['rep', rep, rep.id]] as const) {
      for (const [by, key, lines] of [['grade', 'c.credit_grade', false], ['province', 'left(c.region, 2)', false], ['product', 'l.product', true], ['productCategory', 'l.category', true]] as const) {
        const r = await t.request('GET', `/api/v1/analytics/composition?by=${by}&from=${from}&to=${to}`, { token: user.token });
        expect(r.statusCode, r.body).toBe(200);
        const got = r.json().items.map((i: { key: string | null; amount: string; previousAmount: string }) => [i.key, i.amount, i.previousAmount]).sort((a: string[], b: string[]) => String(a[0]).localeCompare(String(b[0])));
        const want = (await direct(owner, key, lines)).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        expect(got, `${who} by ${by}`).toEqual(want);
        expect(got.length, `${who} by ${by}`).toBeGreaterThan(0);
      }
    }
    // ANA-2 the marketing director (sees every archive but top secret): the whole rollup, customers checked by row —
    // a customer with sales made top secret is left out, exactly as the direct sum leaves it out
    await t.database.ownerPool.query(`UPDATE customers SET secrecy_level = 'top_secret' WHERE id = (SELECT t.customer_id FROM transactions t JOIN customers c ON c.id = t.customer_id WHERE t.date >= $1 AND c.owner_id <> $2 ORDER BY t.id LIMIT 1)`, [from, rep.id]);
    const directSecret = async (key: string, lines: boolean) => {
      const all = await direct(null, key, lines);
      const hidden = (
        await t.database.ownerPool.query(
          `SELECT count(*)::int AS n FROM transactions t JOIN customers c ON c.id = t.customer_id WHERE c.secrecy_level = 'top_secret' AND t.date BETWEEN $1 AND $2`, [prevFrom, to])
      ).rows[0].n;
      return { all, hidden };
    };
    for (const [by, key, lines] of [['grade', 'c.credit_grade', false], ['product', 'l.product', true]] as const) {
      const r = await t.request('GET', `/api/v1/analytics/composition?by=${by}&from=${from}&to=${to}`, { token: director.token });
      expect(r.statusCode, r.body).toBe(200);
      const { all, hidden } = await directSecret(key, lines);
      expect(hidden).toBeGreaterThan(0);
      const want = (
        await t.database.ownerPool.query(
          lines
            ? `SELECT coalesce(sum(l.quantity * l.price) FILTER (WHERE t.date >= $1), 0)::numeric(20, 2)::text AS amount FROM transactions t JOIN customers c ON c.id = t.customer_id JOIN transaction_lines l ON l.transaction_id = t.id
                WHERE t.date BETWEEN $3 AND $2 AND ${listed} AND c.secrecy_level <> 'top_secret'`
            : `SELECT coalesce(sum(t.amount) FILTER (WHERE t.date >= $1), 0)::numeric(20, 2)::text AS amount FROM transactions t JOIN customers c ON c.id = t.customer_id
                WHERE t.date BETWEEN $3 AND $2 AND ${listed} AND c.secrecy_level <> 'top_secret'`,
          [from, to, prevFrom],
        )
      ).rows[0].amount;
      expect(r.json().total, `director by ${by}`).toBe(want);
      expect(all.length).toBeGreaterThan(0);
    }
    // aging: the gm's (the rollup alone), finance's (the rollup less the customers finance may not read:
    // one with an open instalment made A-class, SEC-3) and a rep's own, each as the payments say
    await t.database.ownerPool.query(`UPDATE customers SET abc_class = 'A' WHERE id = (SELECT t.customer_id FROM payments p JOIN transactions t ON t.id = p.transaction_id WHERE p.paid_on IS NULL AND NOT p.bad_debt ORDER BY p.id LIMIT 1)`);
    const aging = async (owner: string | null, financeReads = false) =>
      (
        await t.database.ownerPool.query(
          `SELECT count(*)::int AS n, coalesce(sum(p.amount), 0)::numeric(20, 2)::text AS amount FROM payments p JOIN transactions t ON t.id = p.transaction_id JOIN customers c ON c.id = t.customer_id
            WHERE p.paid_on IS NULL AND NOT p.bad_debt AND ($1::bigint IS NULL OR c.owner_id = $1)
              AND (NOT $2::boolean OR (c.secrecy_level = 'none' AND c.abc_class IS DISTINCT FROM 'A'))`,
          [owner, financeReads],
        )
      ).rows[0];
    for (const [user, q, owner, financeReads] of [[gm, '', null, false], [finance, '', null, true], [rep, `?ownerId=${rep.id}`, rep.id, false]] as const) {
      const r = (await t.request('GET', `/api/v1/receivables/aging${q}`, { token: user.token })).json();
      const want = await aging(owner, financeReads);
      expect(r.total).toEqual({ count: want.n, amount: want.amount });
      expect(want.n).toBeGreaterThan(0);
    }
    expect((await aging(null, true)).n).toBeLessThan((await aging(null)).n);
  });
});
