-- Targets and accountability (REL-11, seed 001 制定绩效目标 / 责任追踪与反馈): targets per owner,
-- period and metric set by managers, and managers' comments on an owner's period kept with the
-- figures the author saw when writing (the snapshot does not follow later changes).
CREATE TABLE targets (
  owner_id   bigint NOT NULL REFERENCES users (id),
  period     text NOT NULL CHECK (period ~ '^20[0-9]{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  metric     text NOT NULL CHECK (metric IN ('sales', 'satisfaction', 'retention')),
  value      numeric(20, 4) NOT NULL CHECK (value >= 0),
  set_by     bigint REFERENCES users (id),
  set_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, period, metric)
);
CREATE INDEX targets_period_idx ON targets (period, owner_id);

CREATE TABLE target_comments (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id   bigint NOT NULL REFERENCES users (id),
  period     text NOT NULL CHECK (period ~ '^20[0-9]{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  author_id  bigint NOT NULL REFERENCES users (id),
  text       text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  snapshot   jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX target_comments_owner_idx ON target_comments (owner_id, period, id DESC);

-- What activity in a period reads (retention, sales): transactions by date per customer already have
-- (customer_id, date); communications by customer have (customer_id, occurred_at).
GRANT SELECT, INSERT, UPDATE, DELETE ON targets TO kedang_app;
GRANT SELECT, INSERT ON target_comments TO kedang_app;
GRANT USAGE, SELECT ON SEQUENCE target_comments_id_seq TO kedang_app;
