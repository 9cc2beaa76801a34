-- Relationship maintenance (spec 04): the contact cadence per ABC class (REL-2), the
-- communication log (REL-3) and the per-customer contact state behind the contact overview (REL-4).

-- REL-2 分类管理措施: how often each class must be called and visited (seed 000's table).
-- An unclassified customer follows C.
CREATE TABLE cadence_policies (
  abc_class  text PRIMARY KEY CHECK (abc_class IN ('A', 'B', 'C')),
  call_days  integer NOT NULL CHECK (call_days BETWEEN 1 AND 366),
  visit_days integer NOT NULL CHECK (visit_days BETWEEN 1 AND 730),
  version    integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES users (id)
);
INSERT INTO cadence_policies (abc_class, call_days, visit_days) VALUES ('A', 7, 60), ('B', 7, 90), ('C', 14, 120);

-- REL-3 沟通记录: one row per contact with a customer. occurred_at is when it happened (never in
-- the future); created_at and check_in_at are the server's clock.
CREATE TABLE communications (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id       bigint NOT NULL REFERENCES customers (id),
  user_id           bigint NOT NULL REFERENCES users (id),
  channel           text NOT NULL CHECK (channel IN ('phone', 'email', 'visit', 'chat', 'meeting', 'other')),
  occurred_at       timestamptz NOT NULL,
  contact_ids       bigint[] NOT NULL DEFAULT '{}',
  subject           text NOT NULL,
  content           text NOT NULL,
  result            text,
  customer_needs    text,
  attitude          text,
  person_level      text,
  visit_opportunity boolean,
  next_step_due     date,
  next_step_text    text,
  next_step_task_id bigint REFERENCES tasks (id),
  check_in_lat      double precision CHECK (check_in_lat BETWEEN -90 AND 90),
  check_in_lng      double precision CHECK (check_in_lng BETWEEN -180 AND 180),
  check_in_accuracy double precision CHECK (check_in_accuracy >= 0),
  check_in_at       timestamptz,
  photo_document_id bigint REFERENCES documents (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((next_step_due IS NULL) = (next_step_text IS NULL)),
  CHECK ((check_in_lat IS NULL) = (check_in_at IS NULL))
);
CREATE INDEX communications_customer_idx ON communications (customer_id, occurred_at DESC, id DESC);
CREATE INDEX communications_user_idx ON communications (user_id, occurred_at DESC, id DESC);
CREATE INDEX communications_occurred_idx ON communications (occurred_at DESC, id DESC);
CREATE INDEX communications_check_in_idx ON communications (check_in_at) WHERE check_in_at IS NOT NULL;

-- REL-2/REL-4: what the overview reads instead of scanning communications. One row per customer,
-- created with the customer (trigger), kept by the transaction that logs a communication, and
-- recomputed at once when the class or filing date changes (trigger) or the policy changes
-- (one set-based UPDATE in cadence.service). next_due orders the overview: overdue first.
CREATE TABLE contact_states (
  customer_id        bigint PRIMARY KEY REFERENCES customers (id),
  last_call_at       timestamptz,
  last_visit_at      timestamptz,
  next_call_due      date NOT NULL,
  next_visit_due     date NOT NULL,
  next_due           date GENERATED ALWAYS AS (least(next_call_due, next_visit_due)) STORED,
  -- REL-5: the due date a cadence task was last created for (the reminder job creates one per due date)
  call_reminded_for  date,
  visit_reminded_for date
);
CREATE INDEX contact_states_next_due_idx ON contact_states (next_due, customer_id);
CREATE INDEX contact_states_next_visit_idx ON contact_states (next_visit_due, customer_id);

-- The due date of one kind: the last contact's day in China, or the filing day when never contacted.
CREATE FUNCTION cadence_due(last_at timestamptz, filed_on date, days integer) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce((last_at AT TIME ZONE 'Asia/Shanghai')::date, filed_on) + days $$;

CREATE FUNCTION contact_state_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_states (customer_id, next_call_due, next_visit_due)
  SELECT NEW.id, cadence_due(NULL, NEW.filed_on, p.call_days), cadence_due(NULL, NEW.filed_on, p.visit_days)
    FROM cadence_policies p WHERE p.abc_class = coalesce(NEW.abc_class, 'C')
  ON CONFLICT (customer_id) DO UPDATE
    SET next_call_due = cadence_due(contact_states.last_call_at, NEW.filed_on, (SELECT call_days FROM cadence_policies WHERE abc_class = coalesce(NEW.abc_class, 'C'))),
        next_visit_due = cadence_due(contact_states.last_visit_at, NEW.filed_on, (SELECT visit_days FROM cadence_policies WHERE abc_class = coalesce(NEW.abc_class, 'C')));
  RETURN NULL;
END $$;
CREATE TRIGGER customers_contact_state_inserted AFTER INSERT ON customers
  FOR EACH ROW EXECUTE FUNCTION contact_state_sync();
CREATE TRIGGER customers_contact_state_updated AFTER UPDATE OF abc_class, filed_on ON customers
  FOR EACH ROW WHEN (OLD.abc_class IS DISTINCT FROM NEW.abc_class OR OLD.filed_on IS DISTINCT FROM NEW.filed_on)
  EXECUTE FUNCTION contact_state_sync();

INSERT INTO contact_states (customer_id, next_call_due, next_visit_due)
SELECT c.id, cadence_due(NULL, c.filed_on, p.call_days), cadence_due(NULL, c.filed_on, p.visit_days)
  FROM customers c JOIN cadence_policies p ON p.abc_class = coalesce(c.abc_class, 'C');

GRANT SELECT, INSERT, UPDATE, DELETE ON cadence_policies, communications, contact_states TO kedang_app;
