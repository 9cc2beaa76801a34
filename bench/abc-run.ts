/**
 * One ABC run (EVA-7, PLT-7) on a benchmark data set, timed alone — the evaluation scenario takes
 * a quarter of an hour; this only the part under study:
 *
 *   npx tsx bench/abc-run.ts DATA_DIR [--first] [--explain] [--twice] [--row-by-row | --hot-probe]
 *
 * Starts the server on DATA_DIR (migrations applied), then runs the classification as of a quarter
 * ago (what the evaluation scenario does before its measured run), then — with `--twice` — as of
 * today (the scenario's measured reclassification). `--first` clears every class beforehand with
 * triggers off (contact states are left as they were: a class written back unchanged needs no
 * new cadence) so that the run is a first classification (every class is new). Prints each run's
 * wall time, its backend's CPU seconds, the load average, and the trigger functions' times
 * (track_functions). `--explain` logs EXPLAIN (ANALYZE, BUFFERS, TRIGGERS) of each statement of a
 * run over 200 ms (auto_explain; the timings include its overhead). `--row-by-row`: each contact
 * state through the row trigger, as before migration 0216 (the reference path). `--hot-probe`: the
 * run in a transaction that first drops the five indexes holding abc_class (so that a class change
 * can be a HOT update) and is rolled back — what the run would cost without them; once only.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../src/server/db/connect.js';
import { systemActor } from '../src/server/modules/audit/audit.types.js';
import { sql } from 'kysely';
import { runAbcIn } from '../src/server/modules/evaluation/abc.service.js';
import { benchPgUrl, freePort, startBenchServer, stopBenchServer } from './server.js';

const args = process.argv.slice(2);
const dataDir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'data-bench-large');
const explain = args.includes('--explain');
const settings = [process.env.KEDANG_PG_SETTINGS, 'track_functions=all'].filter(Boolean).join(',');

const cpuOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime (USER_HZ)
};
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

const s = await startBenchServer(process.cwd(), dataDir, await freePort(), { NODE_ENV: 'production', KEDANG_PG_SETTINGS: settings });
// the postmaster's pid file names the port (a previous cluster on this directory may still be stopping)
for (let i = 0; i < 100 && !existsSync(path.join(dataDir, 'pg/postmaster.pid')); i++) await new Promise((res) => setTimeout(res, 100));
const url = benchPgUrl(dataDir);
const owner = new pg.Client({ connectionString: url });
await owner.connect();
const database = connectDatabase(url, { max: 1, prepare: false });
database.pool.on('connect', (c) => {
  c.on('notice', (n) => console.log(`${n.message}`));
  // the pool's role may not load a library nor set auto_explain: the session user (the owner) may
  if (explain) void c.query(`SET ROLE kedang; LOAD 'auto_explain'; SET auto_explain.log_min_duration = 200; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on;
    SET auto_explain.log_triggers = on; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice; SET client_min_messages = notice; RESET ROLE`);
});
try {
  if (args.includes('--first')) {
    const t = performance.now();
    await owner.query(`BEGIN; SET LOCAL session_replication_role = replica; UPDATE customers SET abc_class = NULL WHERE abc_class IS NOT NULL; COMMIT`);
    await owner.query('VACUUM (ANALYZE) customers');
    console.log(`classes cleared (triggers off) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const run = async (label: string, at: Date) => {
    await owner.query('VACUUM (ANALYZE) customers');
    await owner.query('SELECT pg_stat_reset()');
    const pid = Number((await database.pool.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p);
    const wal0 = (await owner.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0]!.l;
    const cpu0 = cpuOf(pid);
    const l0 = load();
    const t = performance.now();
    let r = { total: 0, changed: 0 };
    class Rollback extends Error {}
    await database.db.transaction().execute(async (tx) => {
      if (args.includes('--hot-probe')) {
        await sql`SET LOCAL ROLE kedang`.execute(tx);
        await sql`DROP INDEX customers_analytics_idx, customers_restricted_idx, customers_owner_cover_idx, customers_department_cover_idx, customers_abc_class_sort_idx`.execute(tx);
        await sql`SET LOCAL ROLE kedang_app`.execute(tx);
      }
      r = await runAbcIn(tx, systemActor, at, { rowByRow: args.includes('--row-by-row') });
      if (args.includes('--hot-probe')) throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
    const wall = (performance.now() - t) / 1000;
    const cpu = cpuOf(pid) - cpu0;
    const wal = (await owner.query<{ mb: string }>('SELECT round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn) / 1048576.0, 1)::text AS mb', [wal0])).rows[0]!.mb;
    await new Promise((res) => setTimeout(res, 600)); // statistics are flushed at most once a second
    const hot = await owner.query<{ upd: string; hot: string }>(`SELECT n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables WHERE relname = 'customers'`);
    const fns = await owner.query<{ funcname: string; calls: string; total_ms: string; self_ms: string }>(
      `SELECT funcname, calls, round(total_time)::text AS total_ms, round(self_time)::text AS self_ms FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 8`);
    console.log(`${label}: ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s backend CPU, ${wal} MB WAL, ${r.total.toLocaleString()} customers, ${r.changed.toLocaleString()} changed (customers rows updated ${hot.rows[0]?.upd}, HOT ${hot.rows[0]?.hot}); load ${l0} → ${load()}`);
    for (const f of fns.rows) console.log(`  ${f.funcname}: ${f.calls} calls, ${f.total_ms} ms (self ${f.self_ms} ms)`);
  };
  await run(`ABC as of a quarter ago${args.includes('--row-by-row') ? ' (row by row)' : args.includes('--hot-probe') ? ' (without the class indexes, rolled back)' : ''}`, new Date(Date.now() - 91 * 86_400_000));
  if (args.includes('--twice') && !args.includes('--hot-probe')) await run('ABC as of today', new Date());
} finally {
  await database.close();
  await owner.end();
  await stopBenchServer(s);
}
