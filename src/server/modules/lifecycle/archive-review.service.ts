/**
 * ARC-9 periodic clean-up: the review list of dormant and invalid archives the reviewer may read,
 * and the reviewer's decision — keep (recorded, off the list for a review period), invalid (the
 * archive goes to the recycle bin through SEC-8's approval) or destroy (SEC-9's request). The
 * system proposes; it never deletes by itself. Nothing is judged on what the reviewer may not read:
 * "unreachable" only where the contacts group is open to them (reachabilityOf).
 */
import { sql, type Kysely } from 'kysely';
import type { ReviewReason } from '../../../contract/archive-review.routes.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { contactsCustomersByRow, visibleCustomers } from '../access/customer-access.sql.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { defaultReviewReason, reachabilityOf, reviewedSince, reviewReasonsOf } from './archive-review.rules.js';
import { requestDestruction, requestProtectedChange } from './lifecycle.service.js';

/** A phone or e-mail on the archive itself (basic fields: whoever reads the archive sees them). */
const ownReachable = sql<boolean>`(c.phone_digits <> '' OR coalesce(c.email, '') <> '')`;
/** A phone, mobile or e-mail on any of its contacts (the contacts group; a mobile is shown masked to its readers, SEC-4). */
const contactReachable = sql<boolean>`EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id AND (k.phone_digits <> '' OR k.mobile IS NOT NULL OR coalesce(k.email, '') <> ''))`;

/**
 * The reasons as SQL for this reviewer. "unreachable" speaks about the contacts, so it is judged
 * only where the reviewer reads the contacts group (SEC-3, SEC-4): elsewhere an archive without a
 * number of its own is neither proposed nor cleared for it — the reason is withheld.
 */
function proposedFor(subject: AccessSubject) {
  return {
    dormant: sql<boolean>`c.lifecycle = 'dormant'`,
    missing_address: sql<boolean>`coalesce(btrim(c.address), '') = ''`,
    missing_region: sql<boolean>`c.region IS NULL`,
    unreachable: sql<boolean>`(NOT ${ownReachable} AND ${contactsCustomersByRow(subject)} AND NOT ${contactReachable})`,
  } satisfies Record<ReviewReason, unknown>;
}

const reasonLabels: Record<ReviewReason, string> = { dormant: '休眠', missing_address: '缺地址', missing_region: '缺地区', unreachable: '无可用联系方式' };

export async function listArchiveReview(db: Kysely<DB>, p: Principal, q: { limit: number; cursor?: string | undefined; reason?: ReviewReason | undefined }, now = new Date()) {
  const subject = await subjectOf(db, p);
  const after = decodeIdCursor(q.cursor);
  const proposed = proposedFor(subject);
  const rows = await db
    .selectFrom('customers as c')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .select(['c.id', 'c.archive_no', 'c.name', 'c.lifecycle', 'c.address', 'c.region', 'c.last_transaction_on', 'c.updated_at', 'o.display_name as owner_name'])
    .select([ownReachable.as('own_reachable'), sql<boolean>`${contactsCustomersByRow(subject)}`.as('contacts_open')])
    // the contacts are looked at only where the reviewer may read them
    .select(sql<boolean>`(${contactsCustomersByRow(subject)} AND ${contactReachable})`.as('contact_reachable'))
    .where(visibleCustomers(subject))
    .where('c.merged_into', 'is', null)
    .where('c.lifecycle', 'in', ['active', 'dormant'])
    .where(q.reason ? proposed[q.reason] : sql<boolean>`(${sql.join(Object.values(proposed), sql` OR `)})`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('archive_reviews as r').select('r.id').whereRef('r.customer_id', '=', 'c.id').where('r.decided_at', '>', reviewedSince(now)))))
    .$if(after !== null, (b) => b.where('c.id', '<', after!))
    .orderBy('c.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => {
      const reachable = reachabilityOf({ ownReachable: Boolean(r.own_reachable), contactsOpen: Boolean(r.contacts_open), contactReachable: Boolean(r.contact_reachable) });
      return {
        id: r.id, archiveNo: r.archive_no, name: r.name, lifecycle: r.lifecycle as 'active' | 'dormant', ownerName: r.owner_name,
        lastTransactionOn: (r.last_transaction_on as string | null) ?? null, updatedAt: r.updated_at.toISOString(),
        reasons: reviewReasonsOf({ lifecycle: r.lifecycle, address: r.address, region: r.region, reachable }),
        withheld: reachable === null ? ['contacts' as const] : [],
      };
    }),
    nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

/**
 * One decision, one transaction: the reasons as the reviewer may know them, the approval an
 * `invalid` or `destroy` files (SEC-8, SEC-9), the review row and its audit event commit together
 * or not at all.
 */
export async function decideArchiveReview(db: Kysely<DB>, p: Principal, customerId: string, input: { decision: 'keep' | 'invalid' | 'destroy'; note?: string | undefined; reason?: string | undefined }, actor: Actor, now = new Date()) {
  return db.transaction().execute(async (tx) => {
    const subject = await subjectOf(tx, p);
    const { decision } = await openCustomer(tx, subject, customerId, 'read', now); // 404 unless the reviewer may read it (SEC-2)
    const facts = await tx
      .selectFrom('customers as c')
      .select(['c.lifecycle', 'c.address', 'c.region', ownReachable.as('own_reachable'), contactReachable.as('contact_reachable')])
      .where('c.id', '=', customerId)
      .executeTakeFirstOrThrow();
    const reachable = reachabilityOf({ ownReachable: Boolean(facts.own_reachable), contactsOpen: decision.groups.includes('contacts'), contactReachable: Boolean(facts.contact_reachable) });
    const reasons = reviewReasonsOf({ lifecycle: facts.lifecycle, address: facts.address, region: facts.region, reachable });
    if (reasons.length === 0) throw new AppError('rule_violation', 'The archive is not on the review list (it is active, complete and reachable).', { rule: 'ARC-9' });
    let approvalId: string | null = null;
    if (input.decision !== 'keep') {
      const reason = input.reason?.trim() || defaultReviewReason(input.decision, reasons, reasonLabels);
      approvalId = input.decision === 'invalid'
        ? (await requestProtectedChange(tx, p, customerId, { change: 'delete', reason }, actor, now)).approvalId
        : (await requestDestruction(tx, p, customerId, { reason }, actor, now)).approvalId;
    }
    const row = await tx
      .insertInto('archive_reviews')
      .values({ customer_id: customerId, decision: input.decision, reasons, note: input.note?.trim() || null, approval_id: approvalId, decided_by: p.userId, decided_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'customer.review_decided', entityType: 'customer', entityId: customerId, data: { decision: input.decision, reasons, approvalId } }, now);
    return { id: row.id, customerId, decision: input.decision, approvalId };
  });
}
