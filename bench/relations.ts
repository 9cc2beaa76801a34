/**
 * Relationship maintenance at 1M customers (issue 13, REL-3/4/5): the contact overview page of 50
 * for a sales rep and a customer-service manager (all states and state=overdue), logging a
 * communication with a next step (audit, cadence update, task), and the reminder job over every
 * customer. Needs the large data set (`kedang bench --scale large`).
 */
import pg from 'pg';
import { connectDatabase } from '../src/server/db/connect.js';
import { createCadenceReminders } from '../src/server/modules/relations/reminders.service.js';
import { percentile, timeEach, type Figure } from './harness.js';
import { BENCH_PASSWORD } from './large.js';
import { benchPgUrl, startBenchServer, stopBenchServer } from './server.js';

export async function benchRelations(root: string, dataDir: string, log: (m: string) => void = console.log): Promise<Figure[]> {
  const s = await startBenchServer(root, dataDir, 3992, { NODE_ENV: 'production' });
  const pgUrl = benchPgUrl(dataDir);
  const owner = new pg.Client({ connectionString: pgUrl });
  await owner.connect();
  const figures: Figure[] = [];
  try {
    // the large set has no customer-service manager: one, with the sales reps' password
    await owner.query(`INSERT INTO users (username, display_name, department_id, roles, password_hash, must_change_password)
      SELECT 'kefu.manager', '客服主管', department_id, '{cs_manager}', password_hash, false FROM users WHERE username = 'kefu1'
        AND NOT EXISTS (SELECT 1 FROM users WHERE username = 'kefu.manager')`); // usernames are unique case-insensitively (an expression index): no ON CONFLICT target
    const tokenOf = async (username: string) => {
      const r = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
      return ((await r.json()) as { token: string }).token;
    };
    const get = (token: string, path: string) => async () => {
      const r = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (r.status !== 200) throw new Error(`${path} → ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    };
    const rep = await tokenOf('sales3.7');
    const csm = await tokenOf('kefu.manager');
    for (const [who, token] of [['sales rep', rep], ['cs manager', csm]] as const) {
      for (const [label, q] of [['page of 50', ''], ['state=overdue', '&state=overdue']] as const) {
        const f = get(token, `/api/v1/contact-overview?limit=50${q}`);
        for (let i = 0; i < 10; i++) await f();
        const times = await timeEach(200, f);
        figures.push({ name: `contact overview ${label} (${who})`, value: percentile(times, 95), unit: 'ms', target: 30, better: 'lower', note: `p50 ${percentile(times, 50).toFixed(1)} ms` });
      }
    }
    const mine = (await owner.query<{ id: string }>(`SELECT c.id FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.username = 'sales3.7' AND c.lifecycle = 'active' AND c.merged_into IS NULL ORDER BY c.id LIMIT 50`)).rows.map((r) => r.id);
    const dueOn = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    const logOne = (i: number) =>
      fetch(`${s.url}/api/v1/communications`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}` },
        body: JSON.stringify({ customerId: mine[i % mine.length], channel: i % 3 ? 'phone' : 'visit', occurredAt: new Date().toISOString(), subject: '例行联络', content: '客户经营正常，有追加订单意向。', nextStep: { dueOn, text: '发送报价单' } }),
      }).then(async (r) => {
        if (r.status !== 201) throw new Error(`log → ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
      });
    for (let i = 0; i < 10; i++) await logOne(i);
    const times = await timeEach(200, logOne);
    figures.push({ name: 'log a communication (next step, audit, cadence update)', value: percentile(times, 95), unit: 'ms', target: 25, better: 'lower', note: `p50 ${percentile(times, 50).toFixed(1)} ms` });
    // the reminder job: a fresh pass over every customer (reminders of earlier runs forgotten first).
    // The tasks this run creates are removed afterwards and the states put back (then both tables
    // vacuumed): the data set no longer grows by 2M open tasks per run, and a re-run measures the
    // same work on the same tables.
    await owner.query('UPDATE contact_states SET call_reminded_for = NULL, visit_reminded_for = NULL WHERE call_reminded_for IS NOT NULL OR visit_reminded_for IS NOT NULL');
    const database = connectDatabase(pgUrl, { max: 4 });
    const lastTask = (await owner.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM tasks')).rows[0]!.id;
    const now = new Date();
    try {
      const t0 = performance.now();
      const r = await createCadenceReminders(database.db, now);
      figures.push({ name: 'cadence reminder job over every customer', value: (performance.now() - t0) / 1000, unit: 's', target: 60, better: 'lower', note: `${(r.calls + r.visits).toLocaleString()} reminders` });
      log(`(reminders: ${r.calls.toLocaleString()} calls, ${r.visits.toLocaleString()} visits)`);
    } finally {
      await database.close();
      // Nothing refers to a cadence reminder (next steps, revisits and complaint follow-ups are other
      // kinds), so the deletion skips the row-level checks of the three tables referring to tasks
      // (communications, complaints, revisit reports: ≈ 0.5 ms a row, 15 minutes for 2M rows).
      await owner.query('BEGIN');
      await owner.query('SET LOCAL session_replication_role = replica');
      const removed = await owner.query(`DELETE FROM tasks WHERE id > $1::bigint AND kind IN ('cadence_call', 'cadence_visit') AND created_at = $2 AND created_by IS NULL`, [lastTask, now]);
      await owner.query('COMMIT');
      await owner.query('UPDATE contact_states SET call_reminded_for = NULL, visit_reminded_for = NULL WHERE call_reminded_for IS NOT NULL OR visit_reminded_for IS NOT NULL');
      await owner.query('VACUUM (ANALYZE) tasks, contact_states');
      log(`(removed the run's ${(removed.rowCount ?? 0).toLocaleString()} reminder tasks)`);
    }
  } finally {
    await owner.end();
    await stopBenchServer(s);
  }
  return figures;
}
