import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pinyin } from 'pinyin-pro';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../src/server/testing/test-app.js';
import { emptyShareInvalid } from './archive.js';
import { report } from './harness.js';
import { BENCH_PASSWORD, loadBenchData } from './large.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => t.database.ownerPool.query<T>(sql, params).then((r) => r.rows);
const shape = async () => ({
  indexes: (await q<{ n: string }>(`SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'public'`))[0]!.n,
  foreignKeys: (await q<{ d: string }>(`SELECT string_agg(conname || pg_get_constraintdef(oid), ',' ORDER BY conname) AS d FROM pg_constraint WHERE contype = 'f'`))[0]!.d,
});

describe('PLT-7 the benchmark data generator (issue 12 items 1 and 3)', () => {
  it('PLT-7 loads 2,000 customers with the derived rows the write path makes, the schema put back, and searches that find them', async () => {
    const before = await shape();
    const r = await loadBenchData(t.database.url, { customers: 2000, seed: 7 });
    expect(r).toMatchObject({ customers: 2000 });
    expect(r.contacts).toBeGreaterThanOrEqual(2000);
    // indexes and foreign keys set aside for the load are all back, and checked
    expect(await shape()).toEqual(before);
    // the pinyin side table of migration 0046 (while it exists: a later search index may replace it)
    const pinyinTable = (await q<{ t: string | null }>(`SELECT to_regclass('customer_pinyin')::text AS t`))[0]!.t !== null;
    const counts = (await q<{ c: string; p: string; t: string; h: string }>(`SELECT (SELECT count(*) FROM customers) AS c, ${pinyinTable ? '(SELECT count(*) FROM customer_pinyin)' : '2000'}::text AS p,
      (SELECT count(DISTINCT customer_id) FROM customer_terms) AS t, (SELECT count(DISTINCT customer_id) FROM customer_history) AS h`))[0]!;
    expect(counts).toEqual({ c: '2000', p: '2000', t: '2000', h: '2000' });

    // a customer created through the API from the same fields has the same derived rows
    const g = (await q<{ id: string; name: string; short_name: string; phone: string; customer_type: string }>(`SELECT id, name, short_name, phone, customer_type FROM customers ORDER BY id LIMIT 1 OFFSET 137`))[0]!;
    const cs = await t.login('kefu1', BENCH_PASSWORD);
    const created = await t.request('POST', '/api/v1/customers', { token: cs, body: { name: g.name, shortName: g.short_name, phone: g.phone, customerType: g.customer_type, confirmDuplicate: true } });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json<{ id: string }>().id;
    const derived = (id: string) => q(`SELECT name_norm, name_pinyin, name_initials, phone_digits FROM customers WHERE id = $1`, [id]);
    expect(await derived(g.id)).toEqual(await derived(a));
    const terms = (id: string) => q(`SELECT term, rank, name_len FROM customer_terms WHERE customer_id = $1 ORDER BY term, rank, name_len`, [id]);
    expect((await terms(g.id)).length).toBeGreaterThan(0);
    expect(await terms(g.id)).toEqual(await terms(a));
    if (pinyinTable) {
      const py = (id: string) => q(`SELECT name_initials FROM customer_pinyin WHERE customer_id = $1`, [id]);
      expect(await py(g.id)).toEqual(await py(a));
      expect(await py(a)).toHaveLength(1);
    }
    // every table (present or future) in which the API's creation leaves a row for its customer has one for the generated customer too
    const tables = await q<{ table_name: string }>(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'customer_id' ORDER BY table_name`);
    const missing: string[] = [];
    for (const { table_name } of tables) {
      const [x] = await q<{ api: string; gen: string }>(`SELECT count(*) FILTER (WHERE customer_id = $1) AS api, count(*) FILTER (WHERE customer_id = $2) AS gen FROM "${table_name}"`, [a, g.id]);
      if (Number(x!.api) > 0 && Number(x!.gen) === 0) missing.push(table_name);
    }
    expect(missing).toEqual([]);

    // the search kinds the benchmark measures find the generated archives through the product
    const city = g.name.replace(/^(.+?市)/, '');
    const brand = [...city].slice(0, 2).join('');
    const queries = [pinyin(brand, { toneType: 'none', type: 'array' }).join(''), pinyin(brand, { pattern: 'first', toneType: 'none', type: 'array' }).join(''), [...city].slice(1, 3).join(''), g.phone.replace(/\D/g, '').slice(-8)];
    for (const query of queries) {
      const found = (await t.request('GET', `/api/v1/customers?limit=200&q=${encodeURIComponent(query)}`, { token: cs })).json<{ items: { id: string }[] }>().items;
      expect(found.map((c) => c.id), query).toContain(g.id);
    }
  });

  it('PLT-7 a search figure whose queries mostly found nothing is invalid and fails the report', () => {
    expect(emptyShareInvalid(0, 100)).toBe(false);
    expect(emptyShareInvalid(10, 100)).toBe(false);
    expect(emptyShareInvalid(11, 100)).toBe(true);
    expect(emptyShareInvalid(99, 100)).toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-bench-report-'));
    try {
      const log = console.log;
      console.log = () => {};
      let ok: boolean;
      try {
        ok = report([{ name: 'search: full pinyin p95', value: 6, unit: 'ms', target: 50, better: 'lower', invalid: '99 of 100 queries found nothing' }], dir);
      } finally {
        console.log = log;
      }
      expect(ok).toBe(false);
      const saved = JSON.parse(readFileSync(path.join(dir, 'latest.json'), 'utf8'));
      expect(saved.figures[0]).toMatchObject({ pass: false, invalid: '99 of 100 queries found nothing' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
