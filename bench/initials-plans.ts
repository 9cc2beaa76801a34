/**
 * PLT-7 the pinyin-initials search (issue 12): the bench's initials entries (brand initials + two
 * more, as bench/archive.ts makes them) through listCustomers for customer service, each entry's
 * time and result count, and EXPLAIN (ANALYZE, BUFFERS) of the slowest entries' candidate statement.
 * On a running cluster of a generated set (never on /work/bench/large itself):
 *
 *   KEDANG_DATA_DIR=DIR KEDANG_MEASURE_URL=postgres://kedang:…@127.0.0.1:PORT/kedang npx tsx bench/initials-plans.ts
 */
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { pinyin } from 'pinyin-pro';
import type { DB } from '../src/server/db/schema.js';
import type { Principal } from '../src/server/modules/auth/principal.js';
import { listCustomers } from '../src/server/modules/customers/customers.service.js';
import { loadKeyring, useKeyring } from '../src/server/shared/keyring.js';

const url = process.env['KEDANG_MEASURE_URL'];
if (!url) throw new Error("set KEDANG_MEASURE_URL to the generated set's database");
const pool = new pg.Pool({ connectionString: url, max: 2 });
useKeyring(loadKeyring({ secretKey: process.env['KEDANG_SECRET_KEY'], dataDir: process.env['KEDANG_DATA_DIR'] ?? './data-bench-large' }));
let captured: { sql: string; params: readonly unknown[]; ms: number }[] = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e: LogEvent) => void (e.level === 'query' && captured.push({ sql: e.query.sql, params: e.query.parameters, ms: e.queryDurationMillis })) });

const u = (await db.selectFrom('users').select(['id', 'username', 'roles']).where('username', '=', process.env['USER_NAME'] ?? 'kefu1').executeTakeFirstOrThrow());
const p = { userId: u.id, roles: u.roles, managesDepartments: false } as unknown as Principal;
const sample = (await sql<{ name: string }>`SELECT name FROM customers TABLESAMPLE SYSTEM (0.15) REPEATABLE (42) WHERE abc_class IS DISTINCT FROM 'A' AND phone IS NOT NULL LIMIT 300`.execute(db)).rows;
const city = (n: string) => n.replace(/^(.+?市)/, '');
const first = (s: string) => pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
const entries = process.env['ENTRIES'] ? process.env['ENTRIES'].split(',') : [...new Set(sample.map((c) => first([...city(c.name)].slice(0, 2).join('')) + first([...city(c.name)].slice(2, 4).join(''))))].slice(0, Number(process.env['N'] ?? 100));

