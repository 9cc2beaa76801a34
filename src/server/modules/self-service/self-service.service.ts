/**
 * The customer self-service form (ARC-14): staff send a single-use link (only its SHA-256 is
 * stored); the public page shows only the fields it was issued for; a submission never touches
 * the archive: it waits as a pending change that a customer specialist accepts or rejects field
 * by field, the accepted ones applied as one normal, versioned update (ARC-7). A submission is
 * new information: it creates an archive-update task (ARC-8).
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { updateCustomerBody } from '../../../contract/customers.js';
import { defaultSelfServiceFields, type createSelfServiceLinkBody, type publicSubmitBody, type SelfServiceField, type Submission } from '../../../contract/self-service.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, notFound, staleVersion } from '../../http/errors.js';
import { fieldErrorsOf } from '../../http/validation.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { notifyUsers } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { customerRecordOf, openCustomer, updateCustomer } from '../customers/customers.service.js';
import { getArchiveSettings } from '../documents/archive-settings.service.js';
import { recordInformationArrived } from '../tasks/tasks.service.js';
import { linkState, reviewOutcome, submittedChanges } from './self-service.rules.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest();

type LinkRow = { id: string; customer_id: string; fields: string[]; note: string | null; created_at: Date; created_by_name: string | null; expires_at: Date; used_at: Date | null; revoked_at: Date | null; submission_id: string | null };
function selectLinks(db: Kysely<DB>) {
  return db
    .selectFrom('self_service_links as l')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .leftJoin('self_service_submissions as s', 's.link_id', 'l.id')
    .select(['l.id', 'l.customer_id', 'l.fields', 'l.note', 'l.created_at', 'u.display_name as created_by_name', 'l.expires_at', 'l.used_at', 'l.revoked_at', 's.id as submission_id']);
}
const toLink = (r: LinkRow, now: Date) => ({
  id: r.id,
  customerId: r.customer_id,
  fields: r.fields as SelfServiceField[],
  note: r.note,
  state: linkState(r, now),
  createdAt: r.created_at.toISOString(),
  createdByName: r.created_by_name,
  expiresAt: r.expires_at.toISOString(),
  usedAt: r.used_at?.toISOString() ?? null,
  submissionId: r.submission_id,
});

export async function createLink(db: Kysely<DB>, p: Principal, customerId: string, input: z.infer<typeof createSelfServiceLinkBody>, actor: Actor, now = new Date()) {
  const { row } = await openCustomer(db, await subjectOf(db, p), customerId, 'update');
  const token = `kdf_${randomBytes(32).toString('base64url')}`;
  const fields = [...new Set(input.fields ?? defaultSelfServiceFields)];
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await tx.insertInto('self_service_links').values({ customer_id: row.id, token_hash: hashOf(token), fields, note: input.note ?? null, created_by: p.userId, created_at: now, expires_at: expiresAt }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'self_service.link_created', entityType: 'self_service_link', entityId: id, data: { customerId: row.id, fields, expiresAt: expiresAt.toISOString() } }, now);
    return id;
  });
  const link = toLink((await selectLinks(db).where('l.id', '=', id).executeTakeFirstOrThrow()) as LinkRow, now);
  return { ...link, token, path: `/f/${token}` };
}

export async function listLinks(db: Kysely<DB>, p: Principal, customerId: string, now = new Date()) {
  const { row } = await openCustomer(db, await subjectOf(db, p), customerId, 'read');
  const rows = (await selectLinks(db).where('l.customer_id', '=', row.id).orderBy('l.id', 'desc').limit(100).execute()) as LinkRow[];
  return { items: rows.map((r) => toLink(r, now)) };
}

export async function revokeLink(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()) {
  const link = (await selectLinks(db).where('l.id', '=', id).executeTakeFirst()) as LinkRow | undefined;
  if (!link) throw notFound('link');
  await openCustomer(db, await subjectOf(db, p), link.customer_id, 'update');
  if (linkState(link, now) !== 'pending') throw new AppError('conflict', `This link is already ${linkState(link, now)}.`, { rule: 'ARC-14' });
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('self_service_links').set({ revoked_at: now }).where('id', '=', id).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
    await recordAudit(tx, actor, { action: 'self_service.link_revoked', entityType: 'self_service_link', entityId: id, data: { customerId: link.customer_id } }, now);
  });
  return toLink((await selectLinks(db).where('l.id', '=', id).executeTakeFirstOrThrow()) as LinkRow, now);
}

/** The link of a token, or the clear refusal the public page shows. */
async function usableLink(db: Kysely<DB>, token: string, now: Date, lock = false) {
  let q = db.selectFrom('self_service_links').selectAll().where('token_hash', '=', hashOf(token));
  if (lock) q = q.forUpdate();
  const link = await q.executeTakeFirst();
  if (!link) throw new AppError('not_found', 'This form link does not exist. Please check the address you were sent.');
  const state = linkState(link, now);
  if (state === 'used') throw new AppError('rule_violation', 'This form has already been submitted; a link can be used once. Ask your contact for a new one if something is missing.', { rule: 'ARC-14.used' });
  if (state === 'expired') throw new AppError('rule_violation', 'This form link has expired. Ask your contact for a new one.', { rule: 'ARC-14.expired' });
  if (state === 'revoked') throw new AppError('rule_violation', 'This form link was withdrawn. Ask your contact for a new one.', { rule: 'ARC-14.revoked' });
  return link;
}

