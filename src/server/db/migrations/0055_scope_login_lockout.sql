-- SEC-1 / issue 11 item 19: the 等保 lockout (5 failures in 15 minutes lock for 15 minutes) counts
-- per account and source (a known device, else the client address), so a stranger who knows a
-- username locks out only his own address. Many failures from everywhere (20 in 15 minutes) still
-- lock the account, except for the devices the user signed in from before.
ALTER TABLE login_failures ADD COLUMN scope text NOT NULL DEFAULT 'account';
CREATE INDEX login_failures_scope_idx ON login_failures (user_id, scope, at);

-- A browser that signed in successfully keeps a random device token (cookie); only its hash is kept.
CREATE TABLE known_devices (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id),
  token_hash    bytea NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL,
  last_used_at  timestamptz NOT NULL
);
CREATE INDEX known_devices_user_idx ON known_devices (user_id);

-- A lock of one source (`ip:…` or `device:…`) of one account.
CREATE TABLE login_locks (
  user_id       bigint NOT NULL REFERENCES users (id),
  scope         text NOT NULL CHECK (length(scope) <= 80),
  locked_until  timestamptz NOT NULL,
  PRIMARY KEY (user_id, scope)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON known_devices, login_locks TO kedang_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
