/**
 * Imports as a resource (ARC-12, PLT-3 `/imports`): upload → dry run → commit. The passes run in
 * the background of the server process (never inside the request), report progress (rows done,
 * ETA) on the import row, and keep their issues by row and column. The commit is one transaction:
 * every row or none, archive numbers consecutive, one audit event for the import.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import { createImportFields, importMappingSchema, type ImportEntity, type ImportIssue, type ImportJob } from '../../../contract/imports.js';
import { importIssueText, isImportIssueCode, type ImportIssueParams, type ImportLanguage } from '../../../contract/import-issues.js';
import type { Config } from '../../config.js';
import { withDedicatedClient } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, notFound } from '../../http/errors.js';
import { readUpload } from '../../http/multipart.js';
import { boundHeapGrowth } from '../../shared/heap-growth.js';
import { subjectOf } from '../access/access.service.js';
import { decideCustomerAccess, type AccessSubject } from '../access/customer-access.rules.js';
import { holdOffCustomerMaintenance } from '../customers/customers.bulk.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { lap, runImportPass, type DuplicatePolicy, type PassTimings, type PipelineResult } from './imports.pipeline.js';
import { ImportFileError, sniffFile, type FileInfo, type ReadLimits } from './imports.read.js';

/** Issues kept per import; the counts cover all of them. */
export const MAX_STORED_ISSUES = 10_000;
/** A running pass that has not reported for this long was interrupted (a restart). */
const STALE_MS = 120_000;

type ImportRow = Awaited<ReturnType<typeof selectImport>>;
const selectImport = (db: Kysely<DB>, id: string) => db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();

export const limitsOf = (config: Config): ReadLimits => ({ maxRows: config.importMaxRows, maxUnzippedBytes: config.importMaxUnzippedBytes, maxZipEntries: 10_000 });
export const importsDir = (config: Config) => path.join(config.dataDir, 'imports');
/** Where a dry run records the rows it read from an upload, for its commit to replay. */
const recordingOf = (stored: string) => `${stored}.rows`;

