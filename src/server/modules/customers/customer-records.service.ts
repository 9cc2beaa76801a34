/** What hangs off an archive: contacts (ARC-3), transactions (ARC-4), feedback (ARC-5), history (ARC-7), timeline. */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Contact, createContactBody, createFeedbackBody, createTransactionBody, feedbackSchema, updateContactBody } from '../../../contract/customers.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import type { FieldGroup } from '../../../contract/access.js';
import { hasPermission } from '../access/access.rules.js';
import { assertGroup, subjectOf } from '../access/access.service.js';
import { showsCustomerComplaints } from '../access/complaint-access.sql.js';
import { showsCustomerServiceRequests } from '../access/service-request-access.sql.js';
import { groupOfCustomerField, shapeContact, shapeCustomer, visibleChanges } from '../access/field-groups.rules.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { documentHistoryVisible, downloadableDocumentLevels } from '../access/document-access.sql.js';
import { recordInformationArrived } from '../tasks/tasks.service.js';
import { openContactRow, openHistoryChanges, openSnapshot, sealContactColumns, sealHistory } from '../../shared/personal-fields.js';
import { diffFields, phoneDigits } from './customers.rules.js';
import { openCustomer, openFinancial } from './customers.service.js';

const contactColumns = {
  role: 'role', name: 'name', position: 'position', department: 'department', education: 'education', birthDate: 'birth_date', hobbies: 'hobbies',
  family: 'family', mobile: 'mobile', directPhone: 'direct_phone', email: 'email', qq: 'qq', wechat: 'wechat', anniversaries: 'anniversaries', notes: 'notes',
} as const satisfies Record<string, keyof DB['contacts']>;

/**
 * Contact columns from API fields (shared by imports, so SEC-12 encryption applies to both): the
 * personal fields sealed, the mobile's keyed hash set, and the searchable digits of the direct line.
 */
export function contactToColumns(fields: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const col = contactColumns[k as keyof typeof contactColumns];
    if (col && v !== undefined) out[col] = col === 'anniversaries' ? JSON.stringify(v) : v;
  }
  if ('direct_phone' in out) out['phone_digits'] = phoneDigits([out['direct_phone'] as string | null]);
  return sealContactColumns(out);
}

/** Contact history values with the personal ones sealed, ready for `customer_history` (ARC-7 × SEC-12). */
export function contactHistoryValues(changes: readonly { field: string; oldValue: unknown; newValue: unknown }[], contact: Contact) {
  const sealed = sealHistory('contact', changes, contact as unknown as Record<string, unknown>);
  return { changes: JSON.stringify(sealed.changes), snapshot: JSON.stringify(sealed.snapshot) };
}

export function toContact(sealedRow: Record<string, unknown>): Contact {
  const r = openContactRow(sealedRow);
  const out: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(contactColumns)) out[k] = r[col] ?? null;
  return { ...out, id: r.id, customerId: r.customer_id, version: r.version, createdAt: (r.created_at as Date).toISOString(), updatedAt: (r.updated_at as Date).toISOString() } as Contact;
}

/** Opens the archive through the access policy; with `group`, that part must be readable (SEC-4). */
async function opened(db: Kysely<DB>, p: Principal, customerId: string, action: 'read' | 'update', group?: FieldGroup) {
  const o = await openCustomer(db, await subjectOf(db, p), customerId, action);
  if (group) assertGroup(o.decision, group);
  return o;
}
const readable = async (db: Kysely<DB>, p: Principal, customerId: string, action: 'read' | 'update' = 'read', group?: FieldGroup) => (await opened(db, p, customerId, action, group)).row;

export async function listContacts(db: Kysely<DB>, p: Principal, customerId: string, actor?: Actor, reveal = false) {
  const { row, decision } = await opened(db, p, customerId, 'read', 'contacts');
  customerId = row.id; // a merged archive reads as its survivor
  const rows = await db.selectFrom('contacts').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
  const canReveal = decision.groups.includes('personal');
  const shown = reveal && canReveal;
  // revealing contacts' personal information is itself audited (SEC-12)
  if (shown && actor && rows.length > 0) {
    await recordReadAudit(db, actor, { action: 'personal.revealed', entityType: 'customer', entityId: customerId, data: { contacts: rows.length, via: decision.via } });
  }
  const groups = shown ? decision.groups : decision.groups.filter((g) => g !== 'personal');
  return { items: rows.map((r) => shapeContact(toContact(r as never), groups)), canReveal };
}

