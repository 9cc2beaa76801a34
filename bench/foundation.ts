/**
 * Foundation figures (issue: foundation): start to ready with existing data, sign-in p95,
 * GET /users p95, idle RSS. Runs the real server as a child process on a bench data directory.
 */
import { rmSync } from 'node:fs';
import { percentile, timeEach, type Figure } from './harness.js';
import { startBenchServer, stopBenchServer, type BenchServer, rssMb } from './server.js';

const ADMIN_PASSWORD = 'Bench-admin-pass-2026';




export async function benchFoundation(root: string, dataDir: string): Promise<Figure[]> {
  rmSync(dataDir, { recursive: true, force: true });
  const port = 3900 + Math.floor(Math.random() * 90);
  // first start initialises the cluster; the target is for a start with existing data
  await stopBenchServer(await startBenchServer(root, dataDir, port, { KEDANG_ADMIN_PASSWORD: ADMIN_PASSWORD }));
  const readies: number[] = [];
  let server: BenchServer | null = null;
  for (let i = 0; i < 3; i++) {
    if (server) await stopBenchServer(server);
    server = await startBenchServer(root, dataDir, port, { KEDANG_ADMIN_PASSWORD: ADMIN_PASSWORD });
    readies.push(server.readyMs);
  }
  const s = server!;
  const login = async () => {
    const r = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    if (!r.ok) throw new Error(`login ${r.status}`);
    return ((await r.json()) as { token: string }).token;
  };
  const token = await login();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const dept = (await (await fetch(`${s.url}/api/v1/departments`, { method: 'POST', headers, body: JSON.stringify({ name: '基准测试部' }) })).json()) as { id: string };
  for (let i = 0; i < 100; i++) {
    await fetch(`${s.url}/api/v1/users`, { method: 'POST', headers, body: JSON.stringify({ username: `bench.user${i}`, displayName: `测试用户${i}`, password: `Bench-user-pass-${i}`, departmentId: dept.id, roles: ['sales'] }) });
  }
  const signIn = await timeEach(60, async () => void (await login()));
  const listUsers = await timeEach(500, async () => {
    const r = await fetch(`${s.url}/api/v1/users?limit=50&sort=username:asc`, { headers });
    await r.arrayBuffer();
  });
  await new Promise((r) => setTimeout(r, 3000));
  const rss = rssMb(s.child.pid!);
  await stopBenchServer(s);
  return [
    { name: 'start to ready, existing data (median of 3)', value: percentile(readies, 50), unit: 'ms', target: 3000, better: 'lower', note: `runs: ${readies.map((r) => Math.round(r)).join(', ')} ms` },
    { name: 'sign-in p95 (Argon2id, sequential)', value: percentile(signIn, 95), unit: 'ms', target: 250, better: 'lower', note: `p50 ${Math.round(percentile(signIn, 50))} ms` },
    { name: 'GET /users?limit=50 p95 (101 users)', value: percentile(listUsers, 95), unit: 'ms', target: 30, better: 'lower', note: `p50 ${percentile(listUsers, 50).toFixed(1)} ms` },
    { name: 'idle server RSS', value: rss, unit: 'MB', target: 300, better: 'lower' },
  ];
}
