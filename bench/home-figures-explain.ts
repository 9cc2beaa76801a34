/**
 * ANA-2 ANA-4 the home figures against what the widgets ran before (the month's composition, the
 * completeness report): wall time (median of 5) and the slowest statement's EXPLAIN (ANALYZE, BUFFERS)
 * execution time, and the figures side by side. On a running cluster of a generated set (never on
 * /work/bench/large itself): `KEDANG_MEASURE_URL=postgres://kedang:…@127.0.0.1:PORT/kedang npx tsx bench/home-figures-explain.ts`.
 */
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/server/db/schema.js';
import type { Principal } from '../src/server/modules/auth/principal.js';
import { getComposition, salesFigures } from '../src/server/modules/analytics/composition.service.js';
import { archiveFigures, getReport } from '../src/server/modules/analytics/reports.service.js';
import { chinaDate } from '../src/server/modules/tasks/working-days.rules.js';

const url = process.env['KEDANG_MEASURE_URL'];
if (!url) throw new Error('set KEDANG_MEASURE_URL to the generated set\'s database');
const pool = new pg.Pool({ connectionString: url, max: 2 });
let captured: { sql: string; params: readonly unknown[] }[] = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e: LogEvent) => { if (e.level === 'query') captured.push({ sql: e.query.sql, params: e.query.parameters }); } });

const userWith = async (role: string): Promise<Principal | null> => {
  const u = await db.selectFrom('users').select(['id', 'roles']).where('disabled', '=', false).where((eb) => eb(eb.val(role), '=', eb.fn.any('roles'))).orderBy('id').executeTakeFirst();
  return u ? ({ userId: u.id, roles: u.roles } as unknown as Principal) : null;
};
async function time(label: string, fn: () => Promise<unknown>) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    captured = [];
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  // the heaviest statement of the call, explained
  let best = { sql: '', params: [] as readonly unknown[], exec: 0 };
  for (const q of captured) {
    const r = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, q.params as unknown[]);
    const plan = (r.rows[0] as { 'QUERY PLAN': { 'Execution Time': number }[] })['QUERY PLAN'][0]!;
    if (plan['Execution Time'] > best.exec) best = { ...q, exec: plan['Execution Time'] };
  }
  console.log(`${label.padEnd(60)} wall median ${ms[2]!.toFixed(1)} ms (min ${ms[0]!.toFixed(1)}, max ${ms[4]!.toFixed(1)}); ${captured.length} statements; slowest EXPLAIN ANALYZE execution ${best.exec.toFixed(1)} ms`);
}

const today = chinaDate(new Date());
const from = `${today.slice(0, 8)}01`;
const gm = await userWith('gm');
const director = await userWith('marketing_director');
const csm = await userWith('cs_manager');
let archivist = await userWith('archivist');
if (!archivist && gm) archivist = { ...gm, roles: ['archivist'] } as Principal;
for (const [who, p] of [['gm', gm], ['marketing director', director]] as const) {
  if (!p) continue;
  await time(`before: composition by tier, this month (${who})`, () => getComposition(db, p, { by: 'tier', from, to: today } as never));
  await time(`after:  salesFigures, this month (${who})`, () => salesFigures(db, p, { from, to: today }));
  const a = await getComposition(db, p, { by: 'tier', from, to: today } as never);
  const b = await salesFigures(db, p, { from, to: today });
  console.log(`   same figures: total ${a.total} = ${b.total}; previous ${a.items.reduce((n, i) => n + Number(i.previousAmount), 0).toFixed(2)} ≈ ${b.previous}`);
}
if (csm) {
  await time('before: archive-completeness report (cs manager)', () => getReport(db, csm, 'archive-completeness', {} as never));
  await time('after:  archiveFigures (cs manager)', () => archiveFigures(db, csm));
  const r = await getReport(db, csm, 'archive-completeness', {} as never);
  console.log('   same figures:', JSON.stringify({ customers: r.totals!['customers'], documentsMissing: r.totals!['documentsMissing'], fieldsMissing: r.totals!['fieldsMissing'], complete: r.totals!['complete'] }), JSON.stringify(await archiveFigures(db, csm)));
}
await time('archivist: archiveFigures over the register', () => archiveFigures(db, archivist!));
console.log('   ', JSON.stringify(await archiveFigures(db, archivist!)));
await db.destroy();
