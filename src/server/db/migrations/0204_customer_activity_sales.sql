-- REL-11 sales per owner at 1M customers (issue 16: target progress ≤ 300 ms p95). A target's sales
-- are the transactions dated in the period of the customers the owner holds now (sales-by-owner.service),
-- and every REL-11 period is whole months. The activity markers of migration 0180 already hold one
-- row per customer and China month with a transaction or a communication, carrying the customer's
-- current owner and following it through every owner change; they now also carry the month's sales
-- amount (the sum of the customer's transactions dated in that month), so that a department's sales
-- read its owners' markers with a sale from one index (≈ 42,000 for a quarter of a 100,000-customer
-- department) instead of probing the transactions of each of its customers.
--
-- Kept by the same triggers, in the writer's transaction: an inserted statement adds its rows' sums
-- per (customer, month) in key order (concurrent writers add up); a transaction
-- moved (merge) or re-dated takes its amount from the old month to the new one, a changed amount moves
-- the difference, a deleted one takes its amount out — before the old marker is dropped when nothing
-- is left in its month (then its amount is 0). A restore copies the column as it was.
--
-- The table is rebuilt rather than updated in place (every marker with a sale would be rewritten
-- with its two indexes: ≈ 5M rows at 1M customers).
CREATE TABLE customer_activity_months_new (
  customer_id bigint NOT NULL,
  month       date NOT NULL CHECK (month = date_trunc('month', month::timestamp)::date),
  owner_id    bigint,
  amount      numeric(20, 2) NOT NULL DEFAULT 0
);
INSERT INTO customer_activity_months_new (customer_id, month, owner_id, amount)
SELECT a.customer_id, a.month, a.owner_id, coalesce(s.amount, 0)
  FROM customer_activity_months a
  LEFT JOIN (SELECT customer_id, date_trunc('month', date::timestamp)::date AS month, sum(amount) AS amount
               FROM transactions GROUP BY 1, 2) s ON s.customer_id = a.customer_id AND s.month = a.month;
DROP TABLE customer_activity_months;
ALTER TABLE customer_activity_months_new RENAME TO customer_activity_months;
ALTER TABLE customer_activity_months ADD PRIMARY KEY (customer_id, month);
-- a department's retention: its owners' markers of the two periods, index only
CREATE INDEX customer_activity_months_owner_idx ON customer_activity_months (owner_id, month) INCLUDE (customer_id);
-- a department's sales: its owners' markers with a sale in the period, index only (a month with only
-- communications, or whose sales sum to 0, adds nothing to a sum)
CREATE INDEX customer_activity_months_sales_idx ON customer_activity_months (owner_id, month) INCLUDE (customer_id, amount) WHERE amount <> 0;
GRANT SELECT, INSERT, UPDATE, DELETE ON customer_activity_months TO kedang_app;

-- Lock order: a customer's row before its markers, as an owner change takes them (its UPDATE holds the
-- row, its trigger then rewrites the markers) and customer_activity_drop does. A sale that changed a
-- marker's amount before locking the customer could deadlock with a transfer of that customer.

-- Adds amounts to existing markers, one ordered statement (the markers exist: customer_activity_add ran first).
CREATE FUNCTION customer_activity_add_amounts(ids bigint[], months date[], amounts numeric[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM customers WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO customer_activity_months AS a (customer_id, month, owner_id, amount)
  SELECT u.i, u.m, c.owner_id, sum(u.x)
    FROM unnest(ids, months, amounts) AS u(i, m, x) JOIN customers c ON c.id = u.i
   GROUP BY u.i, u.m, c.owner_id
  HAVING sum(u.x) <> 0
   ORDER BY u.i, u.m
  ON CONFLICT (customer_id, month) DO UPDATE SET amount = a.amount + excluded.amount;
END $$;

CREATE OR REPLACE FUNCTION customer_activity_transactions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_activity_add(array_agg(customer_id), array_agg(date_trunc('month', date::timestamp)::date)) FROM new_rows;
  PERFORM customer_activity_add_amounts(array_agg(customer_id), array_agg(date_trunc('month', date::timestamp)::date), array_agg(amount)) FROM new_rows;
  RETURN NULL;
END $$;

-- a transaction moved, re-dated, with a new amount, or deleted
CREATE OR REPLACE FUNCTION customer_activity_transaction_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_month date := date_trunc('month', OLD.date::timestamp)::date;
  new_month date;
  moved boolean := TG_OP = 'DELETE';
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM 1 FROM customers WHERE id IN (OLD.customer_id, NEW.customer_id) ORDER BY id FOR NO KEY UPDATE;
  ELSE
    PERFORM 1 FROM customers WHERE id = OLD.customer_id FOR NO KEY UPDATE;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    new_month := date_trunc('month', NEW.date::timestamp)::date;
    moved := OLD.customer_id IS DISTINCT FROM NEW.customer_id OR old_month IS DISTINCT FROM new_month;
    IF moved THEN
      PERFORM customer_activity_add(ARRAY[NEW.customer_id], ARRAY[new_month]);
    END IF;
  END IF;
  IF OLD.amount <> 0 THEN
    UPDATE customer_activity_months SET amount = amount - OLD.amount WHERE customer_id = OLD.customer_id AND month = old_month;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.amount <> 0 THEN
    UPDATE customer_activity_months SET amount = amount + NEW.amount WHERE customer_id = NEW.customer_id AND month = new_month;
  END IF;
  IF moved THEN
    PERFORM customer_activity_drop(OLD.customer_id, old_month);
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER transactions_activity_moved ON transactions;
CREATE TRIGGER transactions_activity_moved AFTER UPDATE OF customer_id, date, amount ON transactions
  FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id OR OLD.date IS DISTINCT FROM NEW.date OR OLD.amount IS DISTINCT FROM NEW.amount)
  EXECUTE FUNCTION customer_activity_transaction_changed();
