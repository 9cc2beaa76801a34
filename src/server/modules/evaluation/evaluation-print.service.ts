/**
 * Printing the two evaluation forms (ARC-13 for spec 03): read as the screen reads them (the
 * evaluation access rule), refuse view-only secrecy levels (SEC-5: confidential and top secret
 * never print), render, audit the print as a print of the archive.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { getArchiveSettings } from '../documents/archive-settings.service.js';
import { getScorecard } from './credit.service.js';
import { renderCreditForm, renderRelationshipForm } from './evaluation-forms.render.js';
import { getEvaluation } from './evaluations.service.js';
import { getRelationship } from './relationship.service.js';

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

async function printable(db: Kysely<DB>, p: Principal, customerId: string, now: Date) {
  const c = await db.selectFrom('customers').select('secrecy_level').where('id', '=', customerId).executeTakeFirstOrThrow();
  if (c.secrecy_level === 'confidential' || c.secrecy_level === 'top_secret') throw new AppError('forbidden', 'This archive is view-only at its secrecy level: no print.', { rule: 'SEC-5' });
  const [settings, me] = await Promise.all([getArchiveSettings(db), db.selectFrom('users').select('display_name').where('id', '=', p.userId).executeTakeFirst()]);
  return { companyName: settings.companyName, printedBy: me?.display_name ?? '', printedAt: chinaTime(now) };
}

export async function printEvaluation(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()): Promise<{ html: string }> {
  const e = await getEvaluation(db, p, id);
  const printed = await printable(db, p, e.customerId, now);
  const card = await getScorecard(db, e.scorecardVersion);
  const html = renderCreditForm(e, card.definition, printed);
  await recordReadAudit(db, actor, { action: 'customer.printed', entityType: 'customer', entityId: e.customerId, data: { form: 'credit-rating', evaluationId: id } }, now);
  return { html };
}

export async function printRelationship(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()): Promise<{ html: string }> {
  const r = await getRelationship(db, p, id);
  const printed = await printable(db, p, r.customerId, now);
  const html = renderRelationshipForm(r, printed);
  await recordReadAudit(db, actor, { action: 'customer.printed', entityType: 'customer', entityId: r.customerId, data: { form: 'relationship-evaluation', relationshipEvaluationId: id } }, now);
  return { html };
}
