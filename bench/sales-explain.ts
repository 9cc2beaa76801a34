/**
 * EXPLAIN (ANALYZE, BUFFERS) of the sales scenario's statements (issue 15, ANA-4, SAL-1) on a
 * running benchmark cluster: each composition and the aging for the gm and the largest sales rep,
 * as the services build them, and — with `--direct` — the direct forms over the transactions and
 * payments they replaced. Prints each statement's execution time and the plan's top lines.
 * With `--deltas`: for each of the gm's compositions, a sale is written (SQL, through the same
 * triggers) after its entry is current, and the statements that bring the entry current by the
 * deltas (migration 0213) are timed and explained.
 *   npx tsx bench/sales-explain.ts DATA_DIR [--direct] [--full] [--by=DIMENSION | --aging | --deltas]
 */
import { CompiledQuery, Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/server/db/schema.js';
import { appliedSalesDeltas, getComposition } from '../src/server/modules/analytics/composition.service.js';
import { receivablesAging } from '../src/server/modules/sales/sales.service.js';
import { benchPgUrl } from './server.js';

const [dataDir, ...flags] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: bench/sales-explain.ts DATA_DIR [--direct] [--full]');
const pool = new pg.Pool({ connectionString: benchPgUrl(dataDir), max: 2, options: '-c role=kedang_app -c statement_timeout=120s' });
let captured: { sql: string; parameters: readonly unknown[] }[] = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e: LogEvent) => void captured.push({ sql: e.query.sql, parameters: e.query.parameters }) });

async function explain(name: string, sql: string, parameters: readonly unknown[]) {
  try {
    const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [...parameters]));
    const lines = r.rows.map((x) => x['QUERY PLAN']);
    console.log(`\n=== ${name}: ${lines.find((l) => l.startsWith('Execution Time'))}`);
    console.log((flags.includes('--full') ? lines : lines.slice(0, 14)).join('\n'));
  } catch (e) {
    console.log(`\n=== ${name}: FAILED ${String(e).slice(0, 200)}`);
  }
}

const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const from = new Date(Date.UTC(Number(to.slice(0, 4)) - 1, Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)) + 1)).toISOString().slice(0, 10);
const gm = (await pool.query(`SELECT id::text FROM users ORDER BY roles @> '{gm}' DESC, id LIMIT 1`)).rows[0].id as string; // the bench adds the gm; any user with the gm role reads the same
const rep = (await pool.query(`SELECT u.id::text FROM users u JOIN customers c ON c.owner_id = u.id WHERE u.roles = '{sales}' GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`)).rows[0].id as string;
const only = flags.find((f) => f.startsWith('--by='))?.slice(5);
if (flags.includes('--deltas')) {
  const customer = (await pool.query(`SELECT id::text FROM customers WHERE merged_into IS NULL AND lifecycle IN ('active', 'dormant') ORDER BY id LIMIT 1`)).rows[0].id as string;
  for (const by of ['grade', 'tier', 'abcClass', 'product', 'productCategory', 'province', 'city'] as const) {
    if (only && by !== only) continue;
    await getComposition(db, { userId: gm, roles: ['gm'] } as never, { by, from, to } as never);
    await pool.query(`WITH x AS (INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, $2, $3, 1234.56) RETURNING id)
                      INSERT INTO transaction_lines (transaction_id, line_no, product, category, quantity, price) SELECT id, 1, '阀门', '流体控制', 2, 617.28 FROM x`, [customer, `EXPLAIN-${Date.now()}-${by}`, to]);
    captured = [];
    const t0 = performance.now();
    const r = await appliedSalesDeltas(db, 'all', by, from, to);
    console.log(`\n##### ${by}: applied ${r !== null} in ${(performance.now() - t0).toFixed(0)} ms (wall, ${captured.length} statements)`);
    for (const q of captured.filter((x) => /analytics_sales_deltas/.test(x.sql))) await explain(`deltas of ${by}: ${/product_sales_daily p/.test(q.sql) ? 'per customer and key' : 'per customer'}`, q.sql, q.parameters);
  }
  await pool.end();
  process.exit(0);
}
for (const [who, p] of [['gm', { userId: gm, roles: ['gm'] }], ['rep', { userId: rep, roles: ['sales'] }]] as const) {
  for (const by of ['grade', 'tier', 'abcClass', 'product', 'productCategory', 'province', 'city'] as const) {
    if ((only && by !== only) || flags.includes('--aging')) continue;
    captured = [];
    // the gm's answer is cached (composition_cache): removed first, so that the statement computing it runs
    if (who === 'gm') await pool.query(`DELETE FROM composition_cache WHERE dimension = $1 AND from_day = $2 AND to_day = $3`, [by, from, to]);
    await getComposition(db, p as never, { by, from, to } as never);
    const q = captured.filter((x) => /sales_daily/.test(x.sql)).at(-1) ?? captured.at(-1)!;
    await explain(`composition by ${by} (${who})`, q.sql, q.parameters);
  }
  captured = [];
  await receivablesAging(db, p as never, who === 'rep' ? { ownerId: rep } : {});
  const q = captured.at(-1)!;
  await explain(`aging (${who})`, q.sql, q.parameters);
}
if (flags.includes('--direct')) {
  const prevFrom = new Date(Date.parse(`${from}T00:00:00Z`) - (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) + 86_400_000)).toISOString().slice(0, 10);
  await explain('DIRECT gm composition by grade over transactions', `
    WITH per AS MATERIALIZED (SELECT t.customer_id, c.credit_grade AS key, sum(t.amount) FILTER (WHERE t.date >= $1::date) AS cur, sum(t.amount) FILTER (WHERE t.date < $1::date) AS prev
      FROM transactions t JOIN customers c ON c.id = t.customer_id WHERE t.date BETWEEN $3::date AND $2::date AND c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant') GROUP BY 1, 2)
    SELECT key, sum(cur), sum(prev), count(*) FROM per GROUP BY key UNION ALL SELECT NULL, NULL, NULL, length(string_agg((cur * 100)::bigint::text, ',')) FROM per WHERE cur > 0`, [from, to, prevFrom]);
  await explain('DIRECT gm aging over payments', `
    SELECT CASE WHEN ($1::date - p.due_on) <= 0 THEN 'not_due' WHEN ($1::date - p.due_on) <= 30 THEN '0-30' WHEN ($1::date - p.due_on) <= 60 THEN '31-60' WHEN ($1::date - p.due_on) <= 90 THEN '61-90' ELSE 'over_90' END, count(*), sum(p.amount)
      FROM payments p JOIN transactions t ON t.id = p.transaction_id JOIN customers c ON c.id = t.customer_id WHERE p.paid_on IS NULL AND NOT p.bad_debt GROUP BY 1`, [to]);
}
await db.destroy();