async function currentValues(db: Kysely<DB>, customerId: string, fields: readonly string[]) {
  const customer = (await customerRecordOf(db, customerId)) as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, customer[f] ?? null])) as Record<string, string | number | null>;
}

/** Public: only the fields the link was issued for, nothing else of the archive. */
export async function getPublicForm(db: Kysely<DB>, token: string, now = new Date()) {
  const link = await usableLink(db, token, now);
  const values = await currentValues(db, link.customer_id, link.fields);
  const settings = await getArchiveSettings(db);
  return { companyName: settings.companyName, fields: link.fields.map((key) => ({ key: key as SelfServiceField, value: values[key] ?? null })), expiresAt: link.expires_at.toISOString() };
}

const fieldSchemas = updateCustomerBody.shape as unknown as Record<SelfServiceField, z.ZodType>;

export async function submitPublicForm(db: Kysely<DB>, token: string, input: z.infer<typeof publicSubmitBody>, actor: Actor, now = new Date()) {
  // validate against the link's fields before anything is written
  const link = await usableLink(db, token, now);
  const errors = Object.entries(input.values).flatMap(([field, value]) => {
    if (!link.fields.includes(field)) return [{ path: `values.${field}`, message: 'is not a field of this form' }];
    const normalised = typeof value === 'string' && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value;
    const r = fieldSchemas[field as SelfServiceField].safeParse(normalised);
    return r.success ? [] : fieldErrorsOf(r.error.issues, ['values', field]);
  });
  if (errors.length > 0) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  return db.transaction().execute(async (tx) => {
    const locked = await usableLink(tx, token, now, true); // a second submission racing this one finds it used
    const before = await currentValues(tx, locked.customer_id, locked.fields);
    const changes = submittedChanges(before, input.values, locked.fields as SelfServiceField[]);
    const { id } = await tx
      .insertInto('self_service_submissions')
      .values({ link_id: locked.id, customer_id: locked.customer_id, changes: JSON.stringify(changes), submitter_name: input.submitterName.trim(), submitter_phone: input.submitterPhone ?? null, submitter_note: input.note ?? null, submitted_at: now, ip: actor.ip })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('self_service_links').set({ used_at: now }).where('id', '=', locked.id).execute();
    await recordAudit(tx, actor, { action: 'self_service.submitted', entityType: 'self_service_submission', entityId: id, data: { customerId: locked.customer_id, linkId: locked.id, fields: changes.map((c) => c.field) } }, now);
    await recordInformationArrived(tx, actor, { customerId: locked.customer_id, source: 'customer_form', sourceId: id, createdBy: null }, now);
    await notifyUsers(tx, [locked.created_by], { kind: 'self_service.submitted', title: `客户已提交资料（${changes.length} 处修改）`, link: `/customers/${locked.customer_id}?tab=self-service`, data: { submissionId: id } });
    return { ok: true as const, submittedAt: now.toISOString(), changed: changes.length };
  });
}

