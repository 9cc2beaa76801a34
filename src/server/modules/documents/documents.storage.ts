/**
 * Document content on disk, outside the database (ARC-6): a plain directory tree under the
 * storage root (`KEDANG_STORAGE`, default `<data dir>/storage`):
 *   documents/<first 2 hex of sha256>/<sha256>   the content, content-addressed, written once
 *   tmp/<random>.part                            uploads in flight (never backed up; cleared when stale)
 * An upload is streamed to tmp while its SHA-256 and size are computed, its type is sniffed from
 * the file, and only then is it linked into place — nothing is ever held whole in memory.
 *
 * With `KEDANG_DOCUMENT_STORE=postgres` (several instances without a shared disk, issue 12) the
 * content goes to the `document_contents` table instead, in 1 MiB chunks under the same key;
 * uploads in flight still pass through the local tmp directory of the instance receiving them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, rm, stat, unlink } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../../http/errors.js';
import { storageKeyOf, type SniffResult } from './documents.rules.js';

export type StoredUpload = { tmpPath: string; sha256: string; size: number; sniff: SniffResult };

const SAMPLE_BYTES = 4096;
/** Chunk size of the PostgreSQL store: large enough for few round trips, small enough to stream. */
export const CONTENT_CHUNK_BYTES = 1024 * 1024;

/** The store the configuration names (`KEDANG_DOCUMENT_STORE`). */
export const storageFor = (config: Pick<Config, 'storage' | 'documentStore'>, db: Kysely<DB>): DocumentStorage =>
  new DocumentStorage(config.storage, config.documentStore === 'postgres' ? db : undefined);

export class DocumentStorage {
  /** `database`: keep content in PostgreSQL instead of under `root/documents`. */
  constructor(
    readonly root: string,
    private readonly database?: Kysely<DB>,
  ) {}

  get inDatabase(): boolean {
    return this.database !== undefined;
  }

  private tmpDir() {
    return path.join(this.root, 'tmp');
  }

  pathOf(storageKey: string): string {
    // keys are validated by storageKeyOf / the table's CHECK; resolve and confine anyway
    const p = path.resolve(this.root, storageKey);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error('storage key outside the storage root');
    return p;
  }

