/** Tables of migration 0125: service requests and their events (SVC-10). */
import type { Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

export type ServiceRequestTables = {
  service_requests: {
    id: Generated<string> & Id;
    request_no: string;
    customer_id: string | null;
    customer_name: string | null;
    contact_name: string | null;
    contact_phone: string | null;
    channel: string;
    category: string;
    urgency: string;
    subject: string;
    description: string;
    status: Generated<string>;
    team_department_id: string | null;
    assignee_id: string | null;
    received_at: Ts;
    received_by: string | null;
    first_response_due_at: Ts;
    resolution_due_at: Ts;
    first_responded_at: Ts | null;
    resolved_at: Ts | null;
    closed_at: Ts | null;
    resolution: string | null;
    escalation_level: Generated<number>;
    complaint_id: string | null;
    escalated_at: Ts | null;
    created_at: TsDefault;
    version: Generated<number>;
  };
  service_request_events: {
    id: Generated<string> & Id;
    request_id: string;
    kind: string;
    from_status: string | null;
    to_status: string | null;
    note_kind: string | null;
    body: string | null;
    actor_id: string | null;
    at: Ts;
  };
};
