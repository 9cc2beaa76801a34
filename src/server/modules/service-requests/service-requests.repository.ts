/** Service-request SQL: the row with its customer, people, team and complaint; the events. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export function selectServiceRequests(db: Kysely<DB>) {
  return db
    .selectFrom('service_requests as s')
    .leftJoin('customers as cu', 'cu.id', 's.customer_id')
    .leftJoin('users as rb', 'rb.id', 's.received_by')
    .leftJoin('users as a', 'a.id', 's.assignee_id')
    .leftJoin('departments as td', 'td.id', 's.team_department_id')
    .select([
      's.id', 's.request_no', 's.customer_id', 's.customer_name', 's.contact_name', 's.contact_phone', 's.channel', 's.category', 's.urgency', 's.subject', 's.description',
      's.status', 's.team_department_id', 'td.name as team_name', 's.assignee_id', 'a.display_name as assignee_name', 's.received_at', 's.received_by', 'rb.display_name as received_by_name',
      's.first_response_due_at', 's.resolution_due_at', 's.first_responded_at', 's.resolved_at', 's.closed_at', 's.resolution', 's.escalation_level', 's.complaint_id', 's.escalated_at',
      's.created_at', 's.version',
      'cu.name as archive_name', 'cu.archive_no', 'cu.owner_id as customer_owner_id', 'cu.department_id as customer_department_id',
      'cu.secrecy_level as customer_secrecy_level', 'cu.abc_class as customer_abc_class',
    ]);
}
export type ServiceRequestRow = Awaited<ReturnType<ReturnType<typeof selectServiceRequests>['executeTakeFirstOrThrow']>>;

export async function eventsOf(db: Kysely<DB>, requestId: string) {
  return db
    .selectFrom('service_request_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.kind', 'e.from_status', 'e.to_status', 'e.note_kind', 'e.body', 'e.actor_id', 'u.display_name', 'e.at'])
    .where('e.request_id', '=', requestId)
    .orderBy('e.id')
    .execute();
}
