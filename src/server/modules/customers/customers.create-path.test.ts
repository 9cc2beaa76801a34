import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { formatArchiveNo, searchTerms } from './customers.rules.js';

let t: TestApp;
let cs: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('create.path', ['cs_staff']);
});
afterAll(async () => t?.close());

const year = new Date().getFullYear();

describe('ARC-2 × PLT-7 a create in one statement under the number lock', () => {
  it('ARC-1 ARC-2 PLT-7 the created archive, its terms, history and audit are what the API returns and what searchTerms derives', async () => {
    const r = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '杭州市云栖数据科技有限公司', shortName: '云栖数据', customerType: 'direct', phone: '0571-88886666', bankAccount: '6222020200112233445', confirmDuplicate: true } });
    expect(r.statusCode).toBe(201);
    const c = r.json<{ id: string; archiveNo: string; ownerName: string; revisionCount: number; version: number }>();
    expect(c.ownerName).toBe('create.path');
    expect(c.revisionCount).toBe(0);
    const got = (await t.request('GET', `/api/v1/customers/${c.id}`, { token: cs.token })).json();
    expect({ ...got, viewOnly: undefined, watermark: undefined, accessVia: undefined }).toEqual({ ...c, viewOnly: undefined, watermark: undefined, accessVia: undefined });
    const terms = await t.database.ownerPool.query<{ term: string; rank: number; name_len: number }>('SELECT term, rank, name_len FROM customer_terms WHERE customer_id = $1 ORDER BY term, rank', [c.id]);
    const expected = searchTerms('杭州市云栖数据科技有限公司', '云栖数据').map((x) => ({ term: x.term, rank: x.rank, name_len: x.nameLen })).sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.rank - b.rank));
    expect(terms.rows).toEqual(expected);
    const history = await t.database.ownerPool.query<{ snapshot: { archiveNo: string; bankAccount: string } }>(`SELECT snapshot FROM customer_history WHERE customer_id = $1 AND version = 0`, [c.id]);
    expect(history.rows[0]!.snapshot.archiveNo).toBe(c.archiveNo);
    expect(history.rows[0]!.snapshot.bankAccount).not.toContain('6222020200112233445'); // sealed (SEC-12)
    const audit = await t.database.ownerPool.query<{ data: { archiveNo: string } }>(`SELECT data FROM audit_events WHERE action = 'customer.created' AND entity_id = $1`, [c.id]);
    expect(audit.rows[0]!.data.archiveNo).toBe(c.archiveNo);
  });

  it('ARC-2 the number written in SQL is formatArchiveNo\'s, beyond 6 digits too', async () => {
    await t.database.ownerPool.query(`UPDATE archive_counters SET last = 999998 WHERE prefix = 'KH' AND year = $1`, [year]);
    const nos: string[] = [];
    for (const name of ['六位数最后一号贸易有限公司', '七位数第一号贸易有限公司']) {
      const r = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name, customerType: 'dealer', confirmDuplicate: true } });
      expect(r.statusCode).toBe(201);
      nos.push(r.json<{ archiveNo: string }>().archiveNo);
    }
    expect(nos).toEqual([formatArchiveNo('KH', year, 999999), formatArchiveNo('KH', year, 1000000)]);
  });

  it('ARC-2 a refused create (a reference to no archive) uses no number: the sequence stays gap-free', async () => {
    const before = (await t.database.ownerPool.query<{ last: number }>(`SELECT last FROM archive_counters WHERE prefix = 'KH' AND year = $1`, [year])).rows[0]!.last;
    const r = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '失败的新建有限公司', customerType: 'dealer', confirmDuplicate: true, referredBy: '999999999' } });
    expect(r.statusCode).toBe(400);
    const after = (await t.database.ownerPool.query<{ last: number }>(`SELECT last FROM archive_counters WHERE prefix = 'KH' AND year = $1`, [year])).rows[0]!.last;
    expect(after).toBe(before);
  });

  it('ARC-2 PLT-7 if the last message (history, audit and COMMIT) fails, nothing of the create stays, the number included, and the connections serve the next creates', async () => {
    const counter = async () => (await t.database.ownerPool.query<{ last: number }>(`SELECT last FROM archive_counters WHERE prefix = 'KH' AND year = $1`, [year])).rows[0]!.last;
    // the second statement (the history row) fails for this one name: a trigger only the test installs
    await t.database.ownerPool.query(`CREATE FUNCTION test_fail_history() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'history refused by the test'; END $$`);
    await t.database.ownerPool.query(`CREATE TRIGGER test_fail_history BEFORE INSERT ON customer_history FOR EACH ROW WHEN (NEW.snapshot->>'name' = '第二句失败贸易有限公司') EXECUTE FUNCTION test_fail_history()`);
    try {
      const before = await counter();
      const failed = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '第二句失败贸易有限公司', customerType: 'dealer', confirmDuplicate: true } });
      expect(failed.statusCode).toBe(500);
      expect(await counter()).toBe(before);
      const left = await t.database.ownerPool.query(`SELECT c.id FROM customers c WHERE c.name = '第二句失败贸易有限公司' UNION ALL SELECT t.customer_id FROM customer_terms t WHERE t.term = '第二' AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = t.customer_id)`);
      expect(left.rows).toEqual([]);
      // every pooled connection is back outside a transaction: more creates than the pool has connections, at once
      const made = await Promise.all(Array.from({ length: 25 }, (_, i) => t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: `并发新建${i}号贸易有限公司`, customerType: 'dealer', confirmDuplicate: true } })));
      expect(made.map((r) => r.statusCode)).toEqual(Array(25).fill(201));
      const numbers = made.map((r) => r.json<{ archiveNo: string }>().archiveNo).sort();
      expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => formatArchiveNo('KH', year, before + 1 + i)));
      const written = await t.database.ownerPool.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM customers c WHERE c.archive_no = ANY($1) AND EXISTS (SELECT 1 FROM customer_history h WHERE h.customer_id = c.id AND h.version = 0)
           AND EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'customer.created' AND a.entity_id = c.id::text)`, [numbers]);
      expect(written.rows[0]!.n).toBe('25');
    } finally {
      await t.database.ownerPool.query(`DROP TRIGGER test_fail_history ON customer_history; DROP FUNCTION test_fail_history()`);
    }
  });
});
