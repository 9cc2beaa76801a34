/** Tables of migration 0040: imports (ARC-12) and their dry-run issues. */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string | undefined, string>;

export type ImportTables = {
  imports: {
    id: Generated<string> & Id;
    entity: string;
    file_name: string;
    stored_as: string;
    format: string;
    size: string | number;
    encoding: string | null;
    status: string;
    phase: string | null;
    columns: Json;
    mapping: Json;
    rows_total: number | null;
    rows_done: Generated<number>;
    progress: Generated<number>;
    eta_seconds: number | null;
    valid_rows: Generated<number>;
    error_rows: Generated<number>;
    duplicate_rows: Generated<number>;
    committed_rows: Generated<number>;
    skipped_rows: Generated<number>;
    message: string | null;
    created_by: string;
    created_at: TsDefault;
    updated_at: TsDefault;
    started_at: Ts | null;
    finished_at: Ts | null;
  };
  import_issues: {
    import_id: string;
    seq: number;
    row_no: number;
    column_ref: string | null;
    header: string | null;
    field: string | null;
    kind: string;
    message: string;
    value: string | null;
    /** Migration 0135: the finding's stable code and parameters (issue 17 item 5). */
    code: ColumnType<string | null, string | null | undefined, string | null>;
    params: ColumnType<unknown, string | null | undefined, string | null>;
  };
};
