/**
 * Kysely table types; mirror of migrations/*.sql. bigint columns read as strings.
 * Later modules keep their tables in schema.<module>.ts and join them into DB below.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ApprovalTables } from './schema.approvals.js';
import type { ImportTables } from './schema.imports.js';
import type { DocumentTables } from './schema.documents.js';
import type { EvaluationTables } from './schema.evaluation.js';
import type { SalesTables } from './schema.sales.js';
import type { RelationTables } from './schema.relations.js';
import type { ComplaintTables } from './schema.complaints.js';
import type { ServiceRequestTables } from './schema.service-requests.js';
import type { SurveyTables } from './schema.surveys.js';
import type { RewardTables } from './schema.rewards.js';
import type { BoardTables, CareTables } from './schema.boards.js';
import type { TargetTables, TrainingTables } from './schema.targets.js';
import type { ArchiveReviewTables, BulkActionTables } from './schema.bulk-actions.js';

export type Id = ColumnType<string, never, never>;
export type Ts = ColumnType<Date, Date | string, Date | string>;
export type TsDefault = ColumnType<Date, Date | string | undefined, Date | string>;

export type DepartmentsTable = {
  id: Generated<string> & Id;
  name: string;
  parent_id: string | null;
  disabled: Generated<boolean>;
  created_at: TsDefault;
  version: Generated<number>;
  manager_id: string | null;
};
export type UsersTable = {
  id: Generated<string> & Id;
  username: string;
  display_name: string;
  department_id: string;
  roles: string[];
  disabled: Generated<boolean>;
  password_hash: string;
  password_changed_at: TsDefault;
  must_change_password: Generated<boolean>;
  locked_until: Ts | null;
  created_at: TsDefault;
  version: Generated<number>;
};
export type PasswordHistoryTable = { id: Generated<string> & Id; user_id: string; hash: string; created_at: TsDefault };
export type LoginFailuresTable = { id: Generated<string> & Id; user_id: string; at: Ts; ip: string | null; scope: Generated<string> };
export type KnownDevicesTable = { id: Generated<string> & Id; user_id: string; token_hash: Buffer; created_at: Ts; last_used_at: Ts };
export type LoginLocksTable = { user_id: string; scope: string; locked_until: Ts };
export type SessionsTable = {
  id: Generated<string> & Id;
  user_id: string;
  token_hash: Buffer;
  created_at: Ts;
  last_seen_at: Ts;
  expires_at: Ts;
  revoked_at: Ts | null;
  ip: string | null;
  user_agent: string | null;
};
export type ApiTokensTable = {
  id: Generated<string> & Id;
  user_id: string;
  name: string;
  token_hash: Buffer;
  scopes: string[];
  created_at: Ts;
  expires_at: Ts | null;
  last_used_at: Ts | null;
  revoked_at: Ts | null;
};
export type SettingsTable = { key: string; value: unknown; updated_at: TsDefault };
export type AuditEventsTable = {
  id: Generated<string> & Id;
  at: Ts;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  data: unknown;
  ip: string | null;
  request_id: string | null;
  /** SEC-10: the caller's User-Agent (version-2 rows). */
  user_agent: string | null;
  /** SEC-10: success, denied (403/404) or failed (a refused sign-in, a 409/422). */
  outcome: Generated<string>;
  /** 1: hashed without user_agent and outcome (rows before migration 0160); 2: with them. */
  hash_version: Generated<number>;
  prev_hash: string;
  hash: string;
  chain: Generated<number>;
};

