/**
 * Documents of an archive (ARC-6): upload, list in filing order with the completeness check,
 * download, replace (a new version of the content), metadata changes versioned in the archive's
 * history (ARC-7), deletion through an approval (SEC-7). Every call opens the archive through the
 * access policy and then applies the document's own secrecy level (document-access.rules.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { CatalogueEntry, DocumentCategory, DocumentKind, DocumentRecord, UpdateDocumentInput } from '../../../contract/documents.js';
import { replaceDocumentFields, uploadDocumentFields } from '../../../contract/documents.js';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import type { FileResult } from '../../http/handler.js';
import { readUpload } from '../../http/multipart.js';
import { assertGroup, subjectOf } from '../access/access.service.js';
import type { AccessSubject, AllowDecision, SecrecyLevel } from '../access/customer-access.rules.js';
import { decideDocumentAccess, stricterLevel, type DocumentAccess } from '../access/document-access.rules.js';
import { registerApprovalEffect, requestApproval } from '../approvals/approvals.service.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { diffFields } from '../customers/customers.rules.js';
import { openCustomer } from '../customers/customers.service.js';
import { getArchiveSettings } from './archive-settings.service.js';
import { judgeUpload, missingDocuments, orderVolume, safeFileName, titleFromFileName } from './documents.rules.js';
import { storageFor, type DocumentStorage, type StoredUpload } from './documents.storage.js';

type DocRow = {
  id: string;
  customer_id: string;
  kind: string;
  category: string;
  title: string;
  pages: number;
  received_on: string | null;
  secrecy_level: string;
  belongs_to: string | null;
  remarks: string | null;
  version: number;
  file_version: number;
  created_at: Date;
  updated_at: Date;
  sha256: string;
  size: string;
  content_type: string;
  file_name: string;
  storage_key: string;
  uploaded_at: Date;
  uploaded_by_name: string | null;
  deletion_pending: boolean;
};

/** Documents with their current file, uploader and whether a deletion waits for approval. */
function selectDocuments(db: Kysely<DB>) {
  return db
    .selectFrom('documents as d')
    .innerJoin('document_files as f', (j) => j.onRef('f.document_id', '=', 'd.id').onRef('f.file_version', '=', 'd.file_version'))
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .select([
      'd.id', 'd.customer_id', 'd.kind', 'd.category', 'd.title', 'd.pages', 'd.received_on', 'd.secrecy_level', 'd.belongs_to', 'd.remarks', 'd.version', 'd.file_version', 'd.created_at', 'd.updated_at',
      'f.sha256', 'f.size', 'f.content_type', 'f.file_name', 'f.storage_key', 'f.uploaded_at', 'u.display_name as uploaded_by_name',
      sql<boolean>`EXISTS (SELECT 1 FROM approvals a WHERE a.type = 'document_delete' AND a.subject_type = 'document' AND a.subject_id = d.id::text AND a.state = 'pending' AND a.expires_at > now())`.as('deletion_pending'),
    ])
    .where('d.deleted_at', 'is', null);
}

function toDocument(r: DocRow, access: Exclude<DocumentAccess, 'hidden'>): DocumentRecord {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind as DocumentKind,
    category: r.category as DocumentCategory,
    title: r.title,
    pages: r.pages,
    receivedOn: r.received_on,
    secrecyLevel: r.secrecy_level as SecrecyLevel,
    belongsTo: r.belongs_to,
    remarks: r.remarks,
    version: r.version,
    fileVersion: r.file_version,
    sha256: r.sha256,
    size: Number(r.size),
    contentType: r.content_type,
    fileName: r.file_name,
    uploadedAt: r.uploaded_at.toISOString(),
    uploadedByName: r.uploaded_by_name,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    access,
    deletionPending: r.deletion_pending,
  };
}

/** The caller's access to one document: the archive's decision narrowed by the document's level. */
export function documentAccess(subject: AccessSubject, decision: AllowDecision, customerLevel: string, documentLevel: string): DocumentAccess {
  return decideDocumentAccess(subject, decision, stricterLevel(customerLevel as SecrecyLevel, documentLevel as SecrecyLevel));
}

const metadataSnapshot = (d: DocumentRecord) => ({ kind: d.kind, category: d.category, title: d.title, pages: d.pages, receivedOn: d.receivedOn, secrecyLevel: d.secrecyLevel, belongsTo: d.belongsTo, remarks: d.remarks, fileVersion: d.fileVersion, fileName: d.fileName, sha256: d.sha256, size: d.size, contentType: d.contentType });

