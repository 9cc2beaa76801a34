/**
 * Personal information (SEC-12, PIPL): re-encryption under a new key (rotation), and the
 * data-subject rights an administrator exercises with the gm's approval — an export of
 * everything held about one contact, and the erasure of a contact's personal fields while the
 * business records stay.
 */
import { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { hasPermission } from '../access/access.rules.js';
import { subjectOf } from '../access/access.service.js';
import { personalDataCustomers } from '../access/customer-access.sql.js';
import { registerApprovalEffect, requestApproval } from '../approvals/approvals.service.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { toContact } from '../customers/customer-records.service.js';
import { digitsOf } from '../customers/customers.rules.js';
import { isSealed, mobileIndex, openValue, sealValue, sealedKeyId, type Keyring } from './keyring.js';
import { openHistoryChanges, openSnapshot, sealedContactColumns } from './personal-fields.js';

type Progress = (table: string, done: number) => void;

const needsWork = (v: unknown, k: Keyring) => typeof v === 'string' && v !== '' && (!isSealed(v) || sealedKeyId(v) !== k.currentId);
const reseal = (v: unknown, k: Keyring) => (typeof v === 'string' && v !== '' ? sealValue(openValue(v, k), k) : v);

/**
 * Seals every personal value with the keyring's current key: values under an older key are
 * opened with it (it must still be in the keyring) and plain values from before encryption are
 * sealed. Idempotent: a second run finds nothing to do. Batches of rows, each one statement (its own transaction).
 */
export async function reencryptPersonalData(db: Kysely<DB>, k: Keyring, onProgress: Progress = () => {}) {
  const counts = { contacts: 0, customers: 0, history: 0 };
  const cols = Object.keys(sealedContactColumns) as (keyof typeof sealedContactColumns)[];
  let last = '0';
  for (;;) {
    const rows = await db.selectFrom('contacts').select(['id', ...cols]).where('id', '>', last).orderBy('id').limit(2000).execute();
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id;
    const todo = rows.filter((r) => cols.some((c) => needsWork(r[c], k)));
    if (todo.length) {
      // one statement per batch: at 2M contacts row-by-row updates would take many minutes
      const next = todo.map((r) => {
        const mobile = r.mobile ? openValue(r.mobile, k) : null;
        return { id: r.id, birth: reseal(r.birth_date, k) as string | null, family: reseal(r.family, k) as string | null, hobbies: reseal(r.hobbies, k) as string | null, mobile: mobile ? sealValue(mobile, k) : null, index: mobile ? mobileIndex(digitsOf(mobile), k) : null };
      });
      await sql`UPDATE contacts t SET birth_date = x.birth, family = x.family, hobbies = x.hobbies, mobile = x.mobile, mobile_index = x.idx
        FROM unnest(${next.map((n) => n.id)}::bigint[], ${next.map((n) => n.birth)}::text[], ${next.map((n) => n.family)}::text[], ${next.map((n) => n.hobbies)}::text[], ${next.map((n) => n.mobile)}::text[], ${next.map((n) => n.index)}::text[])
          AS x(id, birth, family, hobbies, mobile, idx)
       WHERE t.id = x.id`.execute(db);
      counts.contacts += todo.length;
    }
    onProgress('contacts', counts.contacts);
  }
  last = '0';
  for (;;) {
    const rows = await db.selectFrom('customers').select(['id', 'bank_account']).where('id', '>', last).where('bank_account', 'is not', null).orderBy('id').limit(500).execute();
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id;
    const todo = rows.filter((r) => needsWork(r.bank_account, k));
    if (todo.length) {
      await db.transaction().execute(async (tx) => {
        for (const r of todo) await tx.updateTable('customers').set({ bank_account: reseal(r.bank_account, k) as string }).where('id', '=', r.id).execute();
      });
      counts.customers += todo.length;
    }
    onProgress('customers', counts.customers);
  }
  last = '0';
  const personal: Record<string, readonly string[]> = { contact: Object.values(sealedContactColumns), customer: ['bankAccount'] };
  for (;;) {
    const rows = await db
      .selectFrom('customer_history')
      .select(['id', 'entity', 'changes', 'snapshot'])
      .where('id', '>', last)
      .where((eb) => eb.or([eb('entity', '=', 'contact'), eb(sql<boolean>`snapshot ? 'bankAccount'`, '=', true), eb(sql<boolean>`changes @> '[{"field":"bankAccount"}]'`, '=', true)]))
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id;
    await db.transaction().execute(async (tx) => {
      for (const r of rows) {
        const fields = personal[r.entity] ?? [];
        const changes = (r.changes ?? []) as { field: string; oldValue: unknown; newValue: unknown }[];
        const snapshot = (r.snapshot ?? {}) as Record<string, unknown>;
        const stale = changes.some((c) => fields.includes(c.field) && (needsWork(c.oldValue, k) || needsWork(c.newValue, k))) || fields.some((f) => needsWork(snapshot[f], k));
        if (!stale) continue;
        const nextChanges = changes.map((c) => (fields.includes(c.field) ? { ...c, oldValue: reseal(c.oldValue, k), newValue: reseal(c.newValue, k) } : c));
        const nextSnapshot = { ...snapshot };
        for (const f of fields) if (f in nextSnapshot) nextSnapshot[f] = reseal(nextSnapshot[f], k);
        await tx.updateTable('customer_history').set({ changes: JSON.stringify(nextChanges), snapshot: r.snapshot === null ? null : JSON.stringify(nextSnapshot) } as never).where('id', '=', r.id).execute();
        counts.history++;
      }
    });
    onProgress('history', counts.history);
  }
  return counts;
}

// --- data-subject requests ---

/** Contacts on archives the data-subject duty reaches (SEC-5, SEC-12); see personalDataCustomers. */
async function reachableContacts(db: Kysely<DB>, p: Principal) {
  const scope = personalDataCustomers(await subjectOf(db, p), hasPermission(p.roles, 'personal.manage'));
  return db
    .selectFrom('contacts as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
    .where('c.merged_into', 'is', null)
    .where(scope);
}

/** Finds the contact a request is about; every search is audited (what was asked by, what was found). */
export async function findContactsForRequest(db: Kysely<DB>, p: Principal, q: { name?: string | undefined; mobile?: string | undefined }, actor: Actor, now = new Date()) {
  if (!q.name && !q.mobile) return { items: [] };
  let query = (await reachableContacts(db, p)).select(['t.id', 't.name', 't.position', 't.customer_id', 'c.archive_no', 'c.name as customer_name']);
  if (q.name) query = query.where('t.name', 'like', `${q.name.replace(/[\\%_]/g, '\\$&')}%`);
  if (q.mobile) query = query.where('t.mobile_index', '=', mobileIndex(digitsOf(q.mobile)));
  const rows = await query.orderBy('t.id').limit(50).execute();
  // the audit keeps what the search was by and which contacts it showed, not the searched mobile number
  await recordReadAudit(db, actor, { action: 'personal.searched', entityType: 'contact', data: { by: q.mobile ? (q.name ? 'name+mobile' : 'mobile') : 'name', name: q.name ?? null, found: rows.map((r) => r.id) } }, now);
  return { items: rows.map((r) => ({ contactId: r.id, name: r.name, position: r.position, customerId: r.customer_id, archiveNo: r.archive_no, customerName: r.customer_name })) };
}

export async function requestPersonalData(db: Kysely<DB>, p: Principal, input: { contactId: string; kind: 'export' | 'erasure'; reason: string }, actor: Actor, now = new Date()) {
  const contact = await (await reachableContacts(db, p)).select(['t.id', 't.name', 'c.id as customer_id', 'c.archive_no']).where('t.id', '=', input.contactId).executeTakeFirst();
  if (!contact) throw notFound('contact');
  const type = input.kind === 'export' ? 'personal_data_export' : 'personal_data_erasure';
  const approval = await db.transaction().execute((tx) =>
    requestApproval(
      tx,
      actor,
      {
        type,
        subjectType: 'contact',
        subjectId: contact.id,
        customerId: contact.customer_id,
        summary: `${input.kind === 'export' ? '个人信息导出' : '个人信息删除'}：${contact.name}（${contact.archive_no}）`,
        payload: { reason: input.reason.trim(), contactName: contact.name, archiveNo: contact.archive_no },
        requesterId: p.userId,
        approverRole: 'gm',
        approverRule: 'SEC-12',
      },
      now,
    ),
  );
  return { approvalId: approval.id, state: 'pending' as const, approverRole: 'gm', kind: input.kind, contactId: contact.id };
}

registerApprovalEffect('personal_data_export', {
  async onApproved() {
    // nothing changes: the requester may now download the export (for 7 days)
  },
});

registerApprovalEffect('personal_data_erasure', {
  async onApproved(tx, approval, ctx) {
    const id = approval.subjectId;
    const r = await tx.updateTable('contacts').set({ birth_date: null, family: null, hobbies: null, mobile: null, mobile_index: null, updated_at: ctx.now, version: sql`version + 1` }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('conflict', 'The contact no longer exists.', { rule: 'SEC-12' });
    // the contact's history keeps who changed what when, without the personal values
    const fields = Object.values(sealedContactColumns) as string[];
    const entries = await tx.selectFrom('customer_history').select(['id', 'changes', 'snapshot']).where('entity', '=', 'contact').where('entity_id', '=', id).execute();
    for (const e of entries) {
      const changes = ((e.changes ?? []) as { field: string }[]).map((c) => (fields.includes(c.field) ? { field: c.field, oldValue: null, newValue: null } : c));
      const snapshot = { ...((e.snapshot ?? {}) as Record<string, unknown>) };
      for (const f of fields) if (f in snapshot) snapshot[f] = null;
      await tx.updateTable('customer_history').set({ changes: JSON.stringify(changes), snapshot: JSON.stringify(snapshot) } as never).where('id', '=', e.id).execute();
    }
    await recordAudit(tx, ctx.actor, { action: 'personal.erased', entityType: 'contact', entityId: id, data: { approvalId: approval.id } }, ctx.now);
  },
});

/** The approved export: everything held about the contact, as JSON, for the administrator who asked. */
export async function downloadPersonalData(db: Kysely<DB>, p: Principal, approvalId: string, actor: Actor, now = new Date()) {
  const a = await db.selectFrom('approvals').selectAll().where('id', '=', approvalId).where('type', '=', 'personal_data_export').executeTakeFirst();
  if (!a || a.requester_id !== p.userId) throw notFound('personal data request');
  if (a.state !== 'approved' || !a.decided_at) throw new AppError('conflict', `The request is ${a.state}: the export opens once the general manager approves it.`, { rule: 'SEC-12' });
  if (now.getTime() - a.decided_at.getTime() > 7 * 86_400_000) throw new AppError('conflict', 'The export was available for 7 days after approval; ask again.', { rule: 'SEC-12' });
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', a.subject_id).executeTakeFirst();
  if (!row) throw notFound('contact');
  const customer = await db.selectFrom('customers').select(['archive_no', 'name']).where('id', '=', row.customer_id).executeTakeFirstOrThrow();
  const history = await db.selectFrom('customer_history').select(['version', 'changes', 'snapshot', 'at']).where('entity', '=', 'contact').where('entity_id', '=', row.id).orderBy('id').execute();
  const content = {
    exportedAt: now.toISOString(),
    approvalId,
    contact: toContact(row as never),
    heldIn: { archiveNo: customer.archive_no, customerName: customer.name },
    history: history.map((h) => ({ version: h.version, at: h.at.toISOString(), changes: openHistoryChanges('contact', (h.changes ?? []) as never), snapshot: h.snapshot ? openSnapshot('contact', h.snapshot as Record<string, unknown>) : null })),
  };
  await recordReadAudit(db, actor, { action: 'personal.exported', entityType: 'contact', entityId: row.id, data: { approvalId } }, now);
  return { file: Readable.from([JSON.stringify(content, null, 2)]), filename: `personal-data-${row.id}.json`, contentType: 'application/json; charset=utf-8' };
}
