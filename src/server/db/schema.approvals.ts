/** Tables of migrations 0006–0007 (destructions, SEC-9): approvals (SEC-7), delegations, access requests / grants (SEC-6), notifications. */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string | undefined, string>;

export type ApprovalTables = {
  destructions: {
    id: Generated<string> & Id;
    approval_id: string;
    customer_id: string;
    archive_no: string;
    name: string;
    reason: string;
    scope: Json;
    requested_by: string;
    requested_at: TsDefault;
    approved_by: string | null;
    approved_at: Ts | null;
    executed_by: string | null;
    executed_at: Ts | null;
    purged: Json | null;
  };
  approvals: {
    id: Generated<string> & Id;
    type: string;
    state: Generated<string>;
    subject_type: string;
    subject_id: string;
    customer_id: string | null;
    summary: string;
    payload: Json;
    requester_id: string;
    approver_role: string;
    approver_rule: string;
    decided_by: string | null;
    decided_at: Ts | null;
    decision_comment: string | null;
    created_at: TsDefault;
    expires_at: Ts;
    version: Generated<number>;
  };
  approval_comments: { id: Generated<string> & Id; approval_id: string; author_id: string; body: string; at: TsDefault };
  approval_delegations: {
    id: Generated<string> & Id;
    from_role: Generated<string>;
    deputy_id: string;
    types: string[];
    starts_on: string;
    ends_on: string;
    created_by: string;
    created_at: TsDefault;
    revoked_at: Ts | null;
  };
  access_requests: {
    id: Generated<string> & Id;
    approval_id: string;
    customer_id: string;
    requester_id: string;
    groups: string[];
    purpose: string;
    duration_minutes: number;
    secrecy_level: string;
    starts_at: Ts | null;
    ends_at: Ts | null;
    returned_at: Ts | null;
    created_at: TsDefault;
  };
  notifications: {
    id: Generated<string> & Id;
    user_id: string;
    kind: string;
    title: string;
    link: string | null;
    data: Json;
    created_at: TsDefault;
    read_at: Ts | null;
  };
};