async function recordDocumentHistory(tx: Kysely<DB>, d: DocumentRecord, changes: unknown, actorId: string | null, now: Date) {
  await tx.insertInto('customer_history').values({ customer_id: d.customerId, version: d.version, entity: 'document', entity_id: d.id, changes: JSON.stringify(changes), snapshot: JSON.stringify(metadataSnapshot(d)), actor_id: actorId, at: now }).execute();
}

type Opened = { subject: AccessSubject; decision: AllowDecision; customerId: string; customerLevel: string; doc: DocRow; access: Exclude<DocumentAccess, 'hidden'> };

/** Loads a document the caller may see (404 otherwise), with the archive opened for `action`. */
async function openDocument(db: Kysely<DB>, p: Principal, id: string, action: 'read' | 'update' | 'download'): Promise<Opened> {
  const doc = (await selectDocuments(db).where('d.id', '=', id).executeTakeFirst()) as DocRow | undefined;
  if (!doc) throw notFound('document');
  const subject = await subjectOf(db, p);
  // a document one may not see is "not found", whatever the archive decision says
  const { row, decision } = await openCustomer(db, subject, doc.customer_id, 'read');
  if (!decision.groups.includes('documents')) throw notFound('document');
  const access = documentAccess(subject, decision, row.secrecy_level, doc.secrecy_level);
  if (access === 'hidden') throw notFound('document');
  if (action !== 'read') await openCustomer(db, subject, doc.customer_id, action); // 403 when visible but not allowed
  if (action === 'download' && access !== 'download') throw new AppError('forbidden', 'This document is view-only at its secrecy level: it may not be downloaded.', { rule: 'SEC-5' });
  return { subject, decision, customerId: row.id, customerLevel: row.secrecy_level, doc, access };
}

async function checkLevel(subject: AccessSubject, decision: AllowDecision, customerLevel: string, level: string, p: Principal, before?: string) {
  if (documentAccess(subject, decision, customerLevel, level) === 'hidden') throw fieldError('secrecyLevel', 'you could not read a document at this level yourself');
  const rank = ['none', 'secret', 'confidential', 'top_secret'];
  if (before !== undefined && rank.indexOf(level) < rank.indexOf(before) && !p.roles.includes('gm')) {
    throw new AppError('forbidden', 'secrecyLevel: lowering a secrecy level needs the general manager (SEC-8).', { rule: 'SEC-8', errors: [{ path: 'secrecyLevel', message: 'may only be lowered by the general manager' }] });
  }
}

/** belongsTo must name a visible document of the same archive, and never make a loop. */
async function checkBelongsTo(db: Kysely<DB>, subject: AccessSubject, decision: AllowDecision, customerId: string, customerLevel: string, belongsTo: string | null | undefined, selfId?: string) {
  if (!belongsTo) return;
  if (belongsTo === selfId) throw fieldError('belongsTo', 'a document cannot belong with itself');
  const target = await db.selectFrom('documents').select(['id', 'customer_id', 'secrecy_level']).where('id', '=', belongsTo).where('deleted_at', 'is', null).executeTakeFirst();
  if (!target || target.customer_id !== customerId || documentAccess(subject, decision, customerLevel, target.secrecy_level) === 'hidden') throw fieldError('belongsTo', 'no such document in this archive');
  if (selfId) {
    const chain = await sql<{ id: string }>`
      WITH RECURSIVE up(id, belongs_to, n) AS (SELECT id, belongs_to, 0 FROM documents WHERE id = ${belongsTo}::bigint
        UNION ALL SELECT d.id, d.belongs_to, up.n + 1 FROM documents d JOIN up ON d.id = up.belongs_to WHERE up.n < 1000)
      SELECT id::text AS id FROM up`.execute(db);
    if (chain.rows.some((r) => r.id === selfId)) throw fieldError('belongsTo', 'would make the document belong with one of its own attachments');
  }
}

type Received = StoredUpload & { filename: string };

async function receiveFile<S extends typeof uploadDocumentFields | typeof replaceDocumentFields>(req: FastifyRequest, config: Config, storage: DocumentStorage, schema: S) {
  const { fields, file } = await readUpload(
    req,
    schema,
    async (part): Promise<Received> => ({ ...(await storage.receive(part.stream, config.uploadLimitBytes)), filename: part.filename }),
    (u) => storage.discard(u),
  );
  try {
    if (file.size === 0) throw fieldError('file', 'is empty (0 bytes)');
    const fileName = safeFileName(file.filename);
    const verdict = judgeUpload(file.sniff, fileName);
    if (!verdict.ok) throw new AppError('unsupported_media_type', `file: ${verdict.reason}`, { rule: 'ARC-6', errors: [{ path: 'file', message: verdict.reason, code: verdict.code, ...(verdict.params ? { params: verdict.params } : {}) }] });
    return { fields, file, fileName, contentType: verdict.contentType };
  } catch (e) {
    await storage.discard(file);
    throw e;
  }
}

