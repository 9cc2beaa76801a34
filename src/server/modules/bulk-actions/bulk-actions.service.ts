/**
 * Bulk actions on the customer list (issue 17 item 16): one action over many archives, each decided
 * on its own through the access policy and written in its own transaction by the module that owns
 * the single-archive operation (customers: category, tags; shares; relations: owner assignment with
 * its protected changes). The answer has one result per archive; an archive the caller may not see
 * is `not_found` with nothing about it told.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { BULK_FILTER_CAP, type BulkCustomerResult, type BulkRun, type bulkCustomerActionBody } from '../../../contract/bulk-actions.routes.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { createShare } from '../customers/customer-shares.service.js';
import { matchingCustomerIds, openCustomer, updateCustomer } from '../customers/customers.service.js';
import { assignOwners } from '../relations/owners.service.js';

type Input = z.infer<typeof bulkCustomerActionBody>;
type Result = BulkCustomerResult['results'][number];

const summaryOf = (results: readonly Result[]) => {
  const count = (o: Result['outcome']) => results.filter((r) => r.outcome === o).length;
  return { done: count('done'), unchanged: count('unchanged'), approvalRequested: count('approval_requested'), refused: count('refused'), notFound: count('not_found') };
};

export async function bulkCustomerAction(db: Kysely<DB>, p: Principal, input: Input, actor: Actor): Promise<BulkCustomerResult> {
  if (input.filter) return startFilterRun(db, p, input, actor);
  const results = await processIds(db, p, [...new Set(input.customerIds ?? [])], input, actor);
  return { results, summary: summaryOf(results) };
}

/** One result per id, each archive opened and changed on its own (the loop of both ids and runs). */
async function processIds(db: Kysely<DB>, p: Principal, ids: readonly string[], input: Input, actor: Actor, onResult?: (r: Result, i: number) => Promise<void>): Promise<Result[]> {
  const subject = await subjectOf(db, p);
  const results: Result[] = [];
  for (const id of ids) {
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
    await onResult?.(results[results.length - 1]!, results.length);
  }
  return results;
}

const emptySummary = { done: 0, unchanged: 0, approvalRequested: 0, refused: 0, notFound: 0 };
/** A run that has not reported for this long was interrupted (the server stopped). */
const STALE_MS = 120_000;
/** Runs of this process, so tests and a shutdown can wait for them. */
const running = new Map<string, Promise<void>>();
export const waitForBulkRun = async (id: string) => running.get(id);

/**
 * "All matching the filter" (issue 17 item 16): the ids come from the list's own query for the
 * caller (visibility, filters, search), never from the client; a preview only counts them; a run
 * needs the previewed count (so it acts on the set the user saw) and goes on in the background,
 * each archive still decided and written on its own as above.
 */
async function startFilterRun(db: Kysely<DB>, p: Principal, input: Input, actor: Actor): Promise<BulkCustomerResult> {
  const { ids, overCap } = await matchingCustomerIds(db, p, input.filter!, BULK_FILTER_CAP);
  if (input.preview) return { results: [], summary: emptySummary, matched: { count: ids.length, cap: BULK_FILTER_CAP, overCap } };
  if (overCap) {
    throw new AppError('rule_violation', `filter: matches more than ${BULK_FILTER_CAP} archives; narrow the filter`, { errors: [{ path: 'filter', message: `matches more than ${BULK_FILTER_CAP} archives`, code: 'too_big', params: { maximum: BULK_FILTER_CAP } }] });
  }
  if (ids.length !== input.expectedCount) {
    throw new AppError('conflict', `expectedCount: the filter now matches ${ids.length} archives, not ${input.expectedCount}; preview again`, { errors: [{ path: 'expectedCount', message: `the filter now matches ${ids.length}`, code: 'invalid', params: { actual: ids.length } }] });
  }
  const { filter: _f, preview: _p, expectedCount: _e, customerIds: _c, ...params } = input;
  const row = await db
    .insertInto('bulk_action_runs')
    .values({ created_by: p.userId, action: input.action, params: JSON.stringify(params), customer_ids: ids, results: '[]' })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  const id = row.id;
  let buffered: Result[] = [];
  let lastFlush = Date.now();
  const flush = async (processed: number) => {
    const chunk = buffered;
    buffered = [];
    lastFlush = Date.now();
    await db.updateTable('bulk_action_runs').set((eb) => ({ processed, results: sql`${eb.ref('results')} || ${JSON.stringify(chunk)}::jsonb` as never, updated_at: new Date() })).where('id', '=', id).execute();
  };
  const work = (async () => {
    try {
      await processIds(db, p, ids, input, actor, async (r, n) => {
        buffered.push(r);
        if (n === ids.length || buffered.length >= 50 || Date.now() - lastFlush > 1000) await flush(n);
      });
      await db.updateTable('bulk_action_runs').set({ status: 'finished', finished_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
    } catch {
      await db.updateTable('bulk_action_runs').set({ status: 'interrupted', finished_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute().catch(() => {});
    } finally {
      running.delete(id);
    }
  })();
  running.set(id, work);
  return { results: [], summary: emptySummary, run: { id, status: 'running', total: ids.length, processed: 0 } };
}

/** A run's progress and results, to the user who started it only (404 for anyone else). */
export async function getBulkRun(db: Kysely<DB>, p: Principal, id: string): Promise<BulkRun> {
  let r = await db.selectFrom('bulk_action_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r || r.created_by !== p.userId) throw notFound('bulk action run');
  if (r.status === 'running' && !running.has(id) && Date.now() - r.updated_at.getTime() > STALE_MS) {
    await db.updateTable('bulk_action_runs').set({ status: 'interrupted', finished_at: new Date() }).where('id', '=', id).where('status', '=', 'running').execute();
    r = { ...r, status: 'interrupted', finished_at: new Date() };
  }
  const results = r.results as Result[];
  return {
    id: r.id, status: r.status as BulkRun['status'], action: r.action as BulkRun['action'], total: r.customer_ids.length, processed: r.processed,
    summary: summaryOf(results), results, createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
  };
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