type SubmissionRow = { id: string; customer_id: string; customer_name: string; archive_no: string; link_id: string; state: string; changes: unknown; decisions: unknown; submitter_name: string; submitter_phone: string | null; submitter_note: string | null; submitted_at: Date; reviewed_at: Date | null; reviewed_by_name: string | null; version: number };
function selectSubmissions(db: Kysely<DB>) {
  return db
    .selectFrom('self_service_submissions as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('users as r', 'r.id', 's.reviewed_by')
    .select(['s.id', 's.customer_id', 'c.name as customer_name', 'c.archive_no', 's.link_id', 's.state', 's.changes', 's.decisions', 's.submitter_name', 's.submitter_phone', 's.submitter_note', 's.submitted_at', 's.reviewed_at', 'r.display_name as reviewed_by_name', 's.version']);
}

async function toSubmission(db: Kysely<DB>, r: SubmissionRow): Promise<Submission> {
  const changes = r.changes as { field: SelfServiceField; oldValue: unknown; newValue: unknown }[];
  const current = await currentValues(db, r.customer_id, changes.map((c) => c.field));
  const decisions = (r.decisions ?? {}) as Record<string, 'accepted' | 'rejected'>;
  return {
    id: r.id, customerId: r.customer_id, customerName: r.customer_name, archiveNo: r.archive_no, linkId: r.link_id, state: r.state as Submission['state'],
    changes: changes.map((c) => ({ ...c, currentValue: current[c.field] ?? null, decision: decisions[c.field] ?? null })),
    submitterName: r.submitter_name, submitterPhone: r.submitter_phone, note: r.submitter_note, submittedAt: r.submitted_at.toISOString(),
    reviewedAt: r.reviewed_at?.toISOString() ?? null, reviewedByName: r.reviewed_by_name, version: r.version,
  };
}

export async function listSubmissions(db: Kysely<DB>, p: Principal, q: { state?: 'pending' | 'reviewed' | undefined; customerId?: string | undefined; limit: number; cursor?: string | undefined }) {
  const subject = await subjectOf(db, p);
  let query = selectSubmissions(db).where(visibleCustomers(subject));
  if (q.state) query = query.where('s.state', '=', q.state);
  if (q.customerId) query = query.where('s.customer_id', '=', q.customerId);
  const after = decodeCursor(q.cursor, 1);
  if (after) query = query.where(sql<boolean>`s.id < ${String(after[0])}::bigint`);
  const rows = (await query.orderBy('s.id', 'desc').limit(q.limit + 1).execute()) as SubmissionRow[];
  const pageRows = rows.slice(0, q.limit);
  return { items: await Promise.all(pageRows.map((r) => toSubmission(db, r))), nextCursor: rows.length > q.limit ? encodeCursor([pageRows[pageRows.length - 1]!.id]) : null };
}

async function openSubmission(db: Kysely<DB>, p: Principal, id: string, action: 'read' | 'update') {
  const row = (await selectSubmissions(db).where('s.id', '=', id).executeTakeFirst()) as SubmissionRow | undefined;
  if (!row) throw notFound('submission');
  await openCustomer(db, await subjectOf(db, p), row.customer_id, action);
  return row;
}

export async function getSubmission(db: Kysely<DB>, p: Principal, id: string) {
  return toSubmission(db, await openSubmission(db, p, id, 'read'));
}

/** Every changed field decided; the accepted ones applied in the same transaction as the review (ARC-7). */
export async function reviewSubmission(db: Kysely<DB>, p: Principal, id: string, input: { version: number; customerVersion: number; decisions: Partial<Record<SelfServiceField, 'accept' | 'reject'>> }, actor: Actor, now = new Date()) {
  const row = await openSubmission(db, p, id, 'update');
  if (row.state !== 'pending') throw new AppError('conflict', 'This submission has already been reviewed.', { rule: 'ARC-14' });
  if (row.version !== input.version) throw staleVersion('submission', input.version);
  const changes = row.changes as { field: SelfServiceField; oldValue: unknown; newValue: unknown }[];
  const outcome = reviewOutcome(changes, input.decisions);
  if (!outcome.ok) throw new AppError('validation_failed', outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: outcome.errors });
  await db.transaction().execute(async (tx) => {
    const claimed = await tx.updateTable('self_service_submissions').set({ state: 'reviewed', decisions: JSON.stringify(outcome.decisions), reviewed_by: p.userId, reviewed_at: now, version: sql`version + 1` }).where('id', '=', id).where('state', '=', 'pending').where('version', '=', input.version).returning('id').executeTakeFirst();
    if (!claimed) throw staleVersion('submission', input.version);
    if (Object.keys(outcome.patch).length > 0) {
      await updateCustomer(tx, p, row.customer_id, { version: input.customerVersion, ...outcome.patch } as z.infer<typeof updateCustomerBody>, actor, now);
    }
    // the submission's update task is done by the review, even when nothing was accepted
    await tx.updateTable('tasks').set({ completed_at: now, completed_by: p.userId, completion: 'manual', completion_note: 'self-service submission reviewed', version: sql`version + 1` }).where('source', '=', 'customer_form').where('source_id', '=', id).where('completed_at', 'is', null).execute();
    await recordAudit(tx, actor, { action: 'self_service.reviewed', entityType: 'self_service_submission', entityId: id, data: { customerId: row.customer_id, accepted: Object.keys(outcome.patch), rejected: Object.entries(outcome.decisions).filter(([, d]) => d === 'rejected').map(([f]) => f) } }, now);
  });
  return getSubmission(db, p, id);
}

