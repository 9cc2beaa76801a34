/** Tables of migration 0087: complaints, their transitions and the on-duty rota (spec 05). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string | undefined, string>;

export type ComplaintTables = {
  complaints: {
    id: Generated<string> & Id;
    complaint_no: string;
    customer_id: string | null;
    customer_name: string | null;
    contact_name: string | null;
    contact_phone: string | null;
    business_address: string | null;
    channel: string;
    category: Generated<string>;
    received_at: Ts;
    received_by: string | null;
    receiving_department_id: string | null;
    handler_id: string | null;
    reason: string;
    demand: string;
    products: Json;
    state: Generated<string>;
    severity: string | null;
    responsible_department_id: string | null;
    handling_no: string | null;
    started_at: Ts;
    deadline_at: Ts | null;
    deadline_told_at: Ts | null;
    escalation_level: Generated<number>;
    approval_id: string | null;
    explanation: string | null;
    customer_acknowledged: boolean | null;
    cause: string | null;
    plan: string | null;
    resolution_kind: string | null;
    loss_amount: string | null;
    sign_off: ColumnType<unknown, string | null | undefined, string | null>;
    receiver_opinion: string | null;
    manager_opinion: string | null;
    customer_opinion: string | null;
    resolved_at: Ts | null;
    satisfaction: number | null;
    follow_up_comments: string | null;
    followed_up_at: Ts | null;
    revisit_task_id: string | null;
    revisit_report_id: Generated<string | null>;
    closed_at: Ts | null;
    created_at: TsDefault;
    version: Generated<number>;
    service_request_id: Generated<string | null>;
  };
  complaint_transitions: {
    id: Generated<string> & Id;
    complaint_id: string;
    from_state: string;
    to_state: string;
    state: string;
    actor_id: string | null;
    at: Ts;
    comment: string | null;
    data: Json;
  };
  complaint_rota: { id: Generated<string> & Id; position: number; user_id: string; weekday: number; start_hour: number; end_hour: number };
};
