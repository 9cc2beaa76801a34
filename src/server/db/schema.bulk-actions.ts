/** Tables of migrations 0166 (bulk-action runs over a filter, issue 17 item 16) and 0167 (ARC-9 reviews). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string | undefined, string>;

export type BulkActionTables = {
  bulk_action_runs: {
    id: Generated<string> & Id;
    created_by: string;
    action: string;
    params: Json;
    customer_ids: string[];
    status: Generated<string>;
    processed: Generated<number>;
    results: Json;
    created_at: TsDefault;
    updated_at: TsDefault;
    finished_at: Ts | null;
  };
};

/** Table of migration 0167: ARC-9 review decisions. */
export type ArchiveReviewTables = {
  archive_reviews: {
    id: Generated<string> & Id;
    customer_id: string;
    decision: string;
    reasons: string[];
    note: string | null;
    approval_id: string | null;
    decided_by: string;
    decided_at: TsDefault;
  };
};