  /** Streams `source` into a temporary file, hashing and counting; refuses more than `maxBytes`. */
  async receive(source: Readable & { truncated?: boolean }, maxBytes: number): Promise<StoredUpload> {
    await mkdir(this.tmpDir(), { recursive: true });
    const tmpPath = path.join(this.tmpDir(), `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new AppError('payload_too_large', `file: larger than the upload limit of ${Math.round(maxBytes / 1048576)} MiB`, { errors: [{ path: 'file', message: 'is too large', code: 'file_too_large', params: { maximum: Math.round(maxBytes / 1048576) } }] }));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      // the file exists before any byte is read: a request that breaks off early cannot leave a
      // .part behind (a stream's own open could create it after the clean-up below had run)
      await pipeline(source, meter, (await open(tmpPath, 'wx')).createWriteStream());
      if (source.truncated) throw new AppError('payload_too_large', `file: larger than the upload limit of ${Math.round(maxBytes / 1048576)} MiB`, { errors: [{ path: 'file', message: 'is too large', code: 'file_too_large', params: { maximum: Math.round(maxBytes / 1048576) } }] });
      const detected = size > 0 ? await fileTypeFromFile(tmpPath) : undefined;
      return { tmpPath, sha256: hash.digest('hex'), size, sniff: { detected: detected ? { ext: detected.ext, mime: detected.mime } : undefined, sample: await this.sampleOf(tmpPath) } };
    } catch (e) {
      await unlink(tmpPath).catch(() => undefined);
      throw e;
    }
  }

  private async sampleOf(file: string): Promise<Uint8Array> {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(SAMPLE_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  /** Moves a received upload to its content address. Returns whether this call created the file. */
  async commit(upload: StoredUpload): Promise<{ storageKey: string; created: boolean }> {
    const storageKey = storageKeyOf(upload.sha256);
    if (this.database) return this.commitToDatabase(this.database, upload, storageKey);
    const target = this.pathOf(storageKey);
    await mkdir(path.dirname(target), { recursive: true });
    let created = true;
    try {
      await link(upload.tmpPath, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      created = false; // the same content is already stored
    }
    await unlink(upload.tmpPath).catch(() => undefined);
    return { storageKey, created };
  }

  /** One transaction: every chunk or none; equal content stored once (a concurrent twin waits, then finds it). */
  private async commitToDatabase(db: Kysely<DB>, upload: StoredUpload, storageKey: string): Promise<{ storageKey: string; created: boolean }> {
    const created = await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${storageKey}, 0))`.execute(tx);
      const have = await tx.selectFrom('document_contents').select('chunk').where('storage_key', '=', storageKey).where('chunk', '=', 0).executeTakeFirst();
      if (have) return false;
      const fh = await open(upload.tmpPath, 'r');
      try {
        const buf = Buffer.alloc(CONTENT_CHUNK_BYTES);
        for (let chunk = 0; ; chunk++) {
          const { bytesRead } = await fh.read(buf, 0, CONTENT_CHUNK_BYTES, chunk * CONTENT_CHUNK_BYTES);
          if (bytesRead === 0 && chunk > 0) break;
          await tx.insertInto('document_contents').values({ storage_key: storageKey, chunk, data: Buffer.from(buf.subarray(0, bytesRead)) }).execute();
          if (bytesRead < CONTENT_CHUNK_BYTES) break;
        }
      } finally {
        await fh.close();
      }
      return true;
    });
    await unlink(upload.tmpPath).catch(() => undefined);
    return { storageKey, created };
  }

  /** Inside the caller's transaction (destruction): the content goes with the rows, or not at all. */
  async removeIn(tx: Kysely<DB>, storageKey: string): Promise<void> {
    if (this.database) await tx.deleteFrom('document_contents').where('storage_key', '=', storageKey).execute();
  }

  async discard(upload: StoredUpload | null): Promise<void> {
    if (upload) await unlink(upload.tmpPath).catch(() => undefined);
  }

  /** Removes stored content (only when no row refers to it any more — the caller checks). */
  async remove(storageKey: string): Promise<void> {
    if (this.database) {
      await this.database.deleteFrom('document_contents').where('storage_key', '=', storageKey).execute();
      return;
    }
    await unlink(this.pathOf(storageKey)).catch(() => undefined);
  }

  async open(storageKey: string): Promise<{ stream: Readable; size: number }> {
    if (this.database) return this.openFromDatabase(this.database, storageKey);
    const file = this.pathOf(storageKey);
    const s = await stat(file).catch(() => null);
    if (!s) throw new AppError('internal', 'The stored file of this document is missing.');
    return { stream: createReadStream(file), size: s.size };
  }

  /** Streams the chunks one query at a time, in order. */
  private async openFromDatabase(db: Kysely<DB>, storageKey: string): Promise<{ stream: Readable; size: number }> {
    const sized = await db
      .selectFrom('document_contents')
      .select([sql<string>`count(*)`.as('chunks'), sql<string | null>`sum(octet_length(data))`.as('size')])
      .where('storage_key', '=', storageKey)
      .executeTakeFirstOrThrow();
    if (Number(sized.chunks) === 0) throw new AppError('internal', 'The stored file of this document is missing.');
    const chunks = Number(sized.chunks);
    async function* read() {
      for (let chunk = 0; chunk < chunks; chunk++) {
        const row = await db.selectFrom('document_contents').select('data').where('storage_key', '=', storageKey).where('chunk', '=', chunk).executeTakeFirst();
        if (!row) throw new Error(`chunk ${chunk} of ${storageKey} is missing`);
        yield row.data;
      }
    }
    return { stream: Readable.from(read(), { objectMode: false }), size: Number(sized.size ?? 0) };
  }

  /** Temporary files older than `olderThanMs` (left by a crash mid-upload). */
  async sweepTemporary(olderThanMs = 3_600_000, now = Date.now()): Promise<number> {
    const dir = this.tmpDir();
    const names = await readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const n of names) {
      const p = path.join(dir, n);
      const s = await stat(p).catch(() => null);
      if (s && now - s.mtimeMs > olderThanMs) {
        await rm(p, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
