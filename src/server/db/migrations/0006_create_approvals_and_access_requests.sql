-- One approval mechanism for every workflow (SEC-7), and access requests / borrowing grants (SEC-6).

CREATE TABLE approvals (
  id               bigserial PRIMARY KEY,
  type             text NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected', 'withdrawn', 'expired')),
  subject_type     text NOT NULL,
  subject_id       text NOT NULL,
  customer_id      bigint REFERENCES customers (id),
  summary          text NOT NULL,
  payload          jsonb NOT NULL DEFAULT '{}',
  requester_id     bigint NOT NULL REFERENCES users (id),
  -- the rule that applies: which role decides (a delegate of the gm may stand in, see below)
  approver_role    text NOT NULL,
  approver_rule    text NOT NULL,
  decided_by       bigint REFERENCES users (id),
  decided_at       timestamptz,
  decision_comment text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- a pending request nobody decided by then reads as `expired`
  expires_at       timestamptz NOT NULL,
  version          integer NOT NULL DEFAULT 0
);
CREATE INDEX approvals_queue_idx ON approvals (approver_role, state, id DESC);
CREATE INDEX approvals_requester_idx ON approvals (requester_id, id DESC);
CREATE INDEX approvals_subject_idx ON approvals (subject_type, subject_id);
CREATE INDEX approvals_customer_idx ON approvals (customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE approval_comments (
  id          bigserial PRIMARY KEY,
  approval_id bigint NOT NULL REFERENCES approvals (id),
  author_id   bigint NOT NULL REFERENCES users (id),
  body        text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approval_comments_approval_idx ON approval_comments (approval_id, id);

-- The gm delegates approval of secret-level borrowing to a named deputy for a date range (SEC-5, SEC-6).
CREATE TABLE approval_delegations (
  id          bigserial PRIMARY KEY,
  from_role   text NOT NULL DEFAULT 'gm',
  deputy_id   bigint NOT NULL REFERENCES users (id),
  types       text[] NOT NULL,
  starts_on   date NOT NULL,
  ends_on     date NOT NULL,
  created_by  bigint NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX approval_delegations_deputy_idx ON approval_delegations (deputy_id);

-- 查借阅: a request to read (groups of) an archive one may not read otherwise. The grant is the
-- approved request itself: active while starts_at <= now < ends_at and not returned — no job revokes it.
CREATE TABLE access_requests (
  id               bigserial PRIMARY KEY,
  approval_id      bigint NOT NULL UNIQUE REFERENCES approvals (id),
  customer_id      bigint NOT NULL REFERENCES customers (id),
  requester_id     bigint NOT NULL REFERENCES users (id),
  groups           text[] NOT NULL,
  purpose          text NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
  secrecy_level    text NOT NULL,
  starts_at        timestamptz,
  ends_at          timestamptz,
  returned_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_requests_grant_idx ON access_requests (requester_id, customer_id, ends_at) WHERE starts_at IS NOT NULL AND returned_at IS NULL;
CREATE INDEX access_requests_customer_idx ON access_requests (customer_id, id DESC);

-- In-app notifications (something waits for you; a decision on your request).
CREATE TABLE notifications (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id),
  kind        text NOT NULL,
  title       text NOT NULL,
  link        text,
  data        jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