async function recordContactHistory(tx: Kysely<DB>, customerId: string, contactId: string, version: number, changes: { field: string; oldValue: unknown; newValue: unknown }[], snapshot: Contact, actorId: string, now: Date) {
  await tx.insertInto('customer_history').values({ customer_id: customerId, version, entity: 'contact', entity_id: contactId, ...contactHistoryValues(changes, snapshot), actor_id: actorId, at: now }).execute();
}

function assertPersonalWritable(decision: { groups: FieldGroup[] }, input: Record<string, unknown>) {
  const personal = ['birthDate', 'family', 'hobbies', 'mobile'].filter((f) => input[f] !== undefined);
  if (personal.length > 0 && !decision.groups.includes('personal')) {
    throw new AppError('forbidden', `You may not write ${personal.join(', ')}: contacts' personal information is withheld from you.`, { rule: 'SEC-4', errors: personal.map((f) => ({ path: f, message: 'is withheld from you' })) });
  }
}

export async function createContact(db: Kysely<DB>, p: Principal, customerId: string, input: z.infer<typeof createContactBody>, actor: Actor, now = new Date()) {
  const { decision } = await opened(db, p, customerId, 'update', 'contacts');
  assertPersonalWritable(decision, input);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('contacts')
      .values({ ...(contactToColumns(input) as { role: string; name: string }), customer_id: customerId, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const contact = toContact(row as never);
    await recordContactHistory(tx, customerId, row.id, 0, diffFields({}, input), contact, p.userId, now);
    await recordAudit(tx, actor, { action: 'contact.created', entityType: 'contact', entityId: row.id, data: { customerId } }, now);
    return shapeContact(contact, decision.groups);
  });
}

export async function updateContact(db: Kysely<DB>, p: Principal, customerId: string, contactId: string, input: z.infer<typeof updateContactBody>, actor: Actor, now = new Date()) {
  const { decision } = await opened(db, p, customerId, 'update', 'contacts');
  assertPersonalWritable(decision, input);
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('contacts').selectAll().where('id', '=', contactId).where('customer_id', '=', customerId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('contact');
    const { version, ...patch } = input;
    if (row.version !== version) throw staleVersion('contact', version);
    const before = toContact(row as never);
    const changes = diffFields(before as unknown as Record<string, unknown>, patch);
    if (changes.length === 0) return shapeContact(before, decision.groups);
    const updated = await tx
      .updateTable('contacts')
      .set({ ...contactToColumns(Object.fromEntries(changes.map((c) => [c.field, c.newValue]))), updated_at: now, version: sql`version + 1` })
      .where('id', '=', contactId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const contact = toContact(updated as never);
    await recordContactHistory(tx, customerId, contactId, updated.version, changes, contact, p.userId, now);
    await recordAudit(tx, actor, { action: 'contact.updated', entityType: 'contact', entityId: contactId, data: { customerId, fields: changes.map((c) => c.field) } }, now);
    return shapeContact(contact, decision.groups);
  });
}

type TxRow = { id: string; customer_id: string; tx_no: string; date: string; place: string | null; amount: string; handled_by: string | null; breach: boolean; breach_note: string | null; remarks: string | null; created_at: Date };
type LineRow = { transaction_id: string; product: string; spec: string | null; quantity: string; unit: string | null; price: string };
const toTransaction = (r: TxRow, lines: LineRow[]) => ({
  id: r.id,
  customerId: r.customer_id,
  txNo: r.tx_no,
  date: r.date,
  place: r.place,
  amount: r.amount,
  products: lines.filter((l) => l.transaction_id === r.id).map((l) => ({ product: l.product, spec: l.spec, quantity: l.quantity, unit: l.unit, price: l.price })),
  handledBy: r.handled_by,
  breach: r.breach,
  breachNote: r.breach_note,
  remarks: r.remarks,
  createdAt: r.created_at.toISOString(),
});

