-- Periodic satisfaction surveys per ABC class (REL-9): default A quarterly, B half-yearly, C yearly;
-- administrators change the frequency (or switch a class off) and the template used.
CREATE TABLE survey_schedules (
  abc_class    text PRIMARY KEY CHECK (abc_class IN ('A', 'B', 'C')),
  frequency    text NOT NULL CHECK (frequency IN ('quarter', 'half', 'year', 'off')),
  template_id  bigint REFERENCES survey_templates (id),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   bigint REFERENCES users (id)
);
INSERT INTO survey_schedules (abc_class, frequency) VALUES ('A', 'quarter'), ('B', 'half'), ('C', 'year');

-- The list reads newest first; the periodic job's worklist and the results read by state and time.
CREATE INDEX surveys_sent_idx ON surveys (id DESC) WHERE state = 'sent';
CREATE INDEX survey_responses_customer_idx ON survey_responses (customer_id, responded_at);
