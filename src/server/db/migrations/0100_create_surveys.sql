-- Satisfaction surveys (REL-9, seed 001 满意度): templates versioned under their answers, surveys
-- sent by link or asked on the phone, one response per survey with its average rating.
CREATE TABLE survey_templates (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  is_default  boolean NOT NULL DEFAULT false,
  disabled    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX survey_templates_one_default ON survey_templates (is_default) WHERE is_default;

-- A template's questions as they were when a survey was sent: a template in use is never changed
-- under its answers; an edit makes a new version.
CREATE TABLE survey_template_versions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  template_id  bigint NOT NULL REFERENCES survey_templates (id),
  number       integer NOT NULL,
  questions    jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint REFERENCES users (id),
  UNIQUE (template_id, number)
);

CREATE TABLE surveys (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id          bigint NOT NULL REFERENCES customers (id),
  template_id          bigint NOT NULL REFERENCES survey_templates (id),
  template_version_id  bigint NOT NULL REFERENCES survey_template_versions (id),
  channel              text NOT NULL CHECK (channel IN ('link', 'phone')),
  state                text NOT NULL DEFAULT 'sent' CHECK (state IN ('sent', 'answered', 'expired', 'cancelled')),
  owner_id             bigint REFERENCES users (id),   -- the customer's owner when it was sent
  sent_by              bigint REFERENCES users (id),   -- null: sent by the periodic job
  sent_at              timestamptz NOT NULL DEFAULT now(),
  token_hash           bytea UNIQUE,                   -- link surveys only; the token itself is never stored
  link_expires_at      timestamptz,
  period               text,                           -- periodic surveys: '2026-Q4', '2026-H2', '2026'
  version              integer NOT NULL DEFAULT 1
);
CREATE INDEX surveys_customer_idx ON surveys (customer_id, sent_at DESC);
CREATE UNIQUE INDEX surveys_one_periodic ON surveys (customer_id, period) WHERE period IS NOT NULL;

-- One response per survey (a second is 409). owner_id is the customer's owner when it was answered;
-- avg_rating the mean of its rating answers (null when it has none).
CREATE TABLE survey_responses (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survey_id     bigint NOT NULL UNIQUE REFERENCES surveys (id),
  customer_id   bigint NOT NULL REFERENCES customers (id),
  owner_id      bigint REFERENCES users (id),
  avg_rating    numeric(4, 2) CHECK (avg_rating BETWEEN 1 AND 5),
  answers       jsonb NOT NULL,
  recorded_by   bigint REFERENCES users (id),          -- null: the customer through the public link
  responded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_responses_owner_idx ON survey_responses (owner_id, responded_at);
CREATE INDEX survey_responses_at_idx ON survey_responses (responded_at);

-- The default template of a fresh install: service quality, product quality, communication.
WITH t AS (
  INSERT INTO survey_templates (name, is_default) VALUES ('客户满意度调查（默认）', true) RETURNING id
)
INSERT INTO survey_template_versions (template_id, number, questions)
SELECT id, 1, '[
  {"id": "service",       "kind": "rating", "text": "服务质量"},
  {"id": "product",       "kind": "rating", "text": "产品质量"},
  {"id": "communication", "kind": "rating", "text": "沟通"},
  {"id": "comments",      "kind": "text",   "text": "意见和建议"}
]'::jsonb FROM t;
