/**
 * Printing a form of an archive (ARC-13): authorize the print (view-only secrecy levels may not
 * print, SEC-5), load only the parts the reader may see, render, audit the print.
 */
import type { Kysely } from 'kysely';
import type { PrintForm } from '../../../contract/forms.js';
import type { DB } from '../../db/schema.js';
import { assertGroup, assertUse, subjectOf } from '../access/access.service.js';
import { shapeContact, shapeCustomer } from '../access/field-groups.rules.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { toContact } from '../customers/customer-records.service.js';
import { openCustomer, toCustomer } from '../customers/customers.service.js';
import { getArchiveSettings } from '../settings/archive-settings.service.js';
import { documentVolume } from '../documents/documents.service.js';
import { renderForm } from './forms.render.js';

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function printForm(db: Kysely<DB>, p: Principal, customerId: string, form: PrintForm, actor: Actor, now = new Date()): Promise<{ html: string }> {
  const subject = await subjectOf(db, p);
  const { row, decision } = await openCustomer(db, subject, customerId, 'print');
  assertUse(decision, 'print');
  if (form === 'personality' || form === 'relationship-card') assertGroup(decision, 'contacts');
  if (form === 'catalogue') assertGroup(decision, 'documents');
  const can = (g: string) => decision.groups.includes(g as never);
  const customer = shapeCustomer(toCustomer(row as never) as unknown as Record<string, unknown>, decision.groups);
  const contacts = can('contacts') ? (await db.selectFrom('contacts').selectAll().where('customer_id', '=', row.id).orderBy('id').limit(500).execute()).map((c) => shapeContact(toContact(c as never) as unknown as Record<string, unknown>, decision.groups)) : [];
  const since = `${new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear() - 3}-01-01`;
  const transactions =
    can('financial') && form === 'archive'
      ? await db.selectFrom('transactions as t').leftJoin('users as u', 'u.id', 't.handled_by').select(['t.tx_no as txNo', 't.date', 't.place', 't.amount', 't.breach', 't.breach_note as breachNote', 't.remarks', 'u.display_name as handledByName']).where('t.customer_id', '=', row.id).where('t.date', '>=', since).orderBy('t.date', 'desc').limit(200).execute()
      : [];
  const catalogue = form === 'catalogue' ? await documentVolume(db, subject, decision, row) : null;
  const state = form === 'relationship-card' ? await db.selectFrom('contact_states').select(['last_call_at', 'last_visit_at', 'next_call_due', 'next_visit_due']).where('customer_id', '=', row.id).executeTakeFirst() : undefined;
  const chinaDay = (d: Date | null) => (d ? chinaTime(d).slice(0, 10) : null);
  const contactState = state ? { lastCall: chinaDay(state.last_call_at), lastVisit: chinaDay(state.last_visit_at), nextCallDue: String(state.next_call_due), nextVisitDue: String(state.next_visit_due) } : null;
  const settings = await getArchiveSettings(db);
  const me = await db.selectFrom('users').select('display_name').where('id', '=', p.userId).executeTakeFirst();
  const html = renderForm({ form, companyName: settings.companyName, printedBy: me?.display_name ?? '', printedAt: chinaTime(now), groups: decision.groups, customer, contacts, transactions: transactions as Record<string, unknown>[], catalogue, contactState });
  await recordReadAudit(db, actor, { action: 'customer.printed', entityType: 'customer', entityId: row.id, data: { form } }, now);
  return { html };
}
