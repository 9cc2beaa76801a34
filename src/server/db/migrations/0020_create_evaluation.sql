-- Evaluation (spec 03): payments under transactions, versioned scorecards, quarterly evaluation
-- rounds and evaluations (EVA-1…EVA-5), grade/tier/class change log, ABC runs and overrides
-- (EVA-7), relationship evaluations (EVA-8). Scores are numeric(4,1), money numeric(20,2).

-- Payments due and made against a transaction (EVA-1 付款结算时效 / 信用履约率).
CREATE TABLE payments (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id bigint NOT NULL REFERENCES transactions (id),
  due_on         date NOT NULL,
  paid_on        date,
  amount         numeric(20, 2) NOT NULL CHECK (amount > 0),
  -- written off as bad debt (呆坏帐): the customer's grade becomes D (EVA-2)
  bad_debt       boolean NOT NULL DEFAULT false,
  note           text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     bigint REFERENCES users (id),
  version        integer NOT NULL DEFAULT 0
);
CREATE INDEX payments_transaction_idx ON payments (transaction_id, due_on);
CREATE INDEX payments_due_idx ON payments (due_on);
CREATE INDEX payments_bad_debt_idx ON payments (transaction_id) WHERE bad_debt;

-- Scorecard versions: an edit inserts the next version; evaluations keep the one they used.
CREATE TABLE scorecards (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version     integer NOT NULL UNIQUE,
  name        text NOT NULL,
  note        text,
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES users (id)
);

-- One round per quarter; `opening` until the job has opened every evaluation (resumable).
CREATE TABLE evaluation_rounds (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  quarter       text NOT NULL UNIQUE,
  period_start  date NOT NULL,
  period_end    date NOT NULL,
  scorecard_id  bigint NOT NULL REFERENCES scorecards (id),
  state         text NOT NULL DEFAULT 'opening' CHECK (state IN ('opening', 'open')),
  expected      integer,
  started_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz,
  created_by    bigint REFERENCES users (id)
);

CREATE TABLE evaluations (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id                bigint NOT NULL REFERENCES evaluation_rounds (id),
  customer_id             bigint NOT NULL REFERENCES customers (id),
  scorecard_id            bigint NOT NULL REFERENCES scorecards (id),
  customer_type           text NOT NULL,
  department_id           bigint NOT NULL REFERENCES departments (id),
  owner_id                bigint NOT NULL REFERENCES users (id),
  state                   text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'filled', 'pending_approval', 'finalised')),
  -- {indicator: {score, basis}}: the job's proposals; scores: {indicator: value in force}
  computed                jsonb NOT NULL DEFAULT '{}',
  scores                  jsonb NOT NULL DEFAULT '{}',
  total                   numeric(4, 1),
  grade                   text,
  tier                    text,
  previous_grade          text,
  previous_tier           text,
  bad_debt                boolean NOT NULL DEFAULT false,
  bad_debt_reported       boolean NOT NULL DEFAULT false,
  has_transactions        boolean NOT NULL DEFAULT false,
  period_purchases        numeric(20, 2) NOT NULL DEFAULT 0,
  previous_year_purchases numeric(20, 2) NOT NULL DEFAULT 0,
  sales_filled_by         bigint REFERENCES users (id),
  sales_filled_at         timestamptz,
  finance_filled_by       bigint REFERENCES users (id),
  finance_filled_at       timestamptz,
  approval_id             bigint REFERENCES approvals (id),
  finalised_by            bigint REFERENCES users (id),
  finalised_at            timestamptz,
  reason                  text,
  created_at              timestamptz NOT NULL DEFAULT now(),
  version                 integer NOT NULL DEFAULT 0,
  -- the job's idempotency: one evaluation per customer and round
  UNIQUE (round_id, customer_id)
);
CREATE INDEX evaluations_round_dept_idx ON evaluations (round_id, department_id, state);
CREATE INDEX evaluations_customer_idx ON evaluations (customer_id, round_id DESC);

