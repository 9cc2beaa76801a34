/**
 * ANA-2 issue 15: each role's home-page requests one by one (median of 3 after a warm-up), to find
 * which makes a home slow. On a generated set whose `kedang bench --only sales` ran once (its role
 * users exist): `npx tsx bench/home-requests.ts DATA_DIR`. Starts and stops its own server.
 */
import { BENCH_PASSWORD } from './large.js';
import { freePort, startBenchServer, stopBenchServer } from './server.js';
import pg from 'pg';
import { benchPgUrl } from './server.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: bench/home-requests.ts DATA_DIR');
const s = await startBenchServer(process.cwd(), dataDir, await freePort(), { NODE_ENV: 'production' });
const owner = new pg.Client({ connectionString: benchPgUrl(dataDir) });
await owner.connect();
try {
  const login = async (username: string) => {
    const r = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
    if (r.status !== 200) throw new Error(`login ${username} → ${r.status}`);
    return (await r.json()) as { token: string; user: { id: string } };
  };
  const rep = (await owner.query<{ username: string }>(`SELECT u.username FROM users u JOIN customers c ON c.owner_id = u.id WHERE u.roles = '{sales}' GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`)).rows[0]!.username;
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const days30 = new Date(Date.parse(`${day}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  const days90 = new Date(Date.parse(`${day}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
  const common = ['/api/v1/tasks/summary', '/api/v1/approvals?box=queue&state=pending&limit=5', '/api/v1/analytics/dashboard', '/api/v1/receivables/aging',
    '/api/v1/surveys?low=true&state=answered&limit=5', `/api/v1/surveys/results?from=${days30}`];
  const managers = ['/api/v1/opportunities?open=true&limit=500', '/api/v1/reports/grade-migration',
    `/api/v1/customers/count?tier=key&lastContactTo=${days90}`, `/api/v1/customers/count?tier=big&lastContactTo=${days90}`, `/api/v1/analytics/composition?by=grade&from=${day.slice(0, 4)}-01-01`];
  for (const [who, username, paths] of [['cs manager', 'kefujingli', common], ['finance', 'caiwu1', ['/api/v1/tasks/summary', '/api/v1/receivables/aging']], ['gm', 'zongjingli', [...common, ...managers]], ['marketing director', 'yingxiaozongjian', [...common, ...managers]], ['sales rep', rep, ['/api/v1/tasks/summary', '/api/v1/analytics/dashboard']]] as const) {
    const u = await login(username);
    for (const p of paths) {
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        const r = await fetch(`${s.url}${p}`, { headers: { authorization: `Bearer ${u.token}` } });
        await r.text();
        status = r.status;
        if (i > 0) times.push(performance.now() - t0);
        if (performance.now() - t0 > 5000) break;
      }
      times.sort((a, b) => a - b);
      console.log(`${who.padEnd(20)} ${String(status)} ${(times[Math.floor(times.length / 2)] ?? NaN).toFixed(0).padStart(7)} ms  ${p}`);
    }
  }
} finally {
  await owner.end();
  await stopBenchServer(s);
}
