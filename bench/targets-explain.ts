/**
 * EXPLAIN (ANALYZE, BUFFERS) of the targets scenario's statements (issue 16, REL-9, REL-11) on a
 * running benchmark cluster, for the manager of the department whose users own the most customers
 * (the one bench/targets-progress.ts measures): every statement GET /targets/progress and the
 * survey results of a year run, as the services build them, and — with `--definition` — the survey
 * results over the definition's working set (responsesSeenByDefinition) that responsesSeen replaced,
 * and the sales over the transactions (salesByOwnerScan) that the month sums replaced; with `--see-all`
 * the survey results of 30 days of the gm and the customer-service manager (issue 15's home pages), each
 * beside the definition's.
 * Prints each statement's execution time and the plan's top lines (all of it with `--full`).
 *   npx tsx bench/targets-explain.ts DATA_DIR [--definition] [--full] [--board] [--see-all]
 */
import { CompiledQuery, Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/server/db/schema.js';
import { subjectOf } from '../src/server/modules/access/access.service.js';
import { responsesSeen, responsesSeenByDefinition, resultsOver, surveyResults } from '../src/server/modules/surveys/surveys.query.js';
import { salesByOwnerScan } from '../src/server/modules/sales/sales-by-owner.service.js';
import { parsePeriod } from '../src/server/modules/targets/targets.rules.js';
import { ownersInReach, targetBoard, targetProgress } from '../src/server/modules/targets/targets.service.js';
import { chinaDayEnd, chinaDayStart } from '../src/server/shared/working-days.rules.js';
import { benchPgUrl } from './server.js';

const [dataDir, ...flags] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: bench/targets-explain.ts DATA_DIR [--definition] [--full] [--board]');
const pool = new pg.Pool({ connectionString: benchPgUrl(dataDir), max: 5, options: '-c role=kedang_app -c statement_timeout=120s' });
let captured: { sql: string; parameters: readonly unknown[] }[] = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e: LogEvent) => void captured.push({ sql: e.query.sql, parameters: e.query.parameters }) });

async function explain(name: string, sql: string, parameters: readonly unknown[]) {
  try {
    const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [...parameters]));
    const lines = r.rows.map((x) => x['QUERY PLAN']);
    console.log(`\n=== ${name}: ${lines.find((l) => l.startsWith('Execution Time'))}`);
    console.log((flags.includes('--full') ? lines : lines.slice(0, 40)).join('\n'));
  } catch (e) {
    console.log(`\n=== ${name}: FAILED ${String(e).slice(0, 200)}`);
  }
}
const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);

const dept = (await pool.query<{ department_id: string }>(`SELECT u.department_id FROM users u JOIN customers c ON c.owner_id = u.id GROUP BY u.department_id ORDER BY count(*) DESC LIMIT 1`)).rows[0]!.department_id;
const mgr = (await pool.query<{ id: string; roles: string[] }>(`SELECT u.id::text, u.roles FROM departments d JOIN users u ON u.id = d.manager_id WHERE d.id = $1`, [dept])).rows[0]!;
const p = { userId: mgr.id, roles: mgr.roles } as never;
const d = new Date(Date.now() + 8 * 3_600_000);
const period = `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
console.log(`manager ${mgr.id} (${mgr.roles.join(',')}) of department ${dept}, period ${period}`);

captured = [];
await (flags.includes('--board') ? targetBoard(db, p, { period }) : targetProgress(db, p, { period }));
for (const q of [...captured]) {
  if (flags.includes('--print')) console.log(`\n--- ${JSON.stringify(q.parameters)}\n${q.sql}`);
  await explain(`targets: ${label(q.sql)}`, q.sql, q.parameters);
}

const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
captured = [];
const results = await surveyResults(db, p, { from, to } as never);
console.log(`\nsurvey results: ${results.count} answers`);
let q = captured.at(-1)!;
await explain('survey results (responsesSeen)', q.sql, q.parameters);
if (flags.includes('--definition')) {
  const s = await subjectOf(db, p);
  captured = [];
  const def = await resultsOver(db, responsesSeenByDefinition(s, { start: chinaDayStart(from), end: chinaDayEnd(to) }));
  console.log(`definition: ${def.count} answers, same answer: ${JSON.stringify(def) === JSON.stringify(await resultsOver(db, responsesSeen(s, { start: chinaDayStart(from), end: chinaDayEnd(to) })))}`);
  q = captured[0]!;
  await explain('survey results (definition)', q.sql, q.parameters);
  const pp = parsePeriod(period)!;
  const owners = (await ownersInReach(db, s, period)).map((o) => o.id);
  captured = [];
  await salesByOwnerScan(db, s, { ownerIds: owners, from: pp.from, to: pp.to });
  q = captured.find((c) => !/^SET LOCAL|^begin|^commit/i.test(c.sql))!;
  await explain('sales over the transactions (salesByOwnerScan)', q.sql, q.parameters);
}
if (flags.includes('--see-all')) {
  const from30 = new Date(Date.now() + 8 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
  for (const username of ['zongjingli', 'kefujingli']) {
    const u = (await pool.query<{ id: string; roles: string[] }>(`SELECT id::text, roles FROM users WHERE username = $1`, [username])).rows[0];
    if (!u) continue;
    const up = { userId: u.id, roles: u.roles } as never;
    captured = [];
    const r = await surveyResults(db, up, { from: from30 } as never);
    q = captured.at(-1)!;
    await explain(`survey results of 30 days, ${username} (${r.count} answers)`, q.sql, q.parameters);
    const us = await subjectOf(db, up);
    captured = [];
    await resultsOver(db, responsesSeenByDefinition(us, { start: chinaDayStart(from30), end: chinaDayEnd(to) }));
    q = captured.at(-1)!;
    await explain(`survey results of 30 days, ${username}, definition`, q.sql, q.parameters);
  }
}
await db.destroy();
