-- Issue 17 item 16: a bulk action over every archive matching the list's filter runs in the server's
-- background; this row is its progress and results, for the user who started it only.
CREATE TABLE bulk_action_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_by  bigint NOT NULL REFERENCES users (id),
  action      text NOT NULL,
  params      jsonb NOT NULL,
  customer_ids bigint[] NOT NULL,
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'interrupted')),
  processed   integer NOT NULL DEFAULT 0,
  results     jsonb NOT NULL DEFAULT '[]',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX bulk_action_runs_created_by_idx ON bulk_action_runs (created_by, id DESC);
GRANT SELECT, INSERT, UPDATE ON bulk_action_runs TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