/** Stores the file and runs the transaction; a failed transaction leaves no file behind that no row refers to. */
async function storeAndSave<T>(db: Kysely<DB>, storage: DocumentStorage, file: Received, save: (tx: Kysely<DB>, storageKey: string) => Promise<T>): Promise<T> {
  let stored: { storageKey: string; created: boolean } | null = null;
  try {
    stored = await storage.commit(file);
    const key = stored.storageKey;
    return await db.transaction().execute((tx) => save(tx, key));
  } catch (e) {
    await storage.discard(file);
    if (stored?.created) {
      const used = await db.selectFrom('document_files').select('id').where('storage_key', '=', stored.storageKey).executeTakeFirst();
      if (!used) await storage.remove(stored.storageKey);
    }
    throw e;
  }
}

export async function uploadDocument(db: Kysely<DB>, config: Config, p: Principal, customerId: string, req: FastifyRequest, actor: Actor, now = new Date()): Promise<DocumentRecord> {
  const subject = await subjectOf(db, p);
  const { row, decision } = await openCustomer(db, subject, customerId, 'update');
  assertGroup(decision, 'documents');
  const storage = storageFor(config, db);
  const { fields, file, fileName, contentType } = await receiveFile(req, config, storage, uploadDocumentFields);
  const level = fields.secrecyLevel ?? 'none';
  try {
    await checkLevel(subject, decision, row.secrecy_level, level, p);
    await checkBelongsTo(db, subject, decision, row.id, row.secrecy_level, fields.belongsTo);
  } catch (e) {
    await storage.discard(file);
    throw e;
  }
  return storeAndSave(db, storage, file, async (tx, storageKey) => {
    const { id } = await tx
      .insertInto('documents')
      .values({ customer_id: row.id, kind: fields.kind, category: fields.category, title: (fields.title ?? titleFromFileName(fileName)).trim(), pages: fields.pages, received_on: fields.receivedOn ?? null, secrecy_level: level, belongs_to: fields.belongsTo ?? null, remarks: fields.remarks ?? null, created_by: p.userId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('document_files').values({ document_id: id, file_version: 1, sha256: file.sha256, size: file.size, content_type: contentType, file_name: fileName, storage_key: storageKey, uploaded_by: p.userId, uploaded_at: now }).execute();
    const doc = toDocument((await selectDocuments(tx).where('d.id', '=', id).executeTakeFirstOrThrow()) as DocRow, documentAccess(subject, decision, row.secrecy_level, level) as 'view' | 'download');
    await recordDocumentHistory(tx, doc, diffFields({}, metadataSnapshot(doc)), p.userId, now);
    await recordAudit(tx, actor, { action: 'document.uploaded', entityType: 'document', entityId: id, data: { customerId: row.id, title: doc.title, category: doc.category, sha256: file.sha256, size: file.size, contentType } }, now);
    return doc;
  });
}

/** A new version of a document's content; the metadata stays, the old content is kept. */
export async function replaceDocumentContent(db: Kysely<DB>, config: Config, p: Principal, id: string, req: FastifyRequest, actor: Actor, now = new Date()): Promise<DocumentRecord> {
  const o = await openDocument(db, p, id, 'update');
  assertGroup(o.decision, 'documents');
  if (o.access !== 'download') throw new AppError('forbidden', 'This document is view-only at its secrecy level.', { rule: 'SEC-5' });
  const storage = storageFor(config, db);
  const { file, fileName, contentType } = await receiveFile(req, config, storage, replaceDocumentFields);
  return storeAndSave(db, storage, file, async (tx, storageKey) => {
    const locked = await tx.selectFrom('documents').select(['file_version', 'version']).where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
    if (!locked) throw notFound('document');
    const fileVersion = locked.file_version + 1;
    await tx.insertInto('document_files').values({ document_id: id, file_version: fileVersion, sha256: file.sha256, size: file.size, content_type: contentType, file_name: fileName, storage_key: storageKey, uploaded_by: p.userId, uploaded_at: now }).execute();
    await tx.updateTable('documents').set({ file_version: fileVersion, version: sql`version + 1`, updated_at: now }).where('id', '=', id).execute();
    const doc = toDocument((await selectDocuments(tx).where('d.id', '=', id).executeTakeFirstOrThrow()) as DocRow, o.access);
    const changes = [{ field: 'file', oldValue: { fileVersion: locked.file_version, fileName: o.doc.file_name, sha256: o.doc.sha256 }, newValue: { fileVersion, fileName, sha256: file.sha256 } }];
    await recordDocumentHistory(tx, doc, changes, p.userId, now);
    await recordAudit(tx, actor, { action: 'document.replaced', entityType: 'document', entityId: id, data: { customerId: o.customerId, fileVersion, sha256: file.sha256, size: file.size, contentType } }, now);
    return doc;
  });
}

export async function updateDocument(db: Kysely<DB>, p: Principal, id: string, input: UpdateDocumentInput, actor: Actor, now = new Date()): Promise<DocumentRecord> {
  const o = await openDocument(db, p, id, 'update');
  const before = toDocument(o.doc, o.access);
  const { version, ...patch } = input;
  if (patch.secrecyLevel) await checkLevel(o.subject, o.decision, o.customerLevel, patch.secrecyLevel, p, before.secrecyLevel);
  await checkBelongsTo(db, o.subject, o.decision, o.customerId, o.customerLevel, patch.belongsTo, id);
  const changes = diffFields(before as unknown as Record<string, unknown>, patch);
  if (version !== before.version) throw staleVersion('document', version);
  if (changes.length === 0) return before;
  const columns: Record<string, string> = { kind: 'kind', category: 'category', title: 'title', pages: 'pages', receivedOn: 'received_on', secrecyLevel: 'secrecy_level', belongsTo: 'belongs_to', remarks: 'remarks' };
  const set: Record<string, unknown> = { updated_at: now, version: sql`version + 1` };
  for (const c of changes) set[columns[c.field]!] = typeof c.newValue === 'string' && c.field === 'title' ? c.newValue.trim() : c.newValue;
  return db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable('documents').set(set).where('id', '=', id).where('version', '=', version).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
    if (!updated) throw staleVersion('document', version);
    const after = toDocument((await selectDocuments(tx).where('d.id', '=', id).executeTakeFirstOrThrow()) as DocRow, documentAccess(o.subject, o.decision, o.customerLevel, (patch.secrecyLevel ?? before.secrecyLevel)) as 'view' | 'download');
    await recordDocumentHistory(tx, after, changes, p.userId, now);
    await recordAudit(tx, actor, { action: 'document.updated', entityType: 'document', entityId: id, data: { customerId: o.customerId, fields: changes.map((c) => c.field), version: after.version } }, now);
    return after;
  });
}

