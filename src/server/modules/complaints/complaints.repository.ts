/** Complaint SQL: the row with its customer, people and department, the number counter, the transitions. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export function selectComplaints(db: Kysely<DB>) {
  return db
    .selectFrom('complaints as k')
    .leftJoin('customers as cu', 'cu.id', 'k.customer_id')
    .leftJoin('users as rb', 'rb.id', 'k.received_by')
    .leftJoin('users as h', 'h.id', 'k.handler_id')
    .leftJoin('departments as rd', 'rd.id', 'k.responsible_department_id')
    .select([
      'k.id', 'k.complaint_no', 'k.customer_id', 'k.customer_name', 'k.contact_name', 'k.contact_phone', 'k.business_address', 'k.channel', 'k.category',
      'k.received_at', 'k.received_by', 'rb.display_name as received_by_name', 'k.receiving_department_id', 'k.handler_id', 'h.display_name as handler_name',
      'k.reason', 'k.demand', 'k.products', 'k.state', 'k.severity', 'k.responsible_department_id', 'rd.name as responsible_department_name', 'k.handling_no',
      'k.started_at', 'k.deadline_at', 'k.deadline_told_at', 'k.escalation_level', 'k.approval_id', 'k.explanation', 'k.customer_acknowledged', 'k.cause', 'k.plan',
      'k.resolution_kind', 'k.loss_amount', 'k.sign_off', 'k.receiver_opinion', 'k.manager_opinion', 'k.customer_opinion', 'k.resolved_at', 'k.satisfaction',
      'k.follow_up_comments', 'k.followed_up_at', 'k.revisit_task_id', 'k.revisit_report_id', 'k.closed_at', 'k.created_at', 'k.version', 'k.service_request_id',
      'cu.name as archive_name', 'cu.archive_no', 'cu.owner_id as customer_owner_id', 'cu.department_id as customer_department_id',
      'cu.secrecy_level as customer_secrecy_level', 'cu.abc_class as customer_abc_class',
    ]);
}
export type ComplaintRow = Awaited<ReturnType<ReturnType<typeof selectComplaints>['executeTakeFirstOrThrow']>>;

/** Next 受理编号 of the year inside the caller's transaction: the counter row is locked until commit, so numbers are gap-free (like ARC-2). */
export async function nextComplaintSeq(tx: Kysely<DB>, prefix: string, year: number): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO archive_counters (prefix, year, last) VALUES (${prefix}, ${year}, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last = archive_counters.last + 1
    RETURNING last`.execute(tx);
  return r.rows[0]!.last;
}

export type TransitionJson = { from_state: string; to_state: string; state: string; actor_id: string | null; display_name: string | null; at: string; comment: string | null };

/** One complaint with its transitions in the same statement (PLT-7: the read after a transition is one round trip). */
export function selectComplaintWithTransitions(db: Kysely<DB>) {
  return selectComplaints(db).select(sql<TransitionJson[]>`(SELECT coalesce(json_agg(json_build_object('from_state', t.from_state, 'to_state', t.to_state, 'state', t.state, 'actor_id', t.actor_id::text,
      'display_name', tu.display_name, 'at', t.at, 'comment', t.comment) ORDER BY t.id), '[]') FROM complaint_transitions t LEFT JOIN users tu ON tu.id = t.actor_id WHERE t.complaint_id = k.id)`.as('transitions_json'));
}
