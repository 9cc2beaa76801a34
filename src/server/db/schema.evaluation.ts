/** Tables of migration 0020: payments, scorecards, evaluation rounds and evaluations, grade changes, ABC, relationship evaluations. */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string | undefined, string>;
type JsonRequired = ColumnType<unknown, string, string>;

export type EvaluationTables = {
  /** EVA-1 (migration 0161): a customer's own quarterly purchase target. */
  customer_purchase_targets: {
    customer_id: string;
    quarterly_target: string;
    set_by: string | null;
    set_at: TsDefault;
  };
  payments: {
    id: Generated<string> & Id;
    transaction_id: string;
    due_on: string;
    paid_on: string | null;
    amount: string;
    bad_debt: Generated<boolean>;
    note: string | null;
    created_at: TsDefault;
    created_by: string | null;
    version: Generated<number>;
  };
  scorecards: { id: Generated<string> & Id; version: number; name: string; note: string | null; definition: JsonRequired; created_at: TsDefault; created_by: string | null };
  evaluation_rounds: {
    id: Generated<string> & Id;
    quarter: string;
    period_start: string;
    period_end: string;
    scorecard_id: string;
    state: Generated<string>;
    expected: number | null;
    started_at: TsDefault;
    completed_at: Ts | null;
    created_by: string | null;
  };
  evaluations: {
    id: Generated<string> & Id;
    round_id: string;
    customer_id: string;
    scorecard_id: string;
    customer_type: string;
    department_id: string;
    owner_id: string;
    state: Generated<string>;
    computed: Json;
    scores: Json;
    total: string | null;
    grade: string | null;
    tier: string | null;
    previous_grade: string | null;
    previous_tier: string | null;
    bad_debt: Generated<boolean>;
    bad_debt_reported: Generated<boolean>;
    has_transactions: Generated<boolean>;
    period_purchases: Generated<string>;
    previous_year_purchases: Generated<string>;
    sales_filled_by: string | null;
    sales_filled_at: Ts | null;
    finance_filled_by: string | null;
    finance_filled_at: Ts | null;
    approval_id: string | null;
    finalised_by: string | null;
    finalised_at: Ts | null;
    reason: string | null;
    created_at: TsDefault;
    version: Generated<number>;
  };
  evaluation_adjustments: { id: Generated<string> & Id; evaluation_id: string; indicator: string; from_score: string | null; to_score: string; reason: string; actor_id: string; at: TsDefault };
  grade_changes: {
    id: Generated<string> & Id;
    customer_id: string;
    kind: string;
    from_value: string | null;
    to_value: string | null;
    cause: string;
    reason: string | null;
    evaluation_id: string | null;
    approval_id: string | null;
    actor_id: string | null;
    at: TsDefault;
  };
  abc_scores: { customer_id: string; composite: string; rank: number; computed_class: string; run_id: string };
  abc_runs: { id: Generated<string> & Id; started_at: TsDefault; completed_at: Ts | null; total: Generated<number>; counts: Json; changed: Generated<number>; overridden: Generated<number>; config: JsonRequired; actor_id: string | null };
  abc_overrides: { id: Generated<string> & Id; customer_id: string; abc_class: string; reason: string; state: Generated<string>; approval_id: string | null; requested_by: string; created_at: TsDefault; ended_at: Ts | null };
  relationship_templates: { id: Generated<string> & Id; version: number; definition: JsonRequired; created_at: TsDefault; created_by: string | null };
  relationship_evaluations: {
    id: Generated<string> & Id;
    customer_id: string;
    template_id: string;
    evaluator_id: string;
    evaluated_on: string;
    customer_grade: string | null;
    items: JsonRequired;
    total: string;
    proposed: string;
    recommendation: string;
    remarks: string | null;
    state: Generated<string>;
    approval_id: string | null;
    created_at: TsDefault;
    updated_at: TsDefault;
    version: Generated<number>;
  };
  relationship_comments: { id: Generated<string> & Id; evaluation_id: string; author_id: string; role: string; body: string; at: TsDefault };
  relationship_measures: { id: Generated<string> & Id; evaluation_id: string; measure: string; owner_id: string | null; due_on: string | null; created_by: string; at: TsDefault };
};
