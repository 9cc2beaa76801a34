-- Imports of customers, contacts and transactions (ARC-12): the uploaded file (kept in the data
-- directory, never under its own name), its dry-run report and progress, and the commit.
CREATE TABLE imports (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity         text NOT NULL CHECK (entity IN ('customers', 'contacts', 'transactions')),
  file_name      text NOT NULL,
  stored_as      text NOT NULL,
  format         text NOT NULL CHECK (format IN ('xlsx', 'csv')),
  size           bigint NOT NULL,
  encoding       text,
  status         text NOT NULL CHECK (status IN ('validating', 'validated', 'committing', 'committed', 'failed', 'discarded')),
  phase          text CHECK (phase IN ('dry_run', 'commit')),
  columns        jsonb NOT NULL DEFAULT '[]',
  mapping        jsonb NOT NULL DEFAULT '{}',
  rows_total     integer,
  rows_done      integer NOT NULL DEFAULT 0,
  progress       real NOT NULL DEFAULT 0,
  eta_seconds    integer,
  valid_rows     integer NOT NULL DEFAULT 0,
  error_rows     integer NOT NULL DEFAULT 0,
  duplicate_rows integer NOT NULL DEFAULT 0,
  committed_rows integer NOT NULL DEFAULT 0,
  skipped_rows   integer NOT NULL DEFAULT 0,
  message        text,
  created_by     bigint NOT NULL REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  finished_at    timestamptz
);
CREATE INDEX imports_created_by_idx ON imports (created_by, id DESC);

-- Errors and duplicate warnings of the last pass, by row and column (capped per import).
CREATE TABLE import_issues (
  import_id  bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  seq        integer NOT NULL,
  row_no     integer NOT NULL,
  column_ref text,
  header     text,
  field      text,
  kind       text NOT NULL CHECK (kind IN ('error', 'duplicate')),
  message    text NOT NULL,
  value      text,
  PRIMARY KEY (import_id, seq)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
