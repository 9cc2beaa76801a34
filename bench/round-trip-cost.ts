/**
 * CPU per round trip to the embedded cluster over loopback TCP and over its Unix socket (PLT-7):
 * 20,000 sequential prepared `SELECT $1::int` on one connection each way, twice, measuring this
 * process's CPU and the backend's (/proc). The cluster of DIR must be running (a server on it).
 *
 *   npx tsx bench/round-trip-cost.ts DIR
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const dir = process.argv[2]!;
const pid = readFileSync(`${dir}/pg/postmaster.pid`, 'utf8').split('\n');
const password = readFileSync(`${dir}/pg-password`, 'utf8').trim();
const ticks = (p: number) => {
  const f = readFileSync(`/proc/${p}/stat`, 'utf8');
  const a = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(a[11]) + Number(a[12]); // utime, stime (USER_HZ 100)
};
if (!pid[4]) throw new Error('the cluster has no Unix socket (postmaster.pid line 5 is empty)');
for (const mode of ['tcp', 'unix', 'tcp', 'unix'] as const) {
  const c = new pg.Client({ host: mode === 'tcp' ? '127.0.0.1' : pid[4], port: Number(pid[3]), user: 'kedang', password, database: 'kedang' });
  await c.connect();
  const backend = (await c.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p;
  const n = 20_000;
  const cpu0 = process.cpuUsage();
  const b0 = ticks(backend);
  for (let i = 0; i < n; i++) await c.query({ text: 'SELECT $1::int AS x', values: [i], name: 'round_trip' });
  const cpu = process.cpuUsage(cpu0);
  const b = ticks(backend) - b0;
  console.log(JSON.stringify({ mode, nodeMicrosPerQuery: +((cpu.user + cpu.system) / n).toFixed(1), backendMicrosPerQuery: +((b * 10_000) / n).toFixed(1) }));
  await c.end();
}
