-- Rewards (REL-10, seed 001 客户奖励): reward plans (points per amount purchased, by tier; coupons
-- and gifts redeemable for points), an append-only points ledger per customer and its balance.

-- A plan is in force between valid_from and valid_to (China dates, inclusive; open-ended when
-- valid_to is null) for one customer type, or company-wide when customer_type is null. At most one
-- plan per scope is in force on any day (checked by the service under an advisory lock); a
-- customer type's own plan wins over the company-wide one.
CREATE TABLE reward_plans (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  customer_type       text,
  valid_from          date NOT NULL,
  valid_to            date CHECK (valid_to IS NULL OR valid_to >= valid_from),
  -- [{ "from": "0.00", "pointsPer100": "1" }, …]: marginal rates over the purchases in the plan period
  tiers               jsonb NOT NULL,
  -- earned points expire this many months after they were earned (FIFO); null: never
  points_valid_months integer CHECK (points_valid_months IS NULL OR points_valid_months BETWEEN 1 AND 120),
  -- coupons and gifts redeemable for points: [{ "kind": "coupon"|"gift", "name": "…", "points": 100 }]
  rewards             jsonb NOT NULL DEFAULT '[]',
  description         text,
  disabled            boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          bigint REFERENCES users (id),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  version             integer NOT NULL DEFAULT 1
);
CREATE INDEX reward_plans_valid_idx ON reward_plans (valid_from, valid_to);

-- The ledger: one row per earning, redemption, expiry or adjustment; never changed, never deleted.
-- delta is the signed effect on the balance (earn > 0; redeem, expire < 0; adjust either).
CREATE TABLE points_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id     bigint NOT NULL REFERENCES customers (id),
  kind            text NOT NULL CHECK (kind IN ('earn', 'redeem', 'expire', 'adjust')),
  delta           integer NOT NULL CHECK (delta <> 0 AND (kind <> 'earn' OR delta > 0) AND (kind NOT IN ('redeem', 'expire') OR delta < 0)),
  reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  at              timestamptz NOT NULL DEFAULT now(),
  by_id           bigint REFERENCES users (id),          -- null: written by a job
  plan_id         bigint REFERENCES reward_plans (id),
  transaction_id  bigint UNIQUE REFERENCES transactions (id),  -- earnings from a purchase: once per transaction
  expires_at      timestamptz                           -- lots (positive entries): when what is left of them expires
);
CREATE INDEX points_entries_customer_idx ON points_entries (customer_id, at DESC, id DESC);
CREATE INDEX points_entries_expiring_idx ON points_entries (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX points_entries_plan_idx ON points_entries (plan_id) WHERE plan_id IS NOT NULL;

-- Append-only, enforced here and not only in code: as the audit trail (SEC-10), kedang_app may
-- not UPDATE, DELETE or TRUNCATE the ledger, and a trigger refuses it for anyone else as well.
GRANT SELECT, INSERT ON points_entries TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON points_entries FROM kedang_app;
CREATE FUNCTION points_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the points ledger is append-only (REL-10): write an adjustment instead' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER points_entries_no_update BEFORE UPDATE ON points_entries FOR EACH ROW EXECUTE FUNCTION points_entries_append_only();
CREATE TRIGGER points_entries_no_delete BEFORE DELETE ON points_entries FOR EACH ROW EXECUTE FUNCTION points_entries_append_only();
CREATE TRIGGER points_entries_no_truncate BEFORE TRUNCATE ON points_entries FOR EACH STATEMENT EXECUTE FUNCTION points_entries_append_only();

-- The balance, kept with each entry in the same transaction; its row is locked FOR UPDATE by every
-- writer, so concurrent redemptions on one customer are serialised and never overdraw it.
CREATE TABLE points_balances (
  customer_id  bigint PRIMARY KEY REFERENCES customers (id),
  balance      integer NOT NULL DEFAULT 0 CHECK (balance >= 0),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Every transaction the earnings job has looked at, once (the idempotency key: a second run or a
-- second instance finds the row and skips it), with what it earned — zero included.
CREATE TABLE points_credits (
  transaction_id  bigint PRIMARY KEY REFERENCES transactions (id),
  plan_id         bigint REFERENCES reward_plans (id),
  points          integer NOT NULL DEFAULT 0,
  at              timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE, DELETE ON reward_plans, points_balances, points_credits TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
