/**
 * Target progress for a department (REL-11, issue 16: ≤ 300 ms p95 at 1M customers): a department
 * manager reads GET /targets/progress for the current quarter (every owner of the department, all
 * five metrics), the dashboard GET /targets/board and the survey results of a year (REL-9), and the survey results of 30 days
 * of the gm, the customer-service manager and the marketing director (their home pages, issue 15). The department is the one whose users own the
 * most customers; its manager signs in, or one is created once (`mubiaojingli`) when it has none.
 *
 * `benchTargets` runs against the large data set (`kedang bench --only targets`). Run directly,
 * `npx tsx bench/targets-progress.ts [customers]` is a small development check: a throwaway embedded
 * PostgreSQL, 10 sales reps in one department, `customers` customers (default 1,000) with a year of
 * transactions and communications — not the target figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { percentile, report, timeEach, type Figure } from './harness.js';
import { BENCH_PASSWORD } from './large.js';
import { pointsRound } from './points-concurrency.js';
import { benchPgUrl, startBenchServer, stopBenchServer } from './server.js';

const quarterNow = () => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
};

/** The manager of the department whose users own the most customers (created when it has none). */
async function ensureDepartmentManager(owner: pg.Client): Promise<{ username: string; departmentId: string; owners: number }> {
  const { hashPassword } = await import('../src/server/modules/auth/passwords.js');
  const dept = (await owner.query<{ department_id: string; owners: string }>(`
    SELECT u.department_id, count(DISTINCT u.id) AS owners FROM users u JOIN customers c ON c.owner_id = u.id
    GROUP BY u.department_id ORDER BY count(*) DESC LIMIT 1`)).rows[0];
  if (!dept) throw new Error('no customer has an owner');
  const existing = (await owner.query<{ username: string }>(`SELECT u.username FROM departments d JOIN users u ON u.id = d.manager_id WHERE d.id = $1 AND NOT u.disabled`, [dept.department_id])).rows[0];
  // an existing manager is used as is (generated users sign in with BENCH_PASSWORD)
  if (existing) return { username: existing.username, departmentId: dept.department_id, owners: Number(dept.owners) };
  const hash = await hashPassword(BENCH_PASSWORD);
  await owner.query(`INSERT INTO users (username, display_name, department_id, roles, password_hash, must_change_password)
    SELECT 'mubiaojingli', '部门经理（绩效）', $1, ARRAY['dept_staff'], $2, false WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'mubiaojingli')`, [dept.department_id, hash]);
  await owner.query(`UPDATE users SET department_id = $1 WHERE username = 'mubiaojingli'`, [dept.department_id]);
  const id = (await owner.query<{ id: string }>(`SELECT id FROM users WHERE username = 'mubiaojingli'`)).rows[0]!.id;
  await owner.query('UPDATE departments SET manager_id = $1 WHERE id = $2', [id, dept.department_id]);
  return { username: 'mubiaojingli', departmentId: dept.department_id, owners: Number(dept.owners) };
}

/** One answered phone survey of the default template for every fifth owned customer, once (ratings 1–5, a year back). */
async function topUpSurveys(owner: pg.Client): Promise<void> {
  const have = Number((await owner.query<{ n: string }>('SELECT count(*) n FROM survey_responses')).rows[0]!.n);
  if (have > 0) return;
  await owner.query(`
    WITH v AS (SELECT t.id AS template_id, max(v.id) AS version_id FROM survey_templates t JOIN survey_template_versions v ON v.template_id = t.id WHERE t.is_default GROUP BY t.id),
    s AS (
      INSERT INTO surveys (customer_id, template_id, template_version_id, channel, state, owner_id, sent_at)
      SELECT c.id, v.template_id, v.version_id, 'phone', 'answered', c.owner_id, now() - (c.id % 360) * interval '1 day'
      FROM customers c, v WHERE c.owner_id IS NOT NULL AND c.id % 5 = 0
      RETURNING id, customer_id, owner_id, sent_at)
    INSERT INTO survey_responses (survey_id, customer_id, owner_id, avg_rating, answers, responded_at)
    SELECT s.id, s.customer_id, s.owner_id, round(((1 + s.id % 5) + (1 + (s.id / 5) % 5) + (1 + (s.id / 25) % 5)) / 3.0, 2),
      jsonb_build_array(jsonb_build_object('questionId', 'service', 'rating', 1 + s.id % 5), jsonb_build_object('questionId', 'product', 'rating', 1 + (s.id / 5) % 5), jsonb_build_object('questionId', 'communication', 'rating', 1 + (s.id / 25) % 5)),
      s.sent_at + interval '1 hour'
    FROM s`);
  await owner.query('ANALYZE surveys, survey_responses');
}

