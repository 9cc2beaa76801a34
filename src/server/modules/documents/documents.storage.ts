/**
 * Document content on disk, outside the database (ARC-6): a plain directory tree under the
 * storage root (`KEDANG_STORAGE`, default `<data dir>/storage`):
 *   documents/<first 2 hex of sha256>/<sha256>   the content, content-addressed, written once
 *   tmp/<random>.part                            uploads in flight (never backed up; cleared when stale)
 * An upload is streamed to tmp while its SHA-256 and size are computed, its type is sniffed from
 * the file, and only then is it linked into place — nothing is ever held whole in memory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../../http/errors.js';
import { storageKeyOf, type SniffResult } from './documents.rules.js';

export type StoredUpload = { tmpPath: string; sha256: string; size: number; sniff: SniffResult };

const SAMPLE_BYTES = 4096;

export class DocumentStorage {
  constructor(readonly root: string) {}

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

  async discard(upload: StoredUpload | null): Promise<void> {
    if (upload) await unlink(upload.tmpPath).catch(() => undefined);
  }

  /** Removes stored content (only when no row refers to it any more — the caller checks). */
  async remove(storageKey: string): Promise<void> {
    await unlink(this.pathOf(storageKey)).catch(() => undefined);
  }

  async open(storageKey: string): Promise<{ stream: Readable; size: number }> {
    const file = this.pathOf(storageKey);
    const s = await stat(file).catch(() => null);
    if (!s) throw new AppError('internal', 'The stored file of this document is missing.');
    return { stream: createReadStream(file), size: s.size };
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
