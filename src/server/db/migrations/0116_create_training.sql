-- Staff training (REL-12, seed 001 九、员工培训): plans per role (客户管理理论, 客户服务技巧, CRM系统使用),
-- sessions with an internal or external trainer, materials (documents by id) and case studies, and an
-- assessment per attendee. A plan is completed by an assessment at or above its pass score.
CREATE TABLE training_plans (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  role        text NOT NULL,
  topic       text NOT NULL CHECK (topic IN ('theory', 'service', 'system')),
  description text,
  required    boolean NOT NULL DEFAULT true,
  pass_score  integer NOT NULL DEFAULT 60 CHECK (pass_score BETWEEN 0 AND 100),
  created_by  bigint REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_plans_role_idx ON training_plans (role) WHERE required;

CREATE TABLE training_sessions (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id               bigint NOT NULL REFERENCES training_plans (id),
  held_on               date NOT NULL,
  trainer_id            bigint REFERENCES users (id),
  trainer_name          text,
  material_document_ids bigint[] NOT NULL DEFAULT '{}',
  case_studies          text,
  created_by            bigint REFERENCES users (id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((trainer_id IS NULL) <> (trainer_name IS NULL))
);
CREATE INDEX training_sessions_held_idx ON training_sessions (held_on DESC, id DESC);
CREATE INDEX training_sessions_plan_idx ON training_sessions (plan_id);

CREATE TABLE training_attendees (
  session_id  bigint NOT NULL REFERENCES training_sessions (id),
  user_id     bigint NOT NULL REFERENCES users (id),
  score       integer CHECK (score BETWEEN 0 AND 100),
  comments    text,
  assessed_by bigint REFERENCES users (id),
  assessed_at timestamptz,
  PRIMARY KEY (session_id, user_id)
);
CREATE INDEX training_attendees_user_idx ON training_attendees (user_id);

GRANT SELECT, INSERT ON training_plans, training_sessions TO kedang_app;
GRANT SELECT, INSERT, UPDATE ON training_attendees TO kedang_app;
GRANT USAGE, SELECT ON SEQUENCE training_plans_id_seq, training_sessions_id_seq TO kedang_app;
