/** Tables of migration 0105: reward plans and the points ledger (REL-10). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string, string>;
type Day = ColumnType<string, string, string>;

export type RewardTables = {
  reward_plans: {
    id: Generated<string> & Id;
    name: string;
    customer_type: string | null;
    valid_from: Day;
    valid_to: ColumnType<string | null, string | null | undefined, string | null>;
    tiers: Json;
    points_valid_months: number | null;
    rewards: Json;
    description: string | null;
    disabled: Generated<boolean>;
    created_at: TsDefault;
    created_by: string | null;
    updated_at: TsDefault;
    version: Generated<number>;
  };
  points_entries: {
    id: Generated<string> & Id;
    customer_id: string;
    kind: string;
    delta: number;
    reason: string;
    at: TsDefault;
    by_id: string | null;
    plan_id: string | null;
    transaction_id: string | null;
    expires_at: Date | null;
  };
  points_credits: { transaction_id: string; plan_id: string | null; points: Generated<number>; at: TsDefault };
  points_balances: { customer_id: string; balance: Generated<number>; updated_at: TsDefault };
};
