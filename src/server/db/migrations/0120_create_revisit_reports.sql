-- REL-7 客户回访报告表 (seed 003 §10.2): after every revisit the visitor files a report with the
-- three kinds of information (the customer's evaluation of us, market demand, suggestions for
-- improving service), a satisfaction score and follow-up actions. A report may come from a
-- revisit task (which it completes), a communication, or a complaint's follow-up (SVC-8, filed by
-- the complaints module through the relations service).
CREATE TABLE revisit_reports (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id         bigint NOT NULL REFERENCES customers (id),
  visited_on          date NOT NULL,
  method              text NOT NULL CHECK (method IN ('visit', 'phone', 'other')),
  visitor_id          bigint NOT NULL REFERENCES users (id),
  contact_ids         bigint[] NOT NULL DEFAULT '{}',
  contacts_met        text,
  evaluation          text NOT NULL,
  market_demand       text,
  service_suggestions text,
  satisfaction        smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  follow_up_actions   text,
  source_type         text CHECK (source_type IN ('task', 'complaint', 'communication')),
  source_id           bigint,
  task_id             bigint REFERENCES tasks (id),
  communication_id    bigint REFERENCES communications (id),
  created_by          bigint REFERENCES users (id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((source_type IS NULL) = (source_id IS NULL))
);
CREATE INDEX revisit_reports_customer_idx ON revisit_reports (customer_id, visited_on DESC, id DESC);
CREATE INDEX revisit_reports_visited_idx ON revisit_reports (visited_on DESC, id DESC);
CREATE INDEX revisit_reports_source_idx ON revisit_reports (source_type, source_id) WHERE source_type IS NOT NULL;

GRANT SELECT, INSERT ON revisit_reports TO kedang_app;
GRANT USAGE, SELECT ON SEQUENCE revisit_reports_id_seq TO kedang_app;
