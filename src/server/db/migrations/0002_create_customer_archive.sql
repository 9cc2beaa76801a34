-- The customer archive (ARC-1…ARC-5, ARC-7, ARC-9, ARC-10) and record visibility (SEC-2).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A department manager sees the customers of their department subtree (SEC-2 rule 4).
ALTER TABLE departments ADD COLUMN manager_id bigint REFERENCES users (id);

-- Gap-free archive numbers: one counter row per (prefix, year), incremented inside the
-- creating transaction, so a rolled-back create gives its number back (ARC-2).
CREATE TABLE archive_counters (
  prefix text NOT NULL,
  year   integer NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (prefix, year)
);

CREATE TABLE customers (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  archive_no          text NOT NULL UNIQUE,
  filed_on            date NOT NULL,
  name                text NOT NULL,
  short_name          text,
  customer_type       text NOT NULL,
  source              text,
  referred_by         bigint REFERENCES customers (id),
  owner_id            bigint NOT NULL REFERENCES users (id),
  department_id       bigint NOT NULL REFERENCES departments (id),
  secrecy_level       text NOT NULL DEFAULT 'none',
  lifecycle           text NOT NULL DEFAULT 'active',
  -- contact details
  address             text,
  postal_code         text,
  region              text,
  phone               text,
  fax                 text,
  email               text,
  website             text,
  qq                  text,
  wechat              text,
  -- company profile
  credit_code         text,
  founded_on          date,
  registered_capital  numeric(20, 2),
  shareholders        jsonb NOT NULL DEFAULT '[]',
  bank_name           text,
  bank_account        text,
  employee_count      integer,
  domestic_staff      integer,
  foreign_staff       integer,
  company_nature      text,
  industry            text,
  industry_position   text,
  main_business       text,
  additional_business text,
  main_products       text,
  purchased_varieties text,
  downstream_market   text,
  sales_last_3_years  jsonb NOT NULL DEFAULT '{}',
  cooperation_since   date,
  org_structure       text,
  related_companies   jsonb NOT NULL DEFAULT '[]',
  culture             text,
  developments        text,
  -- our position (grade, tier and class are set by evaluation)
  credit_grade        text,
  tier                text,
  abc_class           text,
  advantages          text,
  disadvantages       text,
  countermeasures     text,
  potential_needs     text,
  remarks             text,
  -- classification for daily work
  category            text,
  status              text,
  stage               text,
  importance          text,
  tags                text[] NOT NULL DEFAULT '{}',
  custom              jsonb NOT NULL DEFAULT '{}',
  -- derived search columns (kept by the service; never computed in an index expression)
  name_norm           text NOT NULL,
  name_pinyin         text NOT NULL DEFAULT '',
  name_initials       text NOT NULL DEFAULT '',
  phone_digits        text NOT NULL DEFAULT '',
  merged_into         bigint REFERENCES customers (id),
  last_transaction_on date,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  created_by          bigint REFERENCES users (id),
  version             integer NOT NULL DEFAULT 0
);
CREATE INDEX customers_owner_idx ON customers (owner_id, id DESC);
CREATE INDEX customers_department_idx ON customers (department_id, id DESC);
CREATE INDEX customers_name_norm_idx ON customers (name_norm);
CREATE INDEX customers_credit_code_idx ON customers (credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX customers_email_idx ON customers (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
CREATE INDEX customers_short_name_trgm ON customers USING gin (short_name gin_trgm_ops);
CREATE INDEX customers_name_pinyin_trgm ON customers USING gin (name_pinyin gin_trgm_ops);
CREATE INDEX customers_name_initials_trgm ON customers USING gin (name_initials gin_trgm_ops);
CREATE INDEX customers_phone_digits_trgm ON customers USING gin (phone_digits gin_trgm_ops);
CREATE INDEX customers_name_pinyin_prefix ON customers (name_pinyin text_pattern_ops);
CREATE INDEX customers_updated_idx ON customers (updated_at DESC, id DESC);

-- Short Chinese queries: one row per distinct 1- and 2-character term of the name and short
-- name (pg_trgm cannot index queries under 3 characters; notes/search-at-scale.md).
-- rank: 0 the whole name or short name, 1 a prefix of either, 2 elsewhere; with name_len it
-- orders matches the way results are ranked, so the first page is read straight off the index.
CREATE TABLE customer_terms (
  term        text NOT NULL,
  rank        smallint NOT NULL,
  name_len    smallint NOT NULL,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  PRIMARY KEY (term, rank, name_len, customer_id)
);
CREATE INDEX customer_terms_customer_idx ON customer_terms (customer_id);

-- Sales users see customers shared with them (SEC-2 rule 2).
CREATE TABLE customer_shares (
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  user_id     bigint NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES users (id),
  PRIMARY KEY (customer_id, user_id)
);
CREATE INDEX customer_shares_user_idx ON customer_shares (user_id, customer_id);

CREATE TABLE contacts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers (id),
  role          text NOT NULL,
  name          text NOT NULL,
  position      text,
  department    text,
  education     text,
  birth_date    date,
  hobbies       text,
  family        text,
  mobile        text,
  direct_phone  text,
  email         text,
  qq            text,
  wechat        text,
  anniversaries jsonb NOT NULL DEFAULT '[]',
  notes         text,
  phone_digits  text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 0
);
CREATE INDEX contacts_customer_idx ON contacts (customer_id, id);
CREATE INDEX contacts_name_idx ON contacts (name text_pattern_ops);
CREATE INDEX contacts_phone_digits_trgm ON contacts USING gin (phone_digits gin_trgm_ops);

CREATE TABLE transactions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers (id),
  tx_no        text NOT NULL,
  date         date NOT NULL,
  place        text,
  amount       numeric(20, 2) NOT NULL,
  handled_by   bigint REFERENCES users (id),
  breach       boolean NOT NULL DEFAULT false,
  breach_note  text,
  remarks      text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint REFERENCES users (id)
);
CREATE INDEX transactions_customer_date_idx ON transactions (customer_id, date DESC, id DESC);
CREATE UNIQUE INDEX transactions_customer_tx_no_key ON transactions (customer_id, tx_no);

CREATE TABLE transaction_lines (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id bigint NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
  line_no        integer NOT NULL,
  product        text NOT NULL,
  spec           text,
  quantity       numeric(20, 4) NOT NULL,
  unit           text,
  price          numeric(20, 4) NOT NULL
);
CREATE INDEX transaction_lines_tx_idx ON transaction_lines (transaction_id, line_no);

CREATE TABLE feedback (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  channel     text NOT NULL,
  date        date NOT NULL,
  content     text NOT NULL,
  category    text NOT NULL,
  sentiment   text NOT NULL,
  handled_by  bigint REFERENCES users (id),
  follow_up   text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES users (id)
);
CREATE INDEX feedback_customer_idx ON feedback (customer_id, date DESC, id DESC);

-- Every change to an archive or a contact, field by field (ARC-7).
CREATE TABLE customer_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  version     integer NOT NULL,
  entity      text NOT NULL,
  entity_id   text NOT NULL,
  changes     jsonb NOT NULL,
  snapshot    jsonb,
  actor_id    bigint REFERENCES users (id),
  at          timestamptz NOT NULL
);
CREATE INDEX customer_history_customer_idx ON customer_history (customer_id, id DESC);

-- Custom fields defined by an administrator (ARC-1).
CREATE TABLE custom_fields (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  label      text NOT NULL,
  type       text NOT NULL,
  options    text[] NOT NULL DEFAULT '{}',
  required   boolean NOT NULL DEFAULT false,
  disabled   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  version    integer NOT NULL DEFAULT 0
);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