/** Customer archive columns: snake_case of the API fields; dates as 'YYYY-MM-DD' strings, numeric as strings. */
export type CustomersTable = {
  id: Generated<string> & Id;
  archive_no: string;
  filed_on: string;
  name: string;
  short_name: string | null;
  customer_type: string;
  source: string | null;
  referred_by: string | null;
  owner_id: string | null;
  department_id: string;
  secrecy_level: Generated<string>;
  lifecycle: Generated<string>;
  address: string | null;
  postal_code: string | null;
  region: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  website: string | null;
  qq: string | null;
  wechat: string | null;
  credit_code: string | null;
  founded_on: string | null;
  registered_capital: string | null;
  shareholders: Generated<unknown>;
  bank_name: string | null;
  bank_account: string | null;
  employee_count: number | null;
  domestic_staff: number | null;
  foreign_staff: number | null;
  company_nature: string | null;
  industry: string | null;
  industry_code: string | null;
  industry_position: string | null;
  main_business: string | null;
  additional_business: string | null;
  main_products: string | null;
  purchased_varieties: string | null;
  downstream_market: string | null;
  sales_last_3_years: Generated<unknown>;
  cooperation_since: string | null;
  org_structure: string | null;
  related_companies: Generated<unknown>;
  culture: string | null;
  developments: string | null;
  credit_grade: string | null;
  tier: string | null;
  abc_class: string | null;
  advantages: string | null;
  disadvantages: string | null;
  countermeasures: string | null;
  potential_needs: string | null;
  remarks: string | null;
  category: string | null;
  status: string | null;
  stage: string | null;
  importance: string | null;
  tags: Generated<string[]>;
  custom: Generated<unknown>;
  name_norm: string;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  /** Pinyin, then the name: the 客户名称 sort key (0070, generated). */
  name_sort: ColumnType<string, never, never>;
  phone_digits: Generated<string>;
  merged_into: string | null;
  last_transaction_on: string | null;
  deleted_at: Ts | null;
  deleted_by: string | null;
  deleted_reason: string | null;
  lifecycle_before_delete: string | null;
  created_at: TsDefault;
  updated_at: TsDefault;
  created_by: string | null;
  version: Generated<number>;
};
export type ContactsTable = {
  id: Generated<string> & Id;
  customer_id: string;
  role: string;
  name: string;
  position: string | null;
  department: string | null;
  education: string | null;
  birth_md: string | null;
  birth_date: string | null;
  hobbies: string | null;
  family: string | null;
  mobile: string | null;
  direct_phone: string | null;
  email: string | null;
  qq: string | null;
  wechat: string | null;
  anniversaries: Generated<unknown>;
  notes: string | null;
  phone_digits: Generated<string>;
  /** HMAC of the mobile's digits (SEC-12): exact-number search without the number. */
  mobile_index: string | null;
  created_at: TsDefault;
  updated_at: TsDefault;
  version: Generated<number>;
};
export type TransactionsTable = {
  id: Generated<string> & Id;
  customer_id: string;
  tx_no: string;
  date: string;
  place: string | null;
  amount: string;
  handled_by: string | null;
  breach: Generated<boolean>;
  breach_note: string | null;
  remarks: string | null;
  created_at: TsDefault;
  created_by: string | null;
  contract_id: Generated<string | null>;
};
export type TransactionLinesTable = {
  id: Generated<string> & Id;
  transaction_id: string;
  line_no: number;
  product: string;
  spec: string | null;
  quantity: string;
  unit: string | null;
  price: string;
  category: Generated<string | null>;
};
export type FeedbackTable = {
  id: Generated<string> & Id;
  customer_id: string;
  channel: string;
  date: string;
  content: string;
  category: string;
  sentiment: string;
  handled_by: string | null;
  follow_up: string | null;
  created_at: TsDefault;
  created_by: string | null;
};
export type CustomerHistoryTable = {
  id: Generated<string> & Id;
  customer_id: string;
  version: number;
  entity: string;
  entity_id: string;
  changes: unknown;
  snapshot: unknown;
  actor_id: string | null;
  at: Ts;
};

/** Migration 0140: document content in PostgreSQL (KEDANG_DOCUMENT_STORE=postgres). */
export type DocumentContentsTable = { storage_key: string; chunk: number; data: Buffer };

// one table group per line: modules add theirs below without touching the others
export type DB = CoreTables &
  ApprovalTables &
  DocumentTables &
  EvaluationTables &
  ImportTables &
  SalesTables &
  RelationTables &
  ComplaintTables &
  SurveyTables &
  RewardTables &
  BoardTables &
  CareTables &
  TargetTables &
  TrainingTables &
  ServiceRequestTables &
  BulkActionTables &
  ArchiveReviewTables &
  { document_contents: DocumentContentsTable };

type CoreTables = {
  customers: CustomersTable;
  customer_terms: { term: string; rank: number; name_len: number; customer_id: string };
  customer_pinyin: { customer_id: string; name_initials: string; name_len: number };
  customer_shares: { customer_id: string; user_id: string; created_at: TsDefault; created_by: string | null };
  archive_counters: { prefix: string; year: number; last: number };
  contacts: ContactsTable;
  transactions: TransactionsTable;
  transaction_lines: TransactionLinesTable;
  feedback: FeedbackTable;
  customer_history: CustomerHistoryTable;
  custom_fields: { id: Generated<string> & Id; key: string; label: string; type: string; options: Generated<string[]>; required: Generated<boolean>; disabled: Generated<boolean>; created_at: TsDefault; version: Generated<number> };
  departments: DepartmentsTable;
  users: UsersTable;
  password_history: PasswordHistoryTable;
  login_failures: LoginFailuresTable;
  known_devices: KnownDevicesTable;
  login_locks: LoginLocksTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  audit_events: AuditEventsTable;
};
