import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../main.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-lifecycle-'));
const port = 3700 + Math.floor(Math.random() * 200);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kedang.js'), 'start'], {
    env: { ...process.env, DATABASE_URL: '', KEDANG_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const poll = setInterval(async () => {
      if (child.exitCode !== null) return (clearInterval(poll), reject(new Error(out)));
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) (clearInterval(poll), resolve({ child, out: () => out }));
      } catch {
        // not yet
      }
    }, 50);
  });
}

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('PLT-1 the embedded database lifecycle', () => {
  it('PLT-1 SEC-1 first start prints the one-time password once; kill -9 is recovered; SIGTERM stops the database', async () => {
    const first = await start();
    expect(first.out()).toMatch(/One-time password: \S+/);
    const password = /One-time password: (\S+)/.exec(first.out())![1]!;
    // PLT-7: the postmaster runs as a batch task (policy 3 in /proc/PID/stat), and so do the backends it forked
    expect(first.out()).toContain('backends scheduled as batch tasks');
    const statOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const postmasterPid = Number(readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
    expect(Number(statOf(postmasterPid)[38])).toBe(3);
    const backends = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
      try {
        return Number(statOf(Number(d))[1]) === postmasterPid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('kedang kedang');
      } catch {
        return false; // gone meanwhile
      }
    });
    expect(backends.length).toBeGreaterThan(0);
    for (const b of backends) expect(Number(statOf(Number(b))[38])).toBe(3);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect((await login.json()).mustChangePassword).toBe(true);
    // kill -9: the app dies, its PostgreSQL is orphaned and keeps the data directory
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(existsSync(path.join(dataDir, 'pg/postmaster.pid'))).toBe(true);
    const second = await start({ NODE_ENV: 'production' });
    // PLT-7: the cluster listens on a Unix socket in its own directory (postmaster.pid line 5), which the server uses
    const pidLines = (await import('node:fs')).readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n');
    expect(pidLines[4]).toBe(path.resolve(dataDir, 'pg'));
    expect(existsSync(path.join(dataDir, 'pg', `.s.PGSQL.${pidLines[3]}`))).toBe(true);
    expect(second.out()).not.toContain('One-time password');
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(again.status).toBe(200);
    const pgPid = Number((await import('node:fs')).readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', r));
    expect(code).toBe(0);
    expect(pidAlive(pgPid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg/postmaster.pid'))).toBe(false);
  }, 90_000);
});
