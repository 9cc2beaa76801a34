-- Rate limits shared by every application instance (issue 12, several instances): one counter per
-- key (route and client address) and window, in PostgreSQL instead of each process's memory, so
-- that two instances behind a load balancer do not double the allowance. UNLOGGED: counters are
-- worth nothing after a crash and need no WAL.
CREATE UNLOGGED TABLE rate_limits (
  key        text PRIMARY KEY,
  hits       integer NOT NULL,
  expires_at timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO kedang_app;
