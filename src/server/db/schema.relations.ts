/** Tables of migration 0080: cadence policies (REL-2), the communication log (REL-3), contact states (REL-4). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

export type RelationTables = {
  cadence_policies: { abc_class: string; call_days: number; visit_days: number; version: Generated<number>; updated_at: TsDefault; updated_by: string | null };
  communications: {
    id: Generated<string> & Id;
    customer_id: string;
    user_id: string;
    channel: string;
    occurred_at: Ts;
    contact_ids: ColumnType<string[], string[] | undefined, string[]>;
    subject: string;
    content: string;
    result: string | null;
    customer_needs: string | null;
    attitude: string | null;
    person_level: string | null;
    visit_opportunity: boolean | null;
    next_step_due: string | null;
    next_step_text: string | null;
    next_step_task_id: string | null;
    check_in_lat: number | null;
    check_in_lng: number | null;
    check_in_accuracy: number | null;
    check_in_at: Ts | null;
    photo_document_id: string | null;
    created_at: TsDefault;
  };
  owner_transfers: { id: Generated<string> & Id; customer_id: string; from_owner_id: string | null; to_owner_id: string | null; kind: string; reason: string; moved_tasks: Generated<number>; approval_id: string | null; by_user_id: string | null; at: TsDefault };
  contact_states: {
    customer_id: string;
    last_call_at: Ts | null;
    last_visit_at: Ts | null;
    next_call_due: string;
    next_visit_due: string;
    next_due: ColumnType<string, never, never>;
    call_reminded_for: string | null;
    visit_reminded_for: string | null;
    /** migration 0176: the customer's owner, kept by triggers on customers (finds a rep's rows; the policy decides on customers.owner_id) */
    owner_id: string | null;
    /** migration 0208: the customer's tier, kept by triggers on customers (the tier's customers by last contact; filters decide on customers.tier) */
    tier: Generated<string | null>;
  };
  /** migration 0120: REL-7 客户回访报告表 */
  revisit_reports: {
    id: Generated<string> & Id;
    customer_id: string;
    visited_on: string;
    method: string;
    visitor_id: string;
    contact_ids: ColumnType<string[], string[] | undefined, string[]>;
    contacts_met: string | null;
    evaluation: string;
    market_demand: string | null;
    service_suggestions: string | null;
    satisfaction: number;
    follow_up_actions: string | null;
    source_type: string | null;
    source_id: string | null;
    task_id: string | null;
    communication_id: string | null;
    created_by: string | null;
    created_at: TsDefault;
  };
  /** migration 0121: REL-5 daily digest */
  digest_preferences: { user_id: string; email: string | null; enabled: Generated<boolean>; last_sent_on: string | null; updated_at: TsDefault };
  digest_runs: { day: string; started_at: TsDefault; sent: Generated<number> };
  /** migration 0180: REL-11 activity markers (a customer with a transaction or a communication in a China month; month = its first day), kept by triggers; 0204: the month's sales amount */
  customer_activity_months: { customer_id: string; month: string; owner_id: string | null; amount: Generated<string> };
};
