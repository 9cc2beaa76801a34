/** The real server as a child process on a benchmark data directory, ready when /readyz answers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVER_NODE_OPTIONS } from '../src/server/shared/heap-growth.js';

/** A port nobody listens on now: two sessions benchmarking at once must not measure each other's server. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export type BenchServer = { child: ChildProcess; url: string; readyMs: number };

export async function startBenchServer(root: string, dataDir: string, port: number, env: Record<string, string> = {}): Promise<BenchServer> {
  const t0 = performance.now();
  // the Node options `npm start` gives the server (package.json, checked equal by scripts/start-script.test.ts)
  const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, path.join(root, 'bin/kedang.js'), 'start'], {
    env: { ...process.env, KEDANG_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', KEDANG_LOGIN_RATE_LIMIT: '100000', DATABASE_URL: '', KEDANG_BACKUP_SCHEDULE: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log = (log + d).slice(-8000)));
  child.stderr!.on('data', (d) => {
    log = (log + d).slice(-8000);
    process.stderr.write(d);
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return { child, url, readyMs: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function stopBenchServer(s: Pick<BenchServer, 'child'>): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

/** Resident set size of a process in MB (0 once it has gone). */
export function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds the whole machine has spent busy since boot (/proc/stat: user, nice, system, irq, softirq, steal). */
export function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100; // USER_HZ
}

/** The owner's connection string of a benchmark data directory's running embedded PostgreSQL. */
export const benchPgUrl = (dataDir: string) =>
  `postgres://kedang:${readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim()}@127.0.0.1:${readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n')[3]}/kedang`;
