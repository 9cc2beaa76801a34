import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { isOurPostmaster, isPostmasterOf, livePostmasterPort, recoverStalePostmaster, startEmbeddedPostgres, untraversable } from './embedded.js';
import { relocatedClusterDir } from './embedded-root.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-pid-'));
const pgDir = path.join(dir, 'pg');
let stranger: ChildProcess;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
beforeAll(() => {
  mkdirSync(pgDir, { recursive: true });
  stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
});
afterAll(() => {
  stranger.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const writePidFile = (pid: number, port = 1) => writeFileSync(path.join(pgDir, 'postmaster.pid'), `${pid}\n${pgDir}\n1700000000\n${port}\n\n127.0.0.1\n  1234  5678\nready\n`);

describe('issue 11 item 13: after kill -9 the process in postmaster.pid is identified before anything is done to it', () => {
  it.each([
    [['/x/native/bin/postgres', '-D', pgDir, '-p', '5432'], true],
    [['/usr/lib/postgresql/17/bin/postmaster', `--pgdata=${pgDir}`], true],
    [['/x/native/bin/postgres', '-D', `${pgDir}/../pg`], true],
    [['/x/native/bin/postgres', '-D', '/elsewhere/pg'], false],
    [['/x/native/bin/postgres'], false],
    [['sleep', '60'], false],
    [['/usr/bin/node', 'postgres', '-D', pgDir], false],
    [[], false],
  ])('PLT-8 %j is the postmaster of the data directory: %s', (argv, expected) => {
    expect(isPostmasterOf(argv, pgDir)).toBe(expected);
  });

  it('PLT-8 a stranger that reused the pid is never signalled; the stale pid file is removed', async () => {
    writePidFile(stranger.pid!);
    expect(await isOurPostmaster(pgDir, { pid: stranger.pid!, port: 1 }, 'x')).toBe(false);
    const said: string[] = [];
    await recoverStalePostmaster(pgDir, 'x', (m) => said.push(m));
    expect(alive(stranger.pid!)).toBe(true);
    expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
    expect(said.join()).toMatch(/not this data directory's PostgreSQL: left alone/);
  });

  it('PLT-8 a data directory whose owner and postmaster pids now belong to strangers is not attached to', async () => {
    writePidFile(stranger.pid!, 1);
    writeFileSync(path.join(dir, 'kedang.pid'), String(stranger.pid));
    expect(await livePostmasterPort(dir, pgDir, 'x')).toBeNull();
    // the owner is a live Node.js process (this one's parent) but the postmaster is a stranger
    writeFileSync(path.join(dir, 'kedang.pid'), String(process.ppid));
    expect(await livePostmasterPort(dir, pgDir, 'x')).toBeNull();
    expect(alive(stranger.pid!)).toBe(true);
  });

  it('PLT-8 a pid file of a process that has gone is simply removed', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    writePidFile(gone.pid!);
    await recoverStalePostmaster(pgDir, 'x', () => {});
    expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
  });
});

describe('issue 12 item 4: as root in a private home directory the start stops with one clear sentence', () => {
  const tree: Record<string, { mode: number; uid: number; gid: number }> = {
    '/': { mode: 0o755, uid: 0, gid: 0 },
    '/root': { mode: 0o700, uid: 0, gid: 0 },
    '/root/kedang': { mode: 0o755, uid: 0, gid: 0 },
    '/home': { mode: 0o755, uid: 0, gid: 0 },
    '/home/li': { mode: 0o750, uid: 1000, gid: 104 },
    '/home/li/k': { mode: 0o700, uid: 101, gid: 0 },
    '/opt': { mode: 0o711, uid: 0, gid: 0 },
    '/opt/kedang': { mode: 0o755, uid: 0, gid: 0 },
  };
  const statOf = (d: string) => tree[d]!;
  it.each([
    ['/root/kedang', '/root'],
    ['/opt/kedang', null],
    ['/home/li', null], // group postgres may traverse (g+x)
    ['/home/li/k', null], // owned by postgres (u+x)
  ])('PLT-1 the postgres user (101:104) reaching %s is blocked at %s', (target, blocked) => {
    expect(untraversable(target, 101, 104, statOf)).toBe(blocked);
  });

  it('PLT-1 a relocated cluster lives in one directory per data directory, stable across starts', () => {
    expect(relocatedClusterDir('/var/lib/kedang', '/root/kedang/data')).toBe(relocatedClusterDir('/var/lib/kedang', '/root/kedang/data'));
    expect(relocatedClusterDir('/var/lib/kedang', '/root/kedang/data')).toMatch(/^\/var\/lib\/kedang\/clusters\/[0-9a-f]{16}$/);
    expect(relocatedClusterDir('/var/lib/kedang', '/root/other/data')).not.toBe(relocatedClusterDir('/var/lib/kedang', '/root/kedang/data'));
  });

  // issue 12 item 4: a clone in root's 0700 home starts; .ci/run starts `npm start` from such a clone too
  it.runIf(process.getuid?.() === 0)('PLT-1 as root, a data directory under a 0700 directory starts, its cluster placed where the postgres user reaches it and linked from <data>/pg', async () => {
    const priv = mkdtempSync(path.join(os.tmpdir(), 'kedang-private-'));
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-runtime-'));
    chmodSync(priv, 0o700);
    chmodSync(runtimeDir, 0o755);
    const dataDir = path.join(priv, 'data');
    try {
      const db = await startEmbeddedPostgres({ dataDir, runtimeDir });
      try {
        const c = new pg.Client({ connectionString: db.url('postgres') });
        await c.connect();
        const dir = (await c.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
        await c.end();
        expect(lstatSync(path.join(dataDir, 'pg')).isSymbolicLink()).toBe(true);
        expect(realpathSync(path.join(dataDir, 'pg'))).toBe(dir);
        expect(dir.startsWith(runtimeDir)).toBe(true);
      } finally {
        await db.stop();
      }
    } finally {
      rmSync(priv, { recursive: true, force: true });
      rmSync(runtimeDir, { recursive: true, force: true });
    }
  }, 120_000);
});