export async function getDocument(db: Kysely<DB>, p: Principal, id: string): Promise<DocumentRecord> {
  const o = await openDocument(db, p, id, 'read');
  return toDocument(o.doc, o.access);
}

export async function listDocumentFiles(db: Kysely<DB>, p: Principal, id: string) {
  await openDocument(db, p, id, 'read');
  const rows = await db.selectFrom('document_files as f').leftJoin('users as u', 'u.id', 'f.uploaded_by').select(['f.file_version', 'f.sha256', 'f.size', 'f.content_type', 'f.file_name', 'f.uploaded_at', 'u.display_name']).where('f.document_id', '=', id).orderBy('f.file_version', 'desc').execute();
  return { items: rows.map((r) => ({ fileVersion: r.file_version, sha256: r.sha256, size: Number(r.size), contentType: r.content_type, fileName: r.file_name, uploadedAt: r.uploaded_at.toISOString(), uploadedByName: r.display_name })) };
}

/** The documents of an archive the caller may see, in filing order, with the volume's pages and the completeness check. */
export async function documentVolume(db: Kysely<DB>, subject: AccessSubject, decision: AllowDecision, customer: { id: string; secrecy_level: string }) {
  const rows = (await selectDocuments(db).where('d.customer_id', '=', customer.id).orderBy('d.id').limit(5000).execute()) as DocRow[];
  const visible = rows.flatMap((r) => {
    const access = documentAccess(subject, decision, customer.secrecy_level, r.secrecy_level);
    return access === 'hidden' ? [] : [toDocument(r, access)];
  });
  const settings = await getArchiveSettings(db);
  const { items, totalPages } = orderVolume(visible);
  // completeness is a property of the archive: a required document counts even when this viewer may not see it
  const missing = missingDocuments(settings.requiredDocuments, rows.map((r) => ({ category: r.category as DocumentCategory })));
  return { items: items as CatalogueEntry[], nextCursor: null, totalPages, required: settings.requiredDocuments, missing };
}

