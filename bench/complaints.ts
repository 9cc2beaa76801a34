/**
 * Complaint figures (issue 14) with 200,000 complaints beside the 1M customers: the list page
 * overdue first for the customer-service manager (p95 ≤ 30 ms), a transition (p95 ≤ 25 ms), the
 * statistics of a year (≤ 500 ms). Complaints are topped up once, set-based, to `count`; a
 * customer-service manager `kefujingli` is added once.
 */
import pg from 'pg';
import { hashPassword } from '../src/server/modules/auth/passwords.js';
import { percentile, timeEach, type Figure } from './harness.js';
import { BENCH_PASSWORD } from './large.js';
import { benchPgUrl, startBenchServer, stopBenchServer } from './server.js';

/** Adds complaints until there are `count`: spread over the last two years, a quarter of them open, some overdue. */
export async function topUpComplaints(owner: pg.Client, count: number): Promise<number> {
  const have = Number((await owner.query<{ n: string }>('SELECT count(*) n FROM complaints')).rows[0]!.n);
  if (have >= count) return 0;
  const add = count - have;
  await owner.query(`
    WITH ids AS (SELECT min(id) lo, max(id) hi FROM customers),
         depts AS (SELECT array_agg(id) a FROM departments),
         cs AS (SELECT array_agg(id) a FROM users WHERE 'cs_staff' = ANY(roles)),
         g AS (SELECT i, random() r, now() - (random() * interval '730 days') AS at FROM generate_series(1, $1::int) i)
    INSERT INTO complaints (complaint_no, customer_id, channel, category, received_at, received_by, handler_id, reason, demand, products, state, severity,
                            responsible_department_id, started_at, deadline_at, resolution_kind, loss_amount, resolved_at, satisfaction, followed_up_at, closed_at, created_at)
    SELECT 'TS-0000-' || lpad(($2::bigint + g.i)::text, 9, '0'),
           (SELECT lo + floor(random() * (hi - lo + 1))::bigint FROM ids),
           (ARRAY['phone','email','onsite','online','other'])[1 + floor(g.r * 5)::int],
           (ARRAY['quality','delivery','service','price','billing','other'])[1 + floor(random() * 6)::int],
           g.at, cs.a[1 + floor(random() * array_length(cs.a, 1))::int], cs.a[1 + floor(random() * array_length(cs.a, 1))::int],
           '批量生成的投诉：包装破损', '更换', '[{"product":"清洁剂A型","quantity":"10","unit":"箱"}]',
           CASE WHEN g.r < 0.75 THEN 'closed' WHEN g.r < 0.80 THEN 'received' ELSE 'investigating' END,
           CASE WHEN g.r < 0.80 AND g.r >= 0.75 THEN NULL ELSE (ARRAY['urgent','high','normal'])[1 + floor(random() * 3)::int] END,
           CASE WHEN g.r < 0.80 AND g.r >= 0.75 THEN NULL ELSE depts.a[1 + floor(random() * array_length(depts.a, 1))::int] END,
           g.at,
           CASE WHEN g.r < 0.80 AND g.r >= 0.75 THEN NULL ELSE g.at + interval '72 hours' END,
           CASE WHEN g.r < 0.75 THEN (ARRAY['compensation','return','discount','repair','apology','other'])[1 + floor(random() * 6)::int] END,
           CASE WHEN g.r < 0.75 THEN round((random() * 5000)::numeric, 2) END,
           CASE WHEN g.r < 0.75 THEN g.at + random() * interval '120 hours' END,
           CASE WHEN g.r < 0.75 THEN 1 + floor(random() * 5)::int END,
           CASE WHEN g.r < 0.75 THEN g.at + interval '6 days' END,
           CASE WHEN g.r < 0.75 THEN g.at + interval '7 days' END,
           g.at
      FROM g, depts, cs`, [add, have]);
  await owner.query('ANALYZE complaints');
  return add;
}

