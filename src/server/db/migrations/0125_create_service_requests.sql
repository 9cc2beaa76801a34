-- Service requests (spec 05 SVC-10, seed 002 客服管理系统: 问题记录和分配, 客户服务跟踪): tickets
-- with nature and urgency, routed to a team's queue, SLA deadlines for the first response and the
-- resolution, status history and conversation notes; escalated into a complaint keeping both.
CREATE TABLE service_requests (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_no             text NOT NULL UNIQUE CHECK (request_no ~ '^FW-[0-9]{4}-[0-9]{6,}$'),
  customer_id            bigint REFERENCES customers (id),
  customer_name          text CHECK (length(customer_name) <= 200),
  contact_name           text CHECK (length(contact_name) <= 100),
  contact_phone          text CHECK (length(contact_phone) <= 40),
  channel                text NOT NULL CHECK (channel IN ('phone', 'email', 'onsite', 'online', 'other')),
  category               text NOT NULL CHECK (category IN ('question', 'consultation', 'repair', 'other')),
  urgency                text NOT NULL CHECK (urgency IN ('urgent', 'high', 'normal')),
  subject                text NOT NULL CHECK (length(subject) <= 200),
  description            text NOT NULL CHECK (length(description) <= 4000),
  status                 text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'waiting_customer', 'resolved', 'closed', 'escalated')),
  team_department_id     bigint REFERENCES departments (id),
  assignee_id            bigint REFERENCES users (id),
  received_at            timestamptz NOT NULL,
  received_by            bigint REFERENCES users (id),
  first_response_due_at  timestamptz NOT NULL,
  resolution_due_at      timestamptz NOT NULL,
  first_responded_at     timestamptz,
  resolved_at            timestamptz,
  closed_at              timestamptz,
  resolution             text CHECK (length(resolution) <= 4000),
  escalation_level       smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
  complaint_id           bigint REFERENCES complaints (id),
  escalated_at           timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now(),
  version                integer NOT NULL DEFAULT 1,
  CHECK (customer_id IS NOT NULL OR customer_name IS NOT NULL)
);
-- overdue first: the running ones by their resolution deadline; everything else by id
CREATE INDEX service_requests_running_idx ON service_requests (resolution_due_at, id) WHERE status IN ('open', 'in_progress', 'waiting_customer');
CREATE INDEX service_requests_customer_idx ON service_requests (customer_id, received_at DESC);
CREATE INDEX service_requests_team_idx ON service_requests (team_department_id, id DESC) WHERE team_department_id IS NOT NULL;
CREATE INDEX service_requests_assignee_idx ON service_requests (assignee_id, id DESC);
CREATE INDEX service_requests_received_idx ON service_requests (received_at);

CREATE TABLE service_request_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id  bigint NOT NULL REFERENCES service_requests (id),
  kind        text NOT NULL CHECK (kind IN ('transition', 'note')),
  from_status text,
  to_status   text,
  note_kind   text CHECK (note_kind IN ('internal', 'reply', 'customer')),
  body        text CHECK (length(body) <= 4000),
  actor_id    bigint REFERENCES users (id),
  at          timestamptz NOT NULL
);
CREATE INDEX service_request_events_request_idx ON service_request_events (request_id, id);

-- the complaint a request was escalated into names it (SVC-10: keeping its history)
ALTER TABLE complaints ADD COLUMN service_request_id bigint REFERENCES service_requests (id);

GRANT SELECT, INSERT, UPDATE ON service_requests, service_request_events TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
