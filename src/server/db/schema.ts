/** Kysely table types; mirror of migrations/*.sql. bigint columns read as strings. */
import type { ColumnType, Generated } from 'kysely';

type Id = ColumnType<string, never, never>;
type Ts = ColumnType<Date, Date | string, Date | string>;
type TsDefault = ColumnType<Date, Date | string | undefined, Date | string>;

export type DepartmentsTable = {
  id: Generated<string> & Id;
  name: string;
  parent_id: string | null;
  disabled: Generated<boolean>;
  created_at: TsDefault;
  version: Generated<number>;
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
export type LoginFailuresTable = { id: Generated<string> & Id; user_id: string; at: Ts; ip: string | null };
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
  prev_hash: string;
  hash: string;
};

export type DB = {
  departments: DepartmentsTable;
  users: UsersTable;
  password_history: PasswordHistoryTable;
  login_failures: LoginFailuresTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  audit_events: AuditEventsTable;
};
