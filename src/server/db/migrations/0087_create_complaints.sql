-- Complaints (spec 05, seed 000 客户投诉处理方案): the 客户投诉记录单 (intake), the 客户投诉处理单
-- (assignment, investigation, plan, result, opinions, the customer's sign-off), the 回访 and
-- every transition with who, when and a comment; the on-duty rota (轮班) for 24-hour intake.
CREATE TABLE complaints (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  complaint_no              text NOT NULL UNIQUE CHECK (complaint_no ~ '^TS-[0-9]{4}-[0-9]{6,}$'),
  customer_id               bigint REFERENCES customers (id),
  customer_name             text CHECK (length(customer_name) <= 200),
  contact_name              text CHECK (length(contact_name) <= 100),
  contact_phone             text CHECK (length(contact_phone) <= 40),
  business_address          text CHECK (length(business_address) <= 300),
  channel                   text NOT NULL CHECK (channel IN ('phone', 'email', 'onsite', 'online', 'other')),
  category                  text NOT NULL DEFAULT 'other' CHECK (category IN ('quality', 'delivery', 'service', 'price', 'billing', 'other')),
  received_at               timestamptz NOT NULL,
  received_by               bigint REFERENCES users (id),
  receiving_department_id   bigint REFERENCES departments (id),
  handler_id                bigint REFERENCES users (id),
  reason                    text NOT NULL CHECK (length(reason) <= 4000),
  demand                    text NOT NULL CHECK (length(demand) <= 2000),
  products                  jsonb NOT NULL DEFAULT '[]',
  state                     text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'analysing', 'explained', 'assigned', 'investigating', 'plan_proposed', 'plan_approved', 'implementing', 'resolved', 'followed_up', 'closed')),
  severity                  text CHECK (severity IN ('urgent', 'high', 'normal')),
  responsible_department_id bigint REFERENCES departments (id),
  handling_no               text UNIQUE,
  started_at                timestamptz NOT NULL, -- when the promised time starts running (receipt, or the reopening)
  deadline_at               timestamptz,
  deadline_told_at          timestamptz,
  escalation_level          smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
  approval_id               bigint REFERENCES approvals (id),
  explanation               text,
  customer_acknowledged     boolean,
  cause                     text,
  plan                      text,
  resolution_kind           text CHECK (resolution_kind IN ('compensation', 'return', 'discount', 'repair', 'apology', 'other')),
  loss_amount               numeric(20, 2) CHECK (loss_amount >= 0),
  sign_off                  jsonb,
  receiver_opinion          text,
  manager_opinion           text,
  customer_opinion          text,
  resolved_at               timestamptz,
  satisfaction              smallint CHECK (satisfaction BETWEEN 1 AND 5),
  follow_up_comments        text,
  followed_up_at            timestamptz,
  revisit_task_id           bigint REFERENCES tasks (id),
  closed_at                 timestamptz,
  created_at                timestamptz NOT NULL DEFAULT now(),
  version                   integer NOT NULL DEFAULT 1,
  CHECK (customer_id IS NOT NULL OR customer_name IS NOT NULL)
);
-- overdue first: the open complaints by deadline (SVC-6); everything else by id
CREATE INDEX complaints_open_deadline_idx ON complaints (deadline_at, id)
  WHERE state IN ('received', 'analysing', 'assigned', 'investigating', 'plan_proposed', 'plan_approved', 'implementing');
CREATE INDEX complaints_customer_idx ON complaints (customer_id, received_at DESC);
CREATE INDEX complaints_department_idx ON complaints (responsible_department_id, id DESC) WHERE responsible_department_id IS NOT NULL;
CREATE INDEX complaints_handler_idx ON complaints (handler_id, id DESC);
CREATE INDEX complaints_received_idx ON complaints (received_at);
CREATE INDEX complaints_state_idx ON complaints (state, id DESC);

CREATE TABLE complaint_transitions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  complaint_id bigint NOT NULL REFERENCES complaints (id),
  from_state   text NOT NULL,
  to_state     text NOT NULL, -- what was asked (a state, or 'reopened')
  state        text NOT NULL, -- the state after the step
  actor_id     bigint REFERENCES users (id),
  at           timestamptz NOT NULL,
  comment      text,
  data         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX complaint_transitions_complaint_idx ON complaint_transitions (complaint_id, id);

CREATE TABLE complaint_rota (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  position   integer NOT NULL,
  user_id    bigint NOT NULL REFERENCES users (id),
  weekday    smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_hour smallint NOT NULL CHECK (start_hour BETWEEN 0 AND 23),
  end_hour   smallint NOT NULL CHECK (end_hour BETWEEN 1 AND 24 AND end_hour > start_hour)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON complaints, complaint_transitions, complaint_rota TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
