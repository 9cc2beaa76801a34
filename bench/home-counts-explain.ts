/**
 * ANA-2 issue 15: EXPLAIN (ANALYZE, BUFFERS) of the managers' home-page statements — the key and
 * big customers not contacted for 90 days (count), the grade migration and this month's sales — for
 * the gm and the marketing director, as the services build them, on a running benchmark cluster:
 *   npx tsx bench/home-counts-explain.ts DATA_DIR
 * Each statement's execution time and the plan's top lines; a cached figure shows as a lookup.
 */
import { CompiledQuery, Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/server/db/schema.js';
import type { Principal } from '../src/server/modules/auth/principal.js';
import { salesFigures } from '../src/server/modules/analytics/composition.service.js';
import { getReport } from '../src/server/modules/analytics/reports.service.js';
import { countCustomers } from '../src/server/modules/customers/customers.service.js';
import { chinaDate } from '../src/server/modules/tasks/working-days.rules.js';
import { benchPgUrl } from './server.js';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: bench/home-counts-explain.ts DATA_DIR');
const pool = new pg.Pool({ connectionString: benchPgUrl(dataDir), max: 2, options: '-c role=kedang_app' });
let captured: { sql: string; parameters: readonly unknown[] }[] = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e: LogEvent) => void captured.push({ sql: e.query.sql, parameters: e.query.parameters }) });

async function explainAll(name: string, f: () => Promise<unknown>) {
  captured = [];
  const t0 = performance.now();
  await f();
  const wall = performance.now() - t0;
  const statements = captured;
  console.log(`\n##### ${name}: wall ${wall.toFixed(1)} ms, ${statements.length} statements`);
  for (const s of statements) {
    if (!/^\s*(select|with)/i.test(s.sql)) continue;
    const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, [...s.parameters]));
    const lines = r.rows.map((x) => x['QUERY PLAN']);
    console.log(`--- ${lines.find((l) => l.startsWith('Execution Time'))} :: ${s.sql.replace(/\s+/g, ' ').slice(0, 140)}`);
    console.log(lines.slice(0, 10).join('\n'));
  }
}

const today = chinaDate(new Date());
const days90 = new Date(Date.parse(`${today}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
const userWith = async (role: string) => {
  const u = (await pool.query(`SELECT id::text FROM users WHERE $1 = ANY(roles) AND NOT disabled ORDER BY id LIMIT 1`, [role])).rows[0];
  return u ? ({ userId: u.id, roles: [role] } as unknown as Principal) : null;
};
for (const role of ['gm', 'marketing_director']) {
  const p = await userWith(role);
  if (!p) continue;
  for (const tier of ['key', 'big'] as const) await explainAll(`count tier=${tier} lastContactTo=${days90} (${role})`, () => countCustomers(db, p, { tier, lastContactTo: days90 } as never));
  await explainAll(`grade migration (${role})`, () => getReport(db, p, 'grade-migration', {} as never));
  await explainAll(`grade migration again (${role})`, () => getReport(db, p, 'grade-migration', {} as never));
  await explainAll(`sales of the month (${role})`, () => salesFigures(db, p, { from: `${today.slice(0, 8)}01`, to: today }));
  await explainAll(`sales of the month again (${role})`, () => salesFigures(db, p, { from: `${today.slice(0, 8)}01`, to: today }));
}
await db.destroy();
