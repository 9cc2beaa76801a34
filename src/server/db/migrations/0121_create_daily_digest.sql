-- REL-5 daily digest e-mail: each user's address and choice (on unless they turn it off; nothing
-- is sent while no SMTP server is configured), the day it was last sent (claimed per user, so a
-- second instance sends nothing twice) and one row per day the digest ran.
CREATE TABLE digest_preferences (
  user_id      bigint PRIMARY KEY REFERENCES users (id),
  email        text CHECK (email IS NULL OR (length(email) <= 200 AND email LIKE '%_@_%')),
  enabled      boolean NOT NULL DEFAULT true,
  last_sent_on date,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE digest_runs (
  day        date PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  sent       integer NOT NULL DEFAULT 0
);
GRANT SELECT, INSERT, UPDATE ON digest_preferences, digest_runs TO kedang_app;