async function ensureManager(owner: pg.Client) {
  const hash = await hashPassword(BENCH_PASSWORD);
  await owner.query(`INSERT INTO users (username, display_name, department_id, roles, password_hash, must_change_password)
    SELECT 'kefujingli', '客服经理', (SELECT department_id FROM users WHERE username = 'kefu1'), ARRAY['cs_manager'], $1, false
    WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'kefujingli')`, [hash]);
}

/** The measurements against a running server whose database `owner` reaches. */
export async function measureComplaints(url: string, owner: pg.Client, opts: { samples?: number } = {}): Promise<Figure[]> {
  const n = opts.samples ?? 300;
  await ensureManager(owner);
  const login = async (username: string) => ((await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) })).json()) as { token: string }).token;
  const manager = await login('kefujingli');
  const staff = await login('kefu1');
  const get = async (token: string, path: string) => {
    const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`${path} → ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  };
  const figures: Figure[] = [];
  for (let i = 0; i < 10; i++) await get(manager, '/api/v1/complaints?limit=50');
  const list = await timeEach(n, () => get(manager, '/api/v1/complaints?limit=50'));
  figures.push({ name: 'complaint list, overdue first (cs_manager, 50 rows)', value: percentile(list, 95), unit: 'ms', target: 30, better: 'lower', note: `p50 ${percentile(list, 50).toFixed(1)} ms` });
  // transitions: received → analysing on fresh complaints
  const ids: string[] = [];
  const customer = (await owner.query<{ id: string }>('SELECT id FROM customers WHERE secrecy_level = $1 ORDER BY id LIMIT 1', ['none'])).rows[0]!.id;
  for (let i = 0; i < n + 10; i++) {
    const r = await fetch(`${url}/api/v1/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ customerId: customer, channel: 'phone', receivedAt: new Date().toISOString(), reason: '压测投诉', demand: '处理' }) });
    if (r.status !== 201) throw new Error(`create → ${r.status} ${await r.text()}`);
    ids.push(((await r.json()) as { id: string }).id);
  }
  const move = async (i: number) => {
    const r = await fetch(`${url}/api/v1/complaints/${ids[i]}/transitions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ to: 'analysing' }) });
    if (r.status !== 200) throw new Error(`transition → ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  };
  for (let i = 0; i < 10; i++) await move(i);
  const moves = await timeEach(n, (i) => move(i + 10));
  figures.push({ name: 'complaint transition', value: percentile(moves, 95), unit: 'ms', target: 25, better: 'lower', note: `p50 ${percentile(moves, 50).toFixed(1)} ms` });
  const year = new Date().getUTCFullYear() - 1;
  await get(manager, `/api/v1/complaints/statistics?from=${year}-01-01&to=${year}-12-31&groupBy=month`);
  const stats = await timeEach(5, () => get(manager, `/api/v1/complaints/statistics?from=${year}-01-01&to=${year}-12-31&groupBy=month`));
  figures.push({ name: `complaint statistics for ${year}`, value: Math.max(...stats), unit: 'ms', target: 500, better: 'lower', note: `slowest of 5; median ${percentile(stats, 50).toFixed(0)} ms` });
  return figures;
}

export async function benchComplaints(root: string, dataDir: string, opts: { count?: number; log?: (m: string) => void } = {}): Promise<Figure[]> {
  const log = opts.log ?? console.log;
  // the server starts the cluster; its address is read from the cluster's pid file after that
  const s = await startBenchServer(root, dataDir, 3993, { NODE_ENV: 'production' });
  const owner = new pg.Client({ connectionString: benchPgUrl(dataDir) });
  await owner.connect();
  try {
    const t0 = Date.now();
    const added = await topUpComplaints(owner, opts.count ?? 200_000);
    if (added > 0) log(`(complaints topped up: ${added.toLocaleString()} in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    return await measureComplaints(s.url, owner);
  } finally {
    await owner.end();
    await stopBenchServer(s);
  }
}