/** The measurements against a running server whose database `owner` reaches. */
export async function measureTargets(url: string, owner: pg.Client, opts: { samples?: number } = {}): Promise<Figure[]> {
  const n = opts.samples ?? 100;
  const m = await ensureDepartmentManager(owner);
  const customers = Number((await owner.query<{ n: string }>('SELECT count(*) n FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.department_id = $1', [m.departmentId])).rows[0]!.n);
  const token = ((await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: m.username, password: BENCH_PASSWORD }) })).json()) as { token: string }).token;
  const period = quarterNow();
  let items = 0;
  const get = async (p: string) => {
    const r = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`${p} → ${r.status} ${await r.text()}`);
    const body = (await r.json()) as { items?: unknown[] };
    if (body.items) items = body.items.length;
  };
  for (let i = 0; i < 5; i++) await get(`/api/v1/targets/progress?period=${period}`);
  const progress = await timeEach(n, () => get(`/api/v1/targets/progress?period=${period}`));
  const shown = items / 5;
  const figures: Figure[] = [{
    name: `target progress for a department (${m.owners} owners, ${customers.toLocaleString()} customers, ${period})`, value: percentile(progress, 95), unit: 'ms', target: 300, better: 'lower',
    note: `p50 ${percentile(progress, 50).toFixed(1)} ms`,
    ...(shown < 1 ? { invalid: 'the manager saw no owner' } : {}),
  }];
  const board = await timeEach(Math.max(10, Math.floor(n / 5)), () => get(`/api/v1/targets/board?period=${period}`));
  figures.push({ name: 'targets dashboard for a department (owners and department totals)', value: percentile(board, 95), unit: 'ms', target: 300, better: 'lower', note: `p50 ${percentile(board, 50).toFixed(1)} ms` });

  // REL-9 survey results for the department (issue 16: ≤ 300 ms p95): the generator writes no surveys, so one
  // answered phone survey is topped up once for every fifth customer, through the tables the product writes
  await topUpSurveys(owner);
  let answered = 0;
  const from = `${new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10)}`;
  const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const results = await timeEach(Math.max(10, Math.floor(n / 5)), async () => {
    const r = await fetch(`${url}/api/v1/surveys/results?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`survey results → ${r.status} ${await r.text()}`);
    answered = ((await r.json()) as { count: number }).count;
  });
  figures.push({
    name: `survey results for a department (${answered.toLocaleString()} answers over a year)`, value: percentile(results, 95), unit: 'ms', target: 300, better: 'lower',
    note: `p50 ${percentile(results, 50).toFixed(1)} ms`,
    ...(answered < 1 ? { invalid: 'the manager saw no answer' } : {}),
  });

  // issue 15's home pages: the survey results of the last 30 days for the readers who see every
  // archive (GET /surveys/results?from=, as bench/home-requests.ts asks it), each of the benchmark's
  // users of those roles that exists in the data set
  const days30 = new Date(Date.now() + 8 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
  for (const [who, username] of [['gm', 'zongjingli'], ['cs manager', 'kefujingli'], ['marketing director', 'yingxiaozongjian']] as const) {
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
    if (login.status !== 200) continue;
    const seeAll = ((await login.json()) as { token: string }).token;
    let seen = 0;
    const got = async () => {
      const r = await fetch(`${url}/api/v1/surveys/results?from=${days30}`, { headers: { authorization: `Bearer ${seeAll}` } });
      if (r.status !== 200) throw new Error(`survey results (${who}) → ${r.status} ${await r.text()}`);
      seen = ((await r.json()) as { count: number }).count;
    };
    await got();
    const times = await timeEach(Math.max(10, Math.floor(n / 5)), got);
    figures.push({
      name: `survey results of 30 days, ${who} (${seen.toLocaleString()} answers)`, value: percentile(times, 95), unit: 'ms', target: 300, better: 'lower',
      note: `p50 ${percentile(times, 50).toFixed(1)} ms`,
      ...(seen < 1 ? { invalid: `the ${who} saw no answer` } : {}),
    });
  }

  // REL-10 (issue 16): 50 concurrent redemptions on one customer leave the balance exact and never
  // negative — three rounds as a customer-service clerk of the data set, each on a new customer
  const clerk = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kefu1', password: BENCH_PASSWORD }) });
  if (clerk.status === 200) {
    const kefu = ((await clerk.json()) as { token: string }).token;
    const rounds = [];
    for (let round = 1; round <= 3; round++) rounds.push(await pointsRound(url, kefu, { round, redemptions: 50, each: 30, start: 1000 }));
    const wrong = rounds.filter((r) => !r.exact);
    figures.push({
      name: 'points: 50 concurrent redemptions on one customer, rounds with a wrong or negative balance', value: wrong.length, unit: 'rounds', target: 0, better: 'lower',
      note: `3 rounds of 50 × 30 points from 1,000: ${rounds.map((r) => `${r.statuses['201'] ?? 0} granted, ${r.statuses['422'] ?? 0} refused, balance ${r.finalBalance} (expected ${r.expected}), lowest ${r.lowestBalanceAnswered}, ${r.wallMs} ms`).join('; ')}`,
    });
  }
  return figures;
}

export async function benchTargets(root: string, dataDir: string): Promise<Figure[]> {
  // the server starts the cluster; its address is read from the cluster's pid file after that
  const s = await startBenchServer(root, dataDir, 3994, { NODE_ENV: 'production' });
  const owner = new pg.Client({ connectionString: benchPgUrl(dataDir) });
  await owner.connect();
  try {
    return await measureTargets(s.url, owner);
  } finally {
    await owner.end();
    await stopBenchServer(s);
  }
}

/** The small development run (see the header). */
async function runSmall(count: number) {
  const { loadConfig } = await import('../src/server/config.js');
  const { startServer } = await import('../src/server/main.js');
  const { hashPassword } = await import('../src/server/modules/auth/passwords.js');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-bench-targets-'));
  const config = { ...loadConfig({ LOG_LEVEL: 'warn', KEDANG_DATA_DIR: dataDir, KEDANG_ADMIN_PASSWORD: BENCH_PASSWORD, NODE_ENV: 'production' }), port: 0, host: '127.0.0.1', databaseUrl: undefined };
  const running = await startServer(config, () => {});
  const address = running.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const owner = new pg.Client({ connectionString: running.handle.url });
  await owner.connect();
  try {
    const hash = await hashPassword(BENCH_PASSWORD);
    const dept = (await owner.query<{ id: string }>(`INSERT INTO departments (name, parent_id) SELECT '销售一部', min(id) FROM departments RETURNING id`)).rows[0]!.id;
    for (let u = 1; u <= 10; u++) await owner.query(`INSERT INTO users (username, display_name, department_id, roles, password_hash, must_change_password) VALUES ($1, $2, $3, ARRAY['sales'], $4, false)`, [`xiaoshou${u}`, `销售${u}`, dept, hash]);
    const login = async (username: string) => ((await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) })).json()) as { token: string }).token;
    const rep = await login('xiaoshou1');
    for (let i = 0; i < count; i++) {
      const r = await fetch(`${url}/api/v1/customers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}` }, body: JSON.stringify({ name: `绩效压测客户${i}号有限公司`, customerType: 'direct', confirmDuplicate: true, filedOn: '2025-01-01' }) });
      if (r.status !== 201) throw new Error(`customer → ${r.status} ${await r.text()}`);
    }
    // spread the customers over the ten reps and classes; a year of transactions and contacts
    await owner.query(`UPDATE customers c SET owner_id = u.id, abc_class = (ARRAY['A','B','C'])[1 + (c.id % 3)::int]
      FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM users WHERE username LIKE 'xiaoshou%') u WHERE u.k = c.id % 10`);
    await owner.query(`INSERT INTO transactions (customer_id, tx_no, date, amount)
      SELECT c.id, 'B-' || c.id || '-' || g, (now() AT TIME ZONE 'Asia/Shanghai')::date - (random() * 365)::int, round((random() * 50000)::numeric, 2)
      FROM customers c, generate_series(1, 5) g`);
    await owner.query(`INSERT INTO communications (customer_id, user_id, channel, occurred_at, subject, content)
      SELECT c.id, c.owner_id, (ARRAY['phone','email','visit','chat','meeting'])[1 + (g % 5)], now() - random() * interval '365 days', '回访', '压测'
      FROM customers c, generate_series(1, 20) g`);
    await owner.query('ANALYZE');
    const figures = await measureTargets(url, owner, { samples: 50 });
    report(figures, path.join(os.tmpdir(), 'kedang-bench-targets-results'));
  } finally {
    await owner.end();
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSmall(Number(process.argv[2] ?? 1_000));