export async function listDocuments(db: Kysely<DB>, p: Principal, customerId: string) {
  const subject = await subjectOf(db, p);
  const { row, decision } = await openCustomer(db, subject, customerId, 'read');
  assertGroup(decision, 'documents');
  return documentVolume(db, subject, decision, row);
}

export async function downloadDocument(db: Kysely<DB>, config: Config, p: Principal, id: string, version: number | undefined, actor: Actor, now = new Date(), preview?: (contentType: string) => boolean): Promise<FileResult & { sha256: string }> {
  const o = await openDocument(db, p, id, 'download');
  const file = await db.selectFrom('document_files').selectAll().where('document_id', '=', id).where('file_version', '=', version ?? o.doc.file_version).executeTakeFirst();
  if (!file) throw notFound('document version');
  // a preview (shown inline) only of what a browser shows by itself; refused before anything is read or audited
  if (preview && !preview(file.content_type)) throw new AppError('unsupported_media_type', `A ${file.content_type} file cannot be previewed in the browser; download it instead.`);
  const opened = await storageFor(config, db).open(file.storage_key);
  try {
    await recordReadAudit(db, actor, { action: 'document.downloaded', entityType: 'document', entityId: id, data: { customerId: o.customerId, fileVersion: file.file_version, sha256: file.sha256, ...(preview ? { preview: true } : {}) } }, now);
  } catch (e) {
    opened.stream.destroy();
    throw e;
  }
  return { file: opened.stream, filename: file.file_name, contentType: file.content_type, size: opened.size, sha256: file.sha256, ...(preview ? { disposition: 'inline' as const } : {}) };
}

/** Deleting a document needs an approval (SEC-7/SEC-8 practice): customer service, or the gm above `secret`. */
export async function requestDocumentDeletion(db: Kysely<DB>, p: Principal, id: string, reason: string, actor: Actor, now = new Date()) {
  const o = await openDocument(db, p, id, 'update');
  if (o.doc.deletion_pending) throw new AppError('conflict', 'A deletion request for this document is already waiting for approval.', { rule: 'ARC-6' });
  const level = stricterLevel(o.customerLevel as SecrecyLevel, o.doc.secrecy_level as SecrecyLevel);
  const approverRole = level === 'confidential' || level === 'top_secret' ? 'gm' : 'cs_manager';
  return db.transaction().execute(async (tx) => {
    const approval = await requestApproval(tx, actor, {
      type: 'document_delete', subjectType: 'document', subjectId: id, customerId: o.customerId,
      summary: `删除档案资料「${o.doc.title}」`, payload: { documentId: id, title: o.doc.title, category: o.doc.category, reason },
      requesterId: p.userId, approverRole, approverRule: 'ARC-6', expiresInDays: 14,
    }, now);
    await recordAudit(tx, actor, { action: 'document.deletion_requested', entityType: 'document', entityId: id, data: { customerId: o.customerId, approvalId: approval.id, reason } }, now);
    return { approvalId: approval.id, state: 'pending' as const, approverRole: approval.approverRole };
  });
}

registerApprovalEffect('document_delete', {
  async onApproved(tx, approval, ctx) {
    const row = (await selectDocuments(tx).where('d.id', '=', approval.subjectId).executeTakeFirst()) as DocRow | undefined;
    if (!row) throw new AppError('conflict', 'The document no longer exists.', { rule: 'ARC-6' });
    const updated = await tx.updateTable('documents').set({ deleted_at: ctx.now, deleted_by: ctx.deciderId, version: sql`version + 1`, updated_at: ctx.now }).where('id', '=', row.id).where('deleted_at', 'is', null).returning('version').executeTakeFirstOrThrow();
    const doc = { ...toDocument(row, 'view'), version: updated.version };
    await recordDocumentHistory(tx, doc, [{ field: 'deleted', oldValue: false, newValue: true }], ctx.deciderId, ctx.now);
    await recordAudit(tx, ctx.actor, { action: 'document.deleted', entityType: 'document', entityId: row.id, data: { customerId: row.customer_id, approvalId: approval.id, requesterId: approval.requesterId } }, ctx.now);
  },
  link: (approval) => (approval.customerId ? `/customers/${approval.customerId}?tab=documents` : null),
});
