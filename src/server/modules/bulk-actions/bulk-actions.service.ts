/**
 * Bulk actions on the customer list (issue 17 item 16): one action over many archives, each decided
 * on its own through the access policy and written in its own transaction by the module that owns
 * the single-archive operation (customers: category, tags; shares; relations: owner assignment with
 * its protected changes). The answer has one result per archive; an archive the caller may not see
 * is `not_found` with nothing about it told.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { BulkCustomerResult, bulkCustomerActionBody } from '../../../contract/bulk-actions.routes.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { createShare } from '../customers/customer-shares.service.js';
import { openCustomer, updateCustomer } from '../customers/customers.service.js';
import { assignOwners } from '../relations/owners.service.js';

type Input = z.infer<typeof bulkCustomerActionBody>;
type Result = BulkCustomerResult['results'][number];

export async function bulkCustomerAction(db: Kysely<DB>, p: Principal, input: Input, actor: Actor): Promise<BulkCustomerResult> {
  const subject = await subjectOf(db, p);
  const results: Result[] = [];
  for (const id of [...new Set(input.customerIds)]) {
    let seen: { archiveNo: string; name: string } | null = null;
    const result = (outcome: Result['outcome'], more: Partial<Result> = {}): Result => ({ customerId: id, archiveNo: seen?.archiveNo ?? null, name: seen?.name ?? null, outcome, approvalId: null, reason: null, code: null, ...more });
    try {
      const { row } = await openCustomer(db, subject, id, 'read');
      seen = { archiveNo: String(row.archive_no), name: String(row.name) };
      results.push(await apply(db, p, id, row as unknown as Record<string, unknown>, input, actor, result));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // not visible (or gone): say nothing about it — the same answer as for an id that never existed (SEC-2)
      if (e.code === 'not_found' && seen === null) results.push(result('not_found'));
      else results.push(result('refused', { reason: e.message, code: e.code }));
    }
  }
  const count = (o: Result['outcome']) => results.filter((r) => r.outcome === o).length;
  return { results, summary: { done: count('done'), unchanged: count('unchanged'), approvalRequested: count('approval_requested'), refused: count('refused'), notFound: count('not_found') } };
}

async function apply(db: Kysely<DB>, p: Principal, id: string, row: Record<string, unknown>, input: Input, actor: Actor, result: (o: Result['outcome'], more?: Partial<Result>) => Result): Promise<Result> {
  switch (input.action) {
    case 'set_category': {
      if (row.category === input.category) return result('unchanged');
      await updateCustomer(db, p, id, { version: Number(row.version), category: input.category! }, actor);
      return result('done');
    }
    case 'add_tag': {
      const tags = (row.tags as string[] | null) ?? [];
      if (tags.includes(input.tag!)) return result('unchanged');
      await updateCustomer(db, p, id, { version: Number(row.version), tags: [...tags, input.tag!] }, actor);
      return result('done');
    }
    case 'share': {
      if (row.owner_id === input.userId) return result('unchanged');
      try {
        await createShare(db, p, id, input.userId!, actor);
      } catch (e) {
        if (e instanceof AppError && e.code === 'conflict' && /already shared/.test(e.message)) return result('unchanged');
        throw e;
      }
      return result('done');
    }
    case 'assign_owner': {
      if (row.owner_id === input.ownerId) return result('unchanged');
      const r = await assignOwners(db, p, { customerIds: [id], ownerId: input.ownerId!, reason: input.reason! }, actor);
      const approval = r.approvalsRequested.find((a) => a.customerId === id);
      if (approval) return result('approval_requested', { approvalId: approval.approvalId });
      return result(r.assigned.some((a) => a.customerId === id) ? 'done' : 'unchanged');
    }
  }
}
