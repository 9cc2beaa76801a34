/** Tables of sales (SAL-1 … SAL-4): opportunities, contracts, their lines, instalments and waivers. */
import type { Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

export type SalesTables = {
  /** ANA-4 rollups kept by triggers on transactions, transaction_lines and payments (migration 0184): read-only for code. */
  sales_daily: { day: string; customer_id: string; amount: string; tx_count: number };
  product_sales_daily: { day: string; customer_id: string; product: string; category: string | null; amount: string; line_count: number };
  open_receivables: { customer_id: string; due_on: string; count: number; amount: string; secrecy_level: string; abc_class: string | null; owner_id: string; department_id: string | null };
  /** ANA-4 the composition cache's write generation per kind of write (migrations 0194, 0207): the log is written by triggers only; the warm job folds it into the generation rows. */
  analytics_write_log: { xid: string; domain: 'sales' | 'attributes' | 'listing' | 'evaluations' | 'surveys' };
  analytics_generation: { domain: 'sales' | 'attributes' | 'listing' | 'evaluations' | 'surveys'; n: string };
  /** ANA-2 ANA-4 the compositions, the month's sales and the grade migration of the callers who see every archive (or every one below top secret), with the generation they were computed at (migrations 0194, 0207). */
  composition_cache: { audience: 'all' | 'below_top_secret'; dimension: string; from_day: string; to_day: string; generation: string; result: unknown; computed_ms: number; computed_at: TsDefault; snapshot: string | null; fixed_generation: string | null };
  /** ANA-4 every change of sales_daily / product_sales_daily with the writer's xid (migration 0213): written by triggers only. */
  analytics_sales_deltas: { xid: string; customer_id: string; day: string; line: boolean; product: string | null; category: string | null; amount: string; n: number };
  analytics_delta_floor: { id: number; floor: string };
  /** ANA-4 each audience's per-customer sales of a period (> 0, largest first, float64 cents) at a generation (migration 0213). */
  composition_customer_sums: { audience: 'all' | 'below_top_secret'; from_day: string; to_day: string; generation: string; sums: Buffer; created_at: TsDefault };
  sales_settings: { id: Generated<number>; stage_probabilities: unknown; updated_at: TsDefault; updated_by: string | null };
  opportunities: {
    id: Generated<string> & Id;
    customer_id: string;
    owner_id: string;
    title: string;
    expected_amount: string;
    expected_close_on: string;
    stage: string;
    probability: number;
    lost_reason: string | null;
    closed_on: string | null;
    created_at: Ts;
    created_by: string | null;
    updated_at: Ts;
    version: Generated<number>;
  };
  contracts: {
    id: Generated<string> & Id;
    contract_no: string;
    customer_id: string;
    owner_id: string;
    title: string;
    amount: string;
    signatory: string;
    state: Generated<string>;
    checklist: Generated<unknown>;
    signed_on: string | null;
    signed_by: string | null;
    transaction_id: string | null;
    opportunity_id: string | null;
    template_version_id: Generated<string | null>;
    clauses: Generated<unknown>;
    created_at: Ts;
    created_by: string | null;
    updated_at: Ts;
    version: Generated<number>;
  };
  contract_lines: { id: Generated<string> & Id; contract_id: string; line_no: number; product: string; spec: string | null; quantity: string; unit: string; price: string; delivered: Generated<string> };
  contract_instalments: { id: Generated<string> & Id; contract_id: string; line_no: number; due_on: string; amount: string; payment_id: string | null };
  contract_templates: { id: Generated<string> & Id; name: string; approved_version_id: string | null; disabled: Generated<boolean>; created_at: Ts; created_by: string | null; updated_at: Ts; version: Generated<number> };
  contract_template_versions: {
    id: Generated<string> & Id;
    template_id: string;
    number: number;
    clauses: unknown;
    state: Generated<string>;
    approval_id: string | null;
    created_at: Ts;
    created_by: string | null;
    decided_by: string | null;
    decided_at: Ts | null;
  };
  contract_waivers: { id: Generated<string> & Id; contract_id: string; item: string; reason: string; waived_by: string; waived_at: Ts };
};
