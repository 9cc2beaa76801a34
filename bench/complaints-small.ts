/**
 * The complaint scenario at small scale (a development check, not the target figures): a throwaway
 * embedded PostgreSQL with 2,000 customers and `--count` complaints (default 20,000), then the same
 * measurements as `kedang bench --only complaints`. Run: npx tsx bench/complaints-small.ts [count]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/server/config.js';
import { startServer } from '../src/server/main.js';
import { hashPassword } from '../src/server/modules/auth/passwords.js';
import { measureComplaints, topUpComplaints } from './complaints.js';
import { report } from './harness.js';
import { BENCH_PASSWORD } from './large.js';

const count = Number(process.argv[2] ?? 20_000);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-bench-complaints-'));
const config = { ...loadConfig({ LOG_LEVEL: 'warn', KEDANG_DATA_DIR: dataDir, KEDANG_ADMIN_PASSWORD: BENCH_PASSWORD, NODE_ENV: 'production' }), port: 0, host: '127.0.0.1', databaseUrl: undefined };
const running = await startServer(config, () => {});
const address = running.app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const owner = new pg.Client({ connectionString: running.handle.url });
await owner.connect();
try {
  const hash = await hashPassword(BENCH_PASSWORD);
  const dept = (await owner.query<{ id: string }>(`INSERT INTO departments (name, parent_id) SELECT '客户服务部', min(id) FROM departments RETURNING id`)).rows[0]!.id;
  for (let u = 1; u <= 5; u++) await owner.query(`INSERT INTO users (username, display_name, department_id, roles, password_hash, must_change_password) VALUES ($1, $2, $3, ARRAY['cs_staff'], $4, false)`, [`kefu${u}`, `客服${u}`, dept, hash]);
  const admin = ((await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_PASSWORD }) })).json()) as { token: string }).token;
  const staff = ((await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kefu1', password: BENCH_PASSWORD }) })).json()) as { token: string }).token;
  void admin;
  for (let i = 0; i < 200; i++) {
    const r = await fetch(`${url}/api/v1/customers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ name: `投诉压测客户${i}号有限公司`, customerType: 'direct', confirmDuplicate: true }) });
    if (r.status !== 201) throw new Error(`customer → ${r.status} ${await r.text()}`);
  }
  await topUpComplaints(owner, count);
  const figures = await measureComplaints(url, owner, { samples: 100 });
  report(figures, path.join(os.tmpdir(), 'kedang-bench-complaints-results'));
} finally {
  await owner.end();
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
