-- SAL-2 opportunities (销售机会), SAL-3 contracts (合同管理) with the counterparty checklist
-- (seed 003 9.1), instalments that become receivables when the contract is signed (SAL-1).

-- Stage probabilities are the company's (defaults 10/25/50/75/90/100/0, SAL-2).
CREATE TABLE sales_settings (
  id                  integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  stage_probabilities jsonb NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          bigint REFERENCES users (id)
);
INSERT INTO sales_settings (stage_probabilities)
VALUES ('{"initial":10,"needs":25,"proposal":50,"negotiation":75,"signing":90,"won":100,"lost":0}');

CREATE TABLE opportunities (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id       bigint NOT NULL REFERENCES customers (id),
  owner_id          bigint NOT NULL REFERENCES users (id),
  title             text NOT NULL,
  expected_amount   numeric(20, 2) NOT NULL CHECK (expected_amount >= 0),
  expected_close_on date NOT NULL,
  stage             text NOT NULL CHECK (stage IN ('initial', 'needs', 'proposal', 'negotiation', 'signing', 'won', 'lost')),
  probability       integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
  lost_reason       text,
  closed_on         date,
  created_at        timestamptz NOT NULL,
  created_by        bigint REFERENCES users (id),
  updated_at        timestamptz NOT NULL,
  version           integer NOT NULL DEFAULT 0,
  CHECK (stage <> 'lost' OR lost_reason IS NOT NULL)
);
CREATE INDEX opportunities_customer_idx ON opportunities (customer_id, id DESC);
CREATE INDEX opportunities_owner_stage_idx ON opportunities (owner_id, stage, id DESC);
-- EVA-7: the best open stage of a customer's opportunities is its deal likelihood
CREATE INDEX opportunities_open_idx ON opportunities (customer_id, probability) WHERE stage NOT IN ('won', 'lost');

CREATE TABLE contracts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_no     text NOT NULL UNIQUE,
  customer_id     bigint NOT NULL REFERENCES customers (id),
  owner_id        bigint NOT NULL REFERENCES users (id),
  title           text NOT NULL,
  amount          numeric(20, 2) NOT NULL CHECK (amount > 0),
  signatory       text NOT NULL,
  state           text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'signed', 'completed', 'cancelled')),
  checklist       jsonb NOT NULL DEFAULT '{"legalStatus":false,"businessScope":false,"capacity":false,"credit":false,"signatoryAuthority":false}',
  signed_on       date,
  signed_by       bigint REFERENCES users (id),
  transaction_id  bigint REFERENCES transactions (id),
  opportunity_id  bigint REFERENCES opportunities (id),
  created_at      timestamptz NOT NULL,
  created_by      bigint REFERENCES users (id),
  updated_at      timestamptz NOT NULL,
  version         integer NOT NULL DEFAULT 0,
  CHECK (state = 'draft' OR signed_on IS NOT NULL)
);
CREATE INDEX contracts_customer_idx ON contracts (customer_id, id DESC);
CREATE INDEX contracts_owner_idx ON contracts (owner_id, id DESC);

CREATE TABLE contract_lines (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES contracts (id),
  line_no     integer NOT NULL,
  product     text NOT NULL,
  spec        text,
  quantity    numeric(20, 4) NOT NULL CHECK (quantity > 0),
  unit        text NOT NULL,
  price       numeric(20, 4) NOT NULL CHECK (price >= 0),
  delivered   numeric(20, 4) NOT NULL DEFAULT 0 CHECK (delivered >= 0),
  UNIQUE (contract_id, line_no)
);

CREATE TABLE contract_instalments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES contracts (id),
  line_no     integer NOT NULL,
  due_on      date NOT NULL,
  amount      numeric(20, 2) NOT NULL CHECK (amount > 0),
  payment_id  bigint REFERENCES payments (id),
  UNIQUE (contract_id, line_no)
);

-- A manager's waiver of one unchecked checklist item, with the reason (audited too).
CREATE TABLE contract_waivers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES contracts (id),
  item        text NOT NULL CHECK (item IN ('legalStatus', 'businessScope', 'capacity', 'credit', 'signatoryAuthority')),
  reason      text NOT NULL,
  waived_by   bigint NOT NULL REFERENCES users (id),
  waived_at   timestamptz NOT NULL,
  UNIQUE (contract_id, item)
);

-- A signed contract is a transaction in the performance archive; its instalments are payments due.
ALTER TABLE transactions ADD COLUMN contract_id bigint REFERENCES contracts (id);

-- SAL-1 receivables: unpaid, not written-off instalments by due date (aging, overdue lists).
CREATE INDEX payments_unpaid_due_idx ON payments (due_on, id) WHERE paid_on IS NULL AND NOT bad_debt;

GRANT SELECT, INSERT, UPDATE ON sales_settings, opportunities, contracts, contract_lines, contract_instalments, contract_waivers TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;

-- ANA-1 商品构成: a product category on transaction lines (optional).
ALTER TABLE transaction_lines ADD COLUMN category text;