export function toImportJob(r: NonNullable<ImportRow>): ImportJob {
  return {
    id: r.id,
    entity: r.entity as ImportEntity,
    fileName: r.file_name,
    format: r.format as ImportJob['format'],
    encoding: r.encoding,
    status: r.status as ImportJob['status'],
    phase: r.phase as ImportJob['phase'],
    columns: r.columns as ImportJob['columns'],
    mapping: r.mapping as ImportJob['mapping'],
    rowsTotal: r.rows_total,
    rowsDone: r.rows_done,
    progress: r.progress,
    etaSeconds: r.eta_seconds,
    validRows: r.valid_rows,
    errorRows: r.error_rows,
    duplicateRows: r.duplicate_rows,
    committedRows: r.committed_rows,
    skippedRows: r.skipped_rows,
    message: r.message,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** Passes running in this process, so tests and a shutdown can wait for them. */
const running = new Map<string, Promise<void>>();
export const waitForImport = async (id: string) => running.get(id);
export const runningImports = () => [...running.values()];

/** The import if it is the caller's own (imports are personal: nobody else sees another's file). */
async function ownImport(db: Kysely<DB>, p: Principal, id: string) {
  let row = await selectImport(db, id);
  if (!row || row.created_by !== p.userId) throw notFound('import');
  if ((row.status === 'validating' || row.status === 'committing') && !running.has(id) && Date.now() - row.updated_at.getTime() > STALE_MS) {
    await db.updateTable('imports').set({ status: row.status === 'committing' ? 'validated' : 'failed', message: 'The pass was interrupted (the server restarted); nothing was written. Start the dry run again.', finished_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
    row = (await selectImport(db, id))!;
  }
  return row;
}

/** Writes the uploaded file to the imports directory under a random name, at most `max` bytes. */
async function storeUpload(body: Readable, dir: string, max: number): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${randomBytes(16).toString('hex')}.upload`); // never the client's name: no path traversal
  let n = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _e, cb) {
      n += chunk.length;
      if (n > max) cb(new AppError('payload_too_large', `file: larger than ${Math.round(max / 1048576)} MB (KEDANG_IMPORT_MAX_MB)`, { errors: [{ path: 'file', message: 'is too large', code: 'file_too_large', params: { maximum: Math.round(max / 1048576) } }] }));
      else cb(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(file, { mode: 0o600 }));
    if ((body as { truncated?: boolean }).truncated) throw new AppError('payload_too_large', 'file: larger than the upload limit', { errors: [{ path: 'file', message: 'is too large', code: 'file_too_large' }] });
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
  return file;
}

const displayName = (s: string) => path.basename(s.replace(/\\/g, '/')).replace(/[\u0000-\u001f]/g, '').slice(0, 200) || 'upload';

/** Reads the multipart upload (routes → here): the file to disk, the fields validated. */
export async function receiveImport(req: FastifyRequest, config: Config) {
  const { fields, file } = await readUpload(
    req,
    createImportFields,
    async (part) => ({ path: await storeUpload(part.stream, importsDir(config), config.importMaxBytes), filename: part.filename }),
    async (f) => rm(f.path, { force: true }),
    { fileSize: config.importMaxBytes + 1 },
  );
  let mapping: Record<string, string | null> = {};
  if (fields.mapping) {
    let json: unknown;
    try {
      json = JSON.parse(fields.mapping);
    } catch {
      json = undefined;
    }
    const parsed = importMappingSchema.safeParse(json);
    if (!parsed.success) {
      await rm(file.path, { force: true });
      throw new AppError('validation_failed', 'mapping: must be a JSON object of header → field key', { errors: [{ path: 'mapping', message: 'must be a JSON object of header → field key' }] });
    }
    mapping = parsed.data;
  }
  return { entity: fields.entity, mapping, path: file.path, fileName: file.filename };
}

export async function createImport(db: Kysely<DB>, config: Config, p: Principal, upload: { entity: ImportEntity; mapping: Record<string, string | null>; path: string; fileName: string }, _actor: Actor): Promise<ImportJob> {
  const file = upload.path;
  const stop = async (e: AppError) => {
    await rm(file, { force: true });
    throw e;
  };
  const subject = await subjectOf(db, p);
  if (upload.entity === 'customers' && decideCustomerAccess(subject, 'create', null).effect === 'deny') await stop(new AppError('forbidden', 'Your roles may not create customer archives.', { rule: 'SEC-2' }));
  let info: FileInfo;
  try {
    info = await sniffFile(file);
  } catch (e) {
    if (e instanceof ImportFileError) return stop(new AppError('validation_failed', `file: ${e.message}`, { errors: [{ path: 'file', message: e.message }] }));
    await rm(file, { force: true });
    throw e;
  }
  const row = await db
    .insertInto('imports')
    .values({ entity: upload.entity, file_name: displayName(upload.fileName), stored_as: path.basename(file), format: info.format, size: info.size, encoding: info.encoding, status: 'validating', phase: 'dry_run', mapping: JSON.stringify(upload.mapping), created_by: p.userId, started_at: new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
  startPass(db, config, row, subject, p.userId, _actor, null);
  return toImportJob(row);
}

export async function getImport(db: Kysely<DB>, p: Principal, id: string) {
  return toImportJob(await ownImport(db, p, id));
}

export async function listImports(db: Kysely<DB>, p: Principal, q: { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, 1);
  let query = db.selectFrom('imports').selectAll().where('created_by', '=', p.userId);
  if (after) query = query.where(sql<boolean>`id < ${String(after[0])}::bigint`);
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  return { items: page.map(toImportJob), nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null };
}

export async function listIssues(db: Kysely<DB>, p: Principal, id: string, q: { limit: number; cursor?: string; kind?: 'error' | 'duplicate' }) {
  await ownImport(db, p, id);
  const after = decodeCursor(q.cursor, 1);
  let query = db.selectFrom('import_issues').selectAll().where('import_id', '=', id);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (after) query = query.where('seq', '>', Number(after[0]));
  const rows = await query.orderBy('seq').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r): ImportIssue => ({ row: r.row_no, column: r.column_ref, header: r.header, field: r.field, kind: r.kind as ImportIssue['kind'], message: r.message, code: isImportIssueCode(r.code) ? r.code : null, params: (r.params as ImportIssue['params']) ?? null, value: r.value })),
    nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.seq]) : null,
  };
}

/** Everything the report needs: the stored file and every stored issue, by row. */
export async function issuesForReport(db: Kysely<DB>, config: Config, p: Principal, id: string, language: ImportLanguage = 'zh-CN') {
  const row = await ownImport(db, p, id);
  const kept = row.status !== 'discarded' && (row.status !== 'committed' || (row.error_rows > 0 && (await stat(path.join(importsDir(config), row.stored_as)).catch(() => null)) !== null));
  if (!kept) throw new AppError('conflict', 'The file of this import is no longer kept.');
  const issues = await db.selectFrom('import_issues').selectAll().where('import_id', '=', id).orderBy('seq').execute();
  const byRow = new Map<number, { column: string | null; message: string; kind: string; header: string | null }[]>();
  // the findings in the reader's language from their codes (issue 17 item 5); older ones keep their stored text
  const text = (i: (typeof issues)[number]) => importIssueText({ message: i.message, code: i.code, params: i.params as ImportIssueParams | null }, language);
  for (const i of issues) byRow.set(i.row_no, [...(byRow.get(i.row_no) ?? []), { column: i.column_ref, message: text(i), kind: i.kind, header: i.header }]);
  return { job: toImportJob(row), file: path.join(importsDir(config), row.stored_as), info: { format: row.format as 'xlsx' | 'csv', encoding: row.encoding, size: Number(row.size) }, byRow };
}

export async function dryRunImport(db: Kysely<DB>, config: Config, p: Principal, id: string, body: { mapping?: Record<string, string | null> }, actor: Actor) {
  const row = await ownImport(db, p, id);
  if (!['validated', 'failed'].includes(row.status) || !(await stat(path.join(importsDir(config), row.stored_as)).catch(() => null))) {
    throw new AppError('conflict', `The import is ${row.status}; a dry run can only be repeated on a validated or failed import whose file is kept.`);
  }
  const updated = await db
    .updateTable('imports')
    .set({ status: 'validating', phase: 'dry_run', mapping: JSON.stringify(body.mapping ?? row.mapping ?? {}), message: null, rows_done: 0, progress: 0, eta_seconds: null, started_at: new Date(), finished_at: null, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', row.status)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new AppError('conflict', 'The import changed meanwhile; reload it.');
  startPass(db, config, updated, await subjectOf(db, p), p.userId, actor, null);
  return toImportJob(updated);
}

export async function commitImport(db: Kysely<DB>, config: Config, p: Principal, id: string, body: { duplicates: DuplicatePolicy; rows?: 'all' | 'valid' }, actor: Actor) {
  const row = await ownImport(db, p, id);
  if (row.status !== 'validated') throw new AppError('conflict', `The import is ${row.status}; only a validated import can be committed.`);
  const validOnly = body.rows === 'valid';
  if (row.error_rows > 0 && !validOnly) throw new AppError('rule_violation', `${row.error_rows} rows have errors; fix them and upload the file again (nothing was written), or commit with rows: "valid" to import the valid rows only.`, { rule: 'ARC-12' });
  if (validOnly && row.valid_rows === 0) throw new AppError('rule_violation', 'No row is valid: nothing could be imported.', { rule: 'ARC-12' });
  const updated = await db
    .updateTable('imports')
    .set({ status: 'committing', phase: 'commit', message: null, rows_done: 0, progress: 0, eta_seconds: null, started_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'validated')
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new AppError('conflict', 'The import changed meanwhile; reload it.');
  startPass(db, config, updated, await subjectOf(db, p), p.userId, actor, body.duplicates, validOnly);
  return toImportJob(updated);
}

export async function discardImport(db: Kysely<DB>, config: Config, p: Principal, id: string) {
  const row = await ownImport(db, p, id);
  if (row.status === 'committing' || row.status === 'validating') throw new AppError('conflict', 'The import is running; wait until it has finished.');
  if (row.status === 'committed') throw new AppError('conflict', 'A committed import cannot be discarded.');
  await rm(path.join(importsDir(config), row.stored_as), { force: true });
  await rm(recordingOf(path.join(importsDir(config), row.stored_as)), { force: true });
  const updated = await db.updateTable('imports').set({ status: 'discarded', updated_at: new Date(), finished_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toImportJob(updated);
}

/** Throttled progress with an ETA from the elapsed time and the fraction done. */
export function progressTracker(write: (p: { rowsDone: number; fraction: number; eta: number | null }) => void | Promise<void>, everyMs = 500) {
  const t0 = Date.now();
  let last = 0;
  return (p: { rowsDone: number; fraction: number }) => {
    const now = Date.now();
    if (now - last < everyMs && p.fraction < 1) return;
    last = now;
    const eta = p.fraction > 0.02 ? Math.max(0, Math.round(((now - t0) / p.fraction - (now - t0)) / 1000)) : null;
    void Promise.resolve(write({ ...p, eta })).catch(() => {});
  };
}

class CommitRefused extends Error {
  constructor(readonly result: PipelineResult) {
    super('rows have errors');
  }
}

/** Issue sink: stores the first MAX_STORED_ISSUES issues of a pass, in order. */
function issueSink(db: Kysely<DB>, id: string) {
  let seq = 0;
  return async (issues: ImportIssue[]) => {
    const room = MAX_STORED_ISSUES - seq;
    if (room <= 0) return;
    const take = issues.slice(0, room);
    const values = take.map((i) => ({ import_id: id, seq: ++seq, row_no: i.row, column_ref: i.column, header: i.header, field: i.field, kind: i.kind, message: i.message.slice(0, 1000), code: i.code ?? null, params: i.params ? JSON.stringify(i.params) : null, value: i.value }));
    for (let k = 0; k < values.length; k += 1000) await db.insertInto('import_issues').values(values.slice(k, k + 1000)).execute();
  };
}

export type PassInput = {
  db: Kysely<DB>;
  subject: AccessSubject;
  importerId: string | null;
  defaultOwnerId: string;
  entity: ImportEntity;
  file: string;
  info: FileInfo;
  mapping: Record<string, string | null>;
  limits: ReadLimits;
  commit: { duplicates: DuplicatePolicy; actor: Actor; importId: string | null; validOnly?: boolean } | null;
  onProgress?: (p: { rowsDone: number; fraction: number }) => void;
  onIssues?: (issues: ImportIssue[]) => Promise<void> | void;
  onDisclosed?: (archives: { id: string; archiveNo: string }[]) => Promise<void> | void;
  /** Rows checked (and written) at a time; the default suits files of any size. */
  batchSize?: number;
  /** Milliseconds per phase, added up here when given (see PassTimings). */
  timings?: PassTimings;
  /** The rows a dry run reads are recorded (`record`) and replayed by its commit (`replay`), which then parses no workbook. */
  recording?: { record?: string | undefined; replay?: string | undefined };
};

/**
 * One dry run or commit, shared by the HTTP resource and the CLI. Commit: one transaction on one
 * dedicated client (the bulk writes COPY on it, inside the same transaction), refused whole on any
 * error; a failure half-way rolls everything back.
 */
export async function executePass(i: PassInput): Promise<{ result: PipelineResult; committed: boolean }> {
  const release = boundHeapGrowth(HEAP_GROWING_PERCENT);
  const t0 = performance.now();
  try {
    return await runPass(i);
  } finally {
    lap(i.timings, 'total', t0);
    release();
  }
}

/**
 * While a pass runs, V8 grows the heap by at most half of what is live after each full GC instead
 * of its default of up to four times: a pass allocates fast (parsing, checking, building COPY
 * text) but keeps little (≈ 60–90 MB for 100,000 rows), so the default lets garbage pile up to
 * hundreds of MB before it is collected (ARC-12's RSS ≤ 500 MB). The flag is read at every GC;
 * the server's own bound (shared/heap-growth.ts) comes back when the last running pass ends.
 */
const HEAP_GROWING_PERCENT = 50;

async function runPass(i: PassInput): Promise<{ result: PipelineResult; committed: boolean }> {
  const base = { subject: i.subject, importerId: i.importerId, defaultOwnerId: i.defaultOwnerId, entity: i.entity, path: i.file, info: i.info, mapping: i.mapping, limits: i.limits, onProgress: i.onProgress, onIssues: i.onIssues, onDisclosed: i.onDisclosed, ...(i.batchSize ? { batchSize: i.batchSize } : {}), ...(i.timings ? { timings: i.timings } : {}), ...(i.recording ? { recording: i.recording } : {}) };
  if (!i.commit) return { result: await runImportPass({ ...base, db: i.db }), committed: false };
  const commit = i.commit;
  const now = new Date();
  let tc = 0;
  try {
    const result = await withDedicatedClient(i.db, ({ db, client }) =>
      db.transaction().execute(async (tx) => {
        await holdOffCustomerMaintenance(tx); // no re-planning of the foreign-key checks half-way (see there)
        const r = await runImportPass({ ...base, db: tx, commit: { duplicates: commit.duplicates, now, client, validOnly: commit.validOnly ?? false } });
        // all or nothing, unless the valid rows were asked for explicitly (and some could be written)
        if (r.errorRows > 0 && !(commit.validOnly && r.committedRows > 0)) throw new CommitRefused(r);
        const ta = performance.now();
        await recordAudit(tx, commit.actor, {
          action: 'import.committed',
          entityType: 'import',
          ...(commit.importId ? { entityId: commit.importId } : {}),
          data: { entity: i.entity, rows: r.committedRows, skipped: r.skippedRows, rejected: r.errorRows, duplicates: commit.duplicates, ...(r.archiveRange ? { archiveNos: [r.archiveRange.first, r.archiveRange.last] } : {}) },
        }, now);
        lap(i.timings, 'audit', ta);
        tc = performance.now();
        return r;
      }),
    );
    lap(i.timings, 'commit', tc);
    return { result, committed: true };
  } catch (e) {
    if (e instanceof CommitRefused) return { result: e.result, committed: false };
    throw e;
  }
}

function startPass(db: Kysely<DB>, config: Config, row: NonNullable<ImportRow>, subject: AccessSubject, userId: string, actor: Actor, duplicates: DuplicatePolicy | null, validOnly = false) {
  const id = row.id;
  const update = async (set: Record<string, unknown>): Promise<void> => void await db.updateTable('imports').set({ ...set, updated_at: new Date() }).where('id', '=', id).execute();
  const stored = path.join(importsDir(config), row.stored_as);
  const rowsFile = recordingOf(stored);
  const job = (async () => {
    await db.deleteFrom('import_issues').where('import_id', '=', id).execute();
    // a dry run records the rows it reads; the commit replays the last complete recording (the file never changes)
    if (!duplicates) await rm(rowsFile, { force: true });
    const replay = duplicates && (await stat(rowsFile).catch(() => null)) ? rowsFile : undefined;
    const track = progressTracker(({ rowsDone, fraction, eta }) => update({ rows_done: rowsDone, progress: fraction, eta_seconds: eta }));
    try {
      const { result, committed } = await executePass({
        db,
        subject,
        importerId: userId,
        defaultOwnerId: userId,
        entity: row.entity as ImportEntity,
        file: stored,
        recording: duplicates ? { replay } : { record: rowsFile },
        info: { format: row.format as 'xlsx' | 'csv', encoding: row.encoding, size: Number(row.size) },
        mapping: (row.mapping ?? {}) as Record<string, string | null>,
        limits: limitsOf(config),
        commit: duplicates ? { duplicates, actor, importId: id, validOnly } : null,
        onProgress: track,
        onIssues: issueSink(db, id),
        // outside the pass's transaction: the disclosure happened even if the commit is refused (SEC-10)
        onDisclosed: async (archives) => {
          for (const a of archives) await recordReadAudit(db, actor, { action: 'customer.duplicate_disclosed', entityType: 'customer', entityId: a.id, data: { archiveNo: a.archiveNo, via: 'import', importId: id } });
        },
      });
      const counts = { columns: JSON.stringify(result.columns), rows_total: result.rowsTotal, rows_done: result.rowsTotal, progress: 1, eta_seconds: 0, valid_rows: result.validRows, error_rows: result.errorRows, duplicate_rows: result.duplicateRows, finished_at: new Date() };
      if (duplicates && committed) {
        await update({ ...counts, status: 'committed', committed_rows: result.committedRows, skipped_rows: result.skippedRows, message: null });
        await rm(rowsFile, { force: true });
        // the rows not imported stay downloadable (report?rows=rejected) until the import is discarded
        if (result.errorRows === 0) await rm(stored, { force: true });
      } else if (duplicates) {
        await update({ ...counts, status: 'validated', committed_rows: 0, skipped_rows: 0, message: `Commit refused: ${result.errorRows} rows have errors now; nothing was written.` });
      } else {
        await update({ ...counts, status: 'validated', committed_rows: 0, skipped_rows: 0, message: null });
      }
    } catch (e) {
      const message = e instanceof ImportFileError ? e.message : e instanceof AppError ? e.message : 'The file could not be processed; nothing was written.';
      await update({ status: duplicates ? 'validated' : 'failed', message, finished_at: new Date(), eta_seconds: null }).catch(() => {});
      if (!(e instanceof ImportFileError) && !(e instanceof AppError)) console.error(`import ${id} failed:`, e);
    }
  })().finally(() => running.delete(id));
  running.set(id, job);
}