const client = await pool.connect();
const lit = (v: unknown): string => {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return client.escapeLiteral(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return client.escapeLiteral(String(v));
};
const runs: { q: string; ms: number; n: number; ids: string; stmt: { sql: string; params: readonly unknown[] }; each: string }[] = [];
for (const q of entries) await listCustomers(db, p, { q, limit: 20 } as never); // warm
for (const q of entries) {
  captured = [];
  const t0 = performance.now();
  const r = await listCustomers(db, p, { q, limit: 20 } as never);
  runs.push({ q, ms: performance.now() - t0, n: r.items.length, ids: r.items.map((c) => c.id).join(','), stmt: captured[0]!, each: captured.map((x) => `${x.ms.toFixed(1)}ms ${x.sql.slice(0, 60).replace(/\s+/g, ' ')}`).join('\n  ') });
}
runs.sort((a, b) => a.ms - b.ms);
const at = (f: number) => runs[Math.min(runs.length - 1, Math.floor(f * runs.length))]!.ms.toFixed(1);
console.log(`${runs.length} entries: p50 ${at(0.5)} ms p95 ${at(0.95)} ms max ${at(0.999)} ms; empty ${runs.filter((r) => r.n === 0).length}`);
for (const r of runs.slice(runs.length - Number(process.env['EACH'] ?? 0))) console.log(`"${r.q}" ${r.ms.toFixed(1)} ms:\n  ${r.each}`);
if (process.env['ALLPLANS']) {
  // planning and execution of each entry's candidate statement (custom plan), as percentiles
  const plan: number[] = [];
  const exec: number[] = [];
  const bufs: [number, string][] = [];
  for (const r of runs) {
    const text = r.stmt.sql.replace(/\$(\d+)/g, (_, i) => lit(r.stmt.params[Number(i) - 1]));
    for (let k = 0; k < 2; k++) {
      const j = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`)).rows[0]['QUERY PLAN'][0];
      if (k === 1) (plan.push(j['Planning Time']), exec.push(j['Execution Time']), bufs.push([j.Plan['Shared Hit Blocks'] + j.Plan['Shared Read Blocks'], r.q]));
    }
  }
  const pct = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))]!.toFixed(2);
  bufs.sort((a, b) => a[0] - b[0]);
  console.log(`buffers p50 ${bufs[50]?.[0]} p95 ${bufs[95]?.[0]} max ${bufs.at(-1)?.join(' ')}`);
  console.log(`candidate statement: planning p50 ${pct(plan, 0.5)} p95 ${pct(plan, 0.95)} ms; execution p50 ${pct(exec, 0.5)} p95 ${pct(exec, 0.95)} max ${pct(exec, 0.999)} ms`);
}
if (process.env['COMPARE_OLD']) {
  // the same statement with the initials path as it was before 0210 (ranked from the customers row), alternately
  // with the current one under the same load: execution time and buffers of each, as percentiles
  const asOld = (text: string) =>
    text.replace(
      /select \* from \(select "p"\."customer_id" as "id", CASE WHEN p\.name_initials LIKE ('[^']*') THEN 1 ELSE 2 END as "rank", "p"\."name_len" from "customer_pinyin" as "p" where "p"\."name_initials" like ('[^']*') limit (\d+)\) as "z"/,
      (_, prefix, like, cap) => `select "cp"."id", CASE WHEN cp.name_initials LIKE ${prefix} THEN 1 ELSE 2 END as "rank", length(cp.name) as "name_len" from "customers" as "cp" where "cp"."id" in (select "p"."customer_id" from "customer_pinyin" as "p" where "p"."name_initials" like ${like} limit ${cap})`,
    );
  const m = { old: { exec: [] as number[], bufs: [] as number[] }, now: { exec: [] as number[], bufs: [] as number[] } };
  for (const r of runs) {
    const text = r.stmt.sql.replace(/\$(\d+)/g, (_, i) => lit(r.stmt.params[Number(i) - 1]));
    const old = asOld(text);
    if (old === text) throw new Error('the initials path was not found in the statement');
    for (let k = 0; k < 3; k++) {
      for (const [key, t] of [['old', old], ['now', text]] as const) {
        const j = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${t}`)).rows[0]['QUERY PLAN'][0];
        if (k > 0) (m[key].exec.push(j['Execution Time']), m[key].bufs.push(j.Plan['Shared Hit Blocks'] + j.Plan['Shared Read Blocks']));
      }
    }
  }
  const pct = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))]!.toFixed(2);
  for (const key of ['old', 'now'] as const) console.log(`${key}: execution p50 ${pct(m[key].exec, 0.5)} p95 ${pct(m[key].exec, 0.95)} ms; buffers p50 ${pct(m[key].bufs, 0.5)} p95 ${pct(m[key].bufs, 0.95)} max ${pct(m[key].bufs, 0.999)}`);
}
if (process.env['IDS_OUT']) (await import('node:fs')).writeFileSync(process.env['IDS_OUT'], runs.map((r) => `${r.q}\t${r.ids}`).sort().join('\n') + '\n');
for (const r of runs.slice(runs.length - Number(process.env["SHOW"] ?? 3))) {
  const text = r.stmt.sql.replace(/\$(\d+)/g, (_, i) => lit(r.stmt.params[Number(i) - 1]));
  const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`)).rows.map((x) => x['QUERY PLAN']).join('\n');
  console.log(`\n=== "${r.q}" ${r.ms.toFixed(1)} ms, ${r.n} rows\n${process.env['SQL'] ? text + '\n' : ''}${plan}`);
}
client.release();
await db.destroy();