export async function listTransactions(db: Kysely<DB>, p: Principal, customerId: string, q: { limit: number; cursor?: string }) {
  // a merged archive reads as its survivor; finance reads the books of the archives its duty covers
  customerId = (await openFinancial(db, await subjectOf(db, p), customerId)).row.id;
  const after = decodeCursor(q.cursor, 2);
  let query = db.selectFrom('transactions').selectAll().where('customer_id', '=', customerId);
  if (after) query = query.where(sql<boolean>`(date, id) < (${String(after[0])}::date, ${String(after[1])}::bigint)`);
  const rows = (await query.orderBy('date', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute()) as TxRow[];
  const page = rows.slice(0, q.limit);
  const lines = page.length ? ((await db.selectFrom('transaction_lines').selectAll().where('transaction_id', 'in', page.map((r) => r.id)).orderBy('line_no').execute()) as LineRow[]) : [];
  const last = page[page.length - 1];
  return { items: page.map((r) => toTransaction(r, lines)), nextCursor: rows.length > q.limit && last ? encodeCursor([last.date, last.id]) : null };
}

/** Transaction and line columns from API fields (shared by imports). */
export function transactionColumns(customerId: string, input: z.infer<typeof createTransactionBody>, actorId: string | null, now: Date) {
  return { customer_id: customerId, tx_no: input.txNo, date: input.date, place: input.place ?? null, amount: input.amount, handled_by: input.handledBy ?? null, breach: input.breach ?? false, breach_note: input.breachNote ?? null, remarks: input.remarks ?? null, created_at: now, created_by: actorId };
}
export function transactionLineColumns(transactionId: string, input: z.infer<typeof createTransactionBody>) {
  return (input.products ?? []).map((l, i) => ({ transaction_id: transactionId, line_no: i + 1, product: l.product, spec: l.spec ?? null, quantity: l.quantity, unit: l.unit ?? null, price: l.price, category: l.category ?? null }));
}

export async function createTransaction(db: Kysely<DB>, p: Principal, customerId: string, input: z.infer<typeof createTransactionBody>, actor: Actor, now = new Date()) {
  await readable(db, p, customerId, 'update', 'financial');
  if (input.handledBy && !(await db.selectFrom('users').select('id').where('id', '=', input.handledBy).executeTakeFirst())) throw fieldError('handledBy', 'no such user');
  return db.transaction().execute((tx) => insertTransaction(tx, actor, customerId, input, p.userId, now));
}

/**
 * In the caller's transaction, after it has authorized the write: the transaction with its lines,
 * the archive's last transaction date (a transaction wakes a dormant archive, ARC-9) and the audit
 * event. A signed contract (SAL-3) becomes a transaction this way, with its `contractId`.
 */
export async function insertTransaction(tx: Kysely<DB>, actor: Actor, customerId: string, input: z.infer<typeof createTransactionBody>, createdBy: string | null, now: Date, contractId: string | null = null) {
  if (!tx.isTransaction) throw new Error('insertTransaction needs the caller’s transaction');
  const exists = await tx.selectFrom('transactions').select('id').where('customer_id', '=', customerId).where('tx_no', '=', input.txNo).executeTakeFirst();
  if (exists) throw new AppError('conflict', 'txNo: this customer already has a transaction with this number', { errors: [{ path: 'txNo', message: 'is already used for this customer' }] });
  const row = (await tx.insertInto('transactions').values({ ...transactionColumns(customerId, input, createdBy, now), contract_id: contractId }).returningAll().executeTakeFirstOrThrow()) as TxRow;
  const lines = transactionLineColumns(row.id, input);
  const stored = lines.length ? ((await tx.insertInto('transaction_lines').values(lines).returningAll().execute()) as LineRow[]) : [];
  await tx.updateTable('customers').set({ last_transaction_on: sql`greatest(last_transaction_on, ${input.date}::date)`, lifecycle: sql`CASE WHEN lifecycle = 'dormant' THEN 'active' ELSE lifecycle END` }).where('id', '=', customerId).execute();
  await recordAudit(tx, actor, { action: 'transaction.created', entityType: 'transaction', entityId: row.id, data: { customerId, txNo: input.txNo, amount: input.amount, ...(contractId ? { contractId } : {}) } }, now);
  return toTransaction(row, stored);
}

type FeedbackRow = { id: string; customer_id: string; channel: string; date: string; content: string; category: string; sentiment: string; handled_by: string | null; follow_up: string | null; created_at: Date };
const toFeedback = (r: FeedbackRow): z.infer<typeof feedbackSchema> => ({
  id: r.id,
  customerId: r.customer_id,
  channel: r.channel as z.infer<typeof feedbackSchema>['channel'],
  date: r.date,
  content: r.content,
  category: r.category as z.infer<typeof feedbackSchema>['category'],
  sentiment: r.sentiment as z.infer<typeof feedbackSchema>['sentiment'],
  handledBy: r.handled_by,
  followUp: r.follow_up,
  createdAt: r.created_at.toISOString(),
});

export async function listFeedback(db: Kysely<DB>, p: Principal, customerId: string) {
  customerId = (await readable(db, p, customerId)).id; // a merged archive reads as its survivor
  const rows = (await db.selectFrom('feedback').selectAll().where('customer_id', '=', customerId).orderBy('date', 'desc').orderBy('id', 'desc').limit(200).execute()) as FeedbackRow[];
  return { items: rows.map(toFeedback) };
}

export async function createFeedback(db: Kysely<DB>, p: Principal, customerId: string, input: z.infer<typeof createFeedbackBody>, actor: Actor, now = new Date()) {
  await readable(db, p, customerId, 'update');
  if (input.handledBy && !(await db.selectFrom('users').select('id').where('id', '=', input.handledBy).executeTakeFirst())) throw fieldError('handledBy', 'no such user');
  return db.transaction().execute(async (tx) => {
    const row = (await tx
      .insertInto('feedback')
      .values({ customer_id: customerId, channel: input.channel, date: input.date, content: input.content, category: input.category, sentiment: input.sentiment, handled_by: input.handledBy ?? null, follow_up: input.followUp ?? null, created_at: now, created_by: p.userId })
      .returningAll()
      .executeTakeFirstOrThrow()) as FeedbackRow;
    await recordAudit(tx, actor, { action: 'feedback.created', entityType: 'feedback', entityId: row.id, data: { customerId } }, now);
    // new information arrived (a call, a visit, a letter): the archive is due for an update (ARC-8)
    await recordInformationArrived(tx, actor, { customerId, source: input.channel === 'phone' ? 'call' : input.channel === 'visit' ? 'visit' : 'feedback', sourceId: row.id, createdBy: p.userId }, now);
    return toFeedback(row);
  });
}

export async function listHistory(db: Kysely<DB>, p: Principal, customerId: string, q: { limit: number; cursor?: string }) {
  const { row: opened_, decision } = await opened(db, p, customerId, 'read');
  customerId = opened_.id; // a merged archive reads as its survivor
  const after = decodeCursor(q.cursor, 1);
  let query = db.selectFrom('customer_history as h').leftJoin('users as u', 'u.id', 'h.actor_id').select(['h.id', 'h.version', 'h.entity', 'h.entity_id', 'h.changes', 'h.actor_id', 'u.display_name', 'h.at']).where('h.customer_id', '=', customerId);
  if (after) query = query.where(sql<boolean>`h.id < ${String(after[0])}::bigint`);
  query = query.where(documentHistoryVisible(p.roles, decision, opened_.secrecy_level)); // documents above the reader's clearance leave no trace (SEC-5)
  const rows = await query.orderBy('h.id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  return {
    // an entry keeps its place even when all its fields are withheld: the revision count stays honest
    items: page.map((r) => ({ id: r.id, version: r.version, entity: r.entity as 'customer' | 'contact' | 'document', entityId: r.entity_id, changes: openHistoryChanges(r.entity, visibleChanges(r.entity, r.changes as { field: string; oldValue: unknown; newValue: unknown }[], decision.groups)), actorId: r.actor_id, actorName: r.display_name, at: r.at.toISOString() })),
    nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

/** The archive as it was at one version (ARC-7): compare two by fetching both. */
export async function getCustomerVersion(db: Kysely<DB>, p: Principal, customerId: string, version: number) {
  const { row: openedRow, decision } = await opened(db, p, customerId, 'read');
  customerId = openedRow.id; // a merged archive reads as its survivor
  const row = await db.selectFrom('customer_history').select(['snapshot', 'at', 'version']).where('customer_id', '=', customerId).where('entity', '=', 'customer').where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('version');
  return { version: row.version, at: row.at.toISOString(), customer: shapeCustomer(openSnapshot('customer', row.snapshot as Record<string, unknown>), decision.groups) };
}

/** Everything that happened to the customer, newest first — only what the reader's field groups open (SEC-4). */
export async function customerTimeline(db: Kysely<DB>, p: Principal, customerId: string, q: { limit: number; cursor?: string }) {
  const { row: openedRow, decision, subject } = await opened(db, p, customerId, 'read');
  customerId = openedRow.id; // a merged archive reads as its survivor
  // complaints (SVC-7) only for those who see complaints (the complaint access policy)
  const complaintsShown = showsCustomerComplaints({ ...subject, departmentId: p.departmentId }, openedRow.owner_id);
  // service requests (SVC-10) likewise, by the service-request access policy
  const requestsShown = showsCustomerServiceRequests({ ...subject, departmentId: p.departmentId }, openedRow.owner_id);
  const can = (g: FieldGroup) => decision.groups.includes(g);
  const after = decodeCursor(q.cursor, 2);
  const rows = await sql<{ at: Date; kind: string; title: string; fields: string[] | null; ref_id: string; actor_name: string | null; seq: string }>`
    SELECT * FROM (
      SELECT h.at, CASE WHEN h.version = 0 AND h.entity = 'customer' THEN 'created' WHEN h.entity = 'contact' THEN 'contact' ELSE 'updated' END AS kind,
             CASE WHEN h.entity = 'contact' THEN coalesce(h.snapshot->>'name', '') ELSE '' END AS title,
             CASE WHEN h.entity = 'customer' THEN ARRAY(SELECT x->>'field' FROM jsonb_array_elements(h.changes) x) END AS fields,
             h.entity_id AS ref_id, u.display_name AS actor_name, 'h' || lpad(h.id::text, 19, '0') AS seq
        FROM customer_history h LEFT JOIN users u ON u.id = h.actor_id
       WHERE h.customer_id = ${customerId}::bigint AND (h.entity <> 'contact' OR ${can('contacts')}) AND h.entity <> 'document'
      UNION ALL
      SELECT h.at, 'document', coalesce(h.snapshot->>'title', ''), NULL, h.entity_id, u.display_name, 'h' || lpad(h.id::text, 19, '0')
        FROM customer_history h LEFT JOIN users u ON u.id = h.actor_id
       WHERE h.customer_id = ${customerId}::bigint AND h.entity = 'document' AND ${documentHistoryVisible(p.roles, decision, openedRow.secrecy_level)}
      UNION ALL
      SELECT t.created_at, 'transaction', coalesce(t.tx_no || ' ', '') || '¥' || t.amount::text, NULL, t.id::text, u.display_name, 't' || lpad(t.id::text, 19, '0')
        FROM transactions t LEFT JOIN users u ON u.id = t.created_by WHERE t.customer_id = ${customerId}::bigint AND ${can('financial')}
      UNION ALL
      SELECT f.created_at, 'feedback', coalesce(left(f.content, 80), ''), NULL, f.id::text, u.display_name, 'f' || lpad(f.id::text, 19, '0')
        FROM feedback f LEFT JOIN users u ON u.id = f.created_by WHERE f.customer_id = ${customerId}::bigint
      UNION ALL -- REL-3 communications: channel and subject
      SELECT m.occurred_at, 'communication', m.channel || ' · ' || left(m.subject, 80), NULL, m.id::text, u.display_name, 'm' || lpad(m.id::text, 19, '0')
        FROM communications m LEFT JOIN users u ON u.id = m.user_id WHERE m.customer_id = ${customerId}::bigint
      UNION ALL -- REL-7 revisit reports: satisfaction and the customer's evaluation
      SELECT r.created_at, 'revisit', r.satisfaction::text || '/5 · ' || left(r.evaluation, 80), NULL, r.id::text, u.display_name, 'r' || lpad(r.id::text, 19, '0')
        FROM revisit_reports r LEFT JOIN users u ON u.id = r.visitor_id WHERE r.customer_id = ${customerId}::bigint
      UNION ALL
      SELECT k.received_at, 'complaint', k.complaint_no || ' ' || left(k.reason, 80), NULL, k.id::text, u.display_name, 'k' || lpad(k.id::text, 19, '0')
        FROM complaints k LEFT JOIN users u ON u.id = k.received_by WHERE k.customer_id = ${customerId}::bigint AND ${complaintsShown}
      UNION ALL
      SELECT s.received_at, 'service_request', s.request_no || ' ' || left(s.subject, 80), NULL, s.id::text, u.display_name, 's' || lpad(s.id::text, 19, '0')
        FROM service_requests s LEFT JOIN users u ON u.id = s.received_by WHERE s.customer_id = ${customerId}::bigint AND ${requestsShown}
    ) e
    ${after ? sql`WHERE (e.at, e.seq) < (${new Date(String(after[0]))}::timestamptz, ${String(after[1])})` : sql``}
    ORDER BY e.at DESC, e.seq DESC LIMIT ${q.limit + 1}`.execute(db);
  const page = rows.rows.slice(0, q.limit);
  const last = page[page.length - 1];
  // REL-3 a visit's photo, where the reader may open that document (SEC-5): one lookup for the page
  const communicationIds = page.filter((r) => r.kind === 'communication').map((r) => r.ref_id);
  const openLevels = downloadableDocumentLevels(p.roles, decision, openedRow.secrecy_level);
  const photos = new Map<string, { documentId: string; contentType: string }>();
  if (communicationIds.length > 0 && openLevels.length > 0) {
    const found = await sql<{ id: string; document_id: string; content_type: string }>`
      SELECT m.id::text, d.id::text AS document_id, f.content_type
        FROM communications m JOIN documents d ON d.id = m.photo_document_id AND d.customer_id = m.customer_id
        JOIN LATERAL (SELECT content_type FROM document_files WHERE document_id = d.id ORDER BY file_version DESC LIMIT 1) f ON true
       WHERE m.id = ANY(${communicationIds}::bigint[]) AND d.deleted_at IS NULL AND d.secrecy_level = ANY(${openLevels}::text[])`.execute(db);
    for (const r of found.rows) photos.set(r.id, { documentId: r.document_id, contentType: r.content_type });
  }
  return {
    items: page.map((r) => ({
      at: r.at.toISOString(),
      kind: r.kind as 'created',
      // an update names only the fields the reader may see
      title: r.fields ? r.fields.filter((f) => can(groupOfCustomerField(f))).join(', ') : r.title,
      refId: r.ref_id,
      actorName: r.actor_name,
      ...(r.kind === 'communication' ? { photo: photos.get(r.ref_id) ?? null } : {}),
    })),
    nextCursor: rows.rows.length > q.limit && last ? encodeCursor([last.at.toISOString(), last.seq]) : null,
  };
}

/** Uses of the archive that the audit trail recorded, for the archive's own "who looked" list (SEC-10). */
const viewerActions = ['customer.viewed', 'personal.revealed', 'customer.printed', 'customer.exported', 'document.downloaded'] as const;

export async function customerViewers(db: Kysely<DB>, p: Principal, customerId: string, q: { limit: number; cursor?: string }) {
  const { row } = await opened(db, p, customerId, 'read');
  const after = decodeIdCursor(q.cursor);
  const rows = await db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.action', 'e.actor_id', 'u.display_name', 'e.ip', 'e.data'])
    .where('e.entity_id', '=', row.id)
    .where('e.action', 'in', [...viewerActions])
    .$if(after !== null, (b) => b.where('e.id', '<', after!))
    .orderBy('e.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  // addresses belong to the audit trail's readers (SEC-10); the archive's readers see who and when
  const showIp = hasPermission(p.roles, 'audit.read');
  return {
    items: page.map((r) => ({ at: r.at.toISOString(), action: r.action, actorId: r.actor_id, actorName: r.display_name, ip: showIp ? r.ip : null, via: ((r.data as { via?: string } | null)?.via ?? null) })),
    nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}