-- Changes of a computed proposal or a filled score, with the reason (EVA-1).
CREATE TABLE evaluation_adjustments (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  evaluation_id  bigint NOT NULL REFERENCES evaluations (id),
  indicator      text NOT NULL,
  from_score     numeric(4, 1),
  to_score       numeric(4, 1) NOT NULL,
  reason         text NOT NULL,
  actor_id       bigint NOT NULL REFERENCES users (id),
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evaluation_adjustments_eval_idx ON evaluation_adjustments (evaluation_id, id);

-- Every grade, tier and ABC-class change with its cause (EVA-4, EVA-5, EVA-7).
CREATE TABLE grade_changes (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id    bigint NOT NULL REFERENCES customers (id),
  kind           text NOT NULL CHECK (kind IN ('grade', 'tier', 'abc')),
  from_value     text,
  to_value       text,
  cause          text NOT NULL,
  reason         text,
  evaluation_id  bigint REFERENCES evaluations (id),
  approval_id    bigint REFERENCES approvals (id),
  actor_id       bigint REFERENCES users (id),
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grade_changes_customer_idx ON grade_changes (customer_id, id DESC);
CREATE INDEX grade_changes_kind_idx ON grade_changes (kind, id DESC);

-- ABC (EVA-7): the computed class and composite beside the class in force (customers.abc_class).
CREATE TABLE abc_scores (
  customer_id    bigint PRIMARY KEY REFERENCES customers (id),
  composite      numeric(20, 0) NOT NULL,
  rank           integer NOT NULL,
  computed_class text NOT NULL,
  run_id         bigint NOT NULL
);
CREATE INDEX abc_scores_rank_idx ON abc_scores (rank);
CREATE TABLE abc_runs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz,
  total         integer NOT NULL DEFAULT 0,
  counts        jsonb NOT NULL DEFAULT '{}',
  changed       integer NOT NULL DEFAULT 0,
  overridden    integer NOT NULL DEFAULT 0,
  config        jsonb NOT NULL,
  actor_id      bigint REFERENCES users (id)
);
-- A manual class (SEC-8, approved) survives recomputation until withdrawn.
CREATE TABLE abc_overrides (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers (id),
  abc_class     text NOT NULL CHECK (abc_class IN ('A', 'B', 'C')),
  reason        text NOT NULL,
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'rejected', 'withdrawn')),
  approval_id   bigint REFERENCES approvals (id),
  requested_by  bigint NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz
);
CREATE UNIQUE INDEX abc_overrides_active_key ON abc_overrides (customer_id) WHERE state = 'active';
CREATE INDEX abc_overrides_customer_idx ON abc_overrides (customer_id, id DESC);

-- Relationship evaluations (EVA-8, 客户关系评估表) with versioned templates.
CREATE TABLE relationship_templates (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version     integer NOT NULL UNIQUE,
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES users (id)
);
CREATE TABLE relationship_evaluations (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id     bigint NOT NULL REFERENCES customers (id),
  template_id     bigint NOT NULL REFERENCES relationship_templates (id),
  evaluator_id    bigint NOT NULL REFERENCES users (id),
  evaluated_on    date NOT NULL,
  customer_grade  text,
  items           jsonb NOT NULL,
  total           numeric(4, 1) NOT NULL,
  proposed        text NOT NULL,
  recommendation  text NOT NULL CHECK (recommendation IN ('improve', 'maintain', 'terminate')),
  remarks         text,
  state           text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'completed', 'reviewed')),
  approval_id     bigint REFERENCES approvals (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 0
);
CREATE INDEX relationship_evaluations_customer_idx ON relationship_evaluations (customer_id, id DESC);
CREATE TABLE relationship_comments (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  evaluation_id  bigint NOT NULL REFERENCES relationship_evaluations (id),
  author_id      bigint NOT NULL REFERENCES users (id),
  role           text NOT NULL,
  body           text NOT NULL,
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX relationship_comments_eval_idx ON relationship_comments (evaluation_id, id);
CREATE TABLE relationship_measures (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  evaluation_id  bigint NOT NULL REFERENCES relationship_evaluations (id),
  measure        text NOT NULL,
  owner_id       bigint REFERENCES users (id),
  due_on         date,
  created_by     bigint NOT NULL REFERENCES users (id),
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX relationship_measures_eval_idx ON relationship_measures (evaluation_id, id);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
