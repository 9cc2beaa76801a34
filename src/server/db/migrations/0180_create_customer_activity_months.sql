-- REL-11 retention at 1M customers (issue 16: target progress ≤ 300 ms p95). A customer is active
-- in a period when it had a transaction dated in it or a communication that occurred in it (China
-- time, targets.rules isActive). Periods are whole months, quarters or years, so "active in a period"
-- is "active in one of its months": this table holds one row per customer and month (China) with any
-- activity, carrying the customer's current owner so that a department's retention reads the markers
-- of its owners' customers from one index instead of every transaction and communication of the
-- two periods (≈ 830,000 of them at 1M customers).
--
-- Kept in the transaction that writes the activity, by triggers, so that every writer counts
-- (the API, imports, merges, the demo and benchmark loaders' COPY, tests' direct inserts):
--   * a new transaction or communication adds its (customer, month); a statement trigger with the
--     inserted rows, so a COPY of millions adds its markers in one statement per COPY;
--   * a moved or deleted one adds the new (customer, month) and drops the old one when nothing else
--     of that customer is left in that month (row triggers: only merges move transactions);
--   * a change of owner rewrites the owner of the customer's markers.
-- A marker takes its owner from the customer's row locked FOR NO KEY UPDATE (only when the marker is
-- new), so it cannot race an owner change still uncommitted: whichever commits first, the other
-- waits for it and sees its owner. A restore copies the table as it was (it runs with triggers off).
CREATE TABLE customer_activity_months (
  customer_id bigint NOT NULL,
  month       date NOT NULL CHECK (month = date_trunc('month', month::timestamp)::date),
  owner_id    bigint
);

INSERT INTO customer_activity_months (customer_id, month, owner_id)
SELECT a.customer_id, a.month, c.owner_id
  FROM (SELECT customer_id, date_trunc('month', date::timestamp)::date AS month FROM transactions
        UNION
        SELECT customer_id, date_trunc('month', occurred_at AT TIME ZONE 'Asia/Shanghai')::date FROM communications) a
  JOIN customers c ON c.id = a.customer_id;
ALTER TABLE customer_activity_months ADD PRIMARY KEY (customer_id, month);
-- a department's retention: its owners' markers of the two periods, index only
CREATE INDEX customer_activity_months_owner_idx ON customer_activity_months (owner_id, month) INCLUDE (customer_id);

-- Adds the markers of (customer, month) pairs; a new marker takes the owner of the customer's row,
-- waiting for an owner change in progress (see above).
CREATE FUNCTION customer_activity_add(ids bigint[], months date[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  new_ids bigint[];
  new_months date[];
BEGIN
  WITH wanted AS (SELECT DISTINCT u.i, u.m FROM unnest(ids, months) AS u(i, m)),
  created AS (
    INSERT INTO customer_activity_months (customer_id, month, owner_id)
    SELECT w.i, w.m, c.owner_id FROM wanted w JOIN customers c ON c.id = w.i
    ON CONFLICT DO NOTHING RETURNING customer_id, month)
  SELECT array_agg(customer_id), array_agg(month) INTO new_ids, new_months FROM created;
  IF new_ids IS NULL THEN RETURN; END IF;
  UPDATE customer_activity_months a SET owner_id = c.owner_id
    FROM (SELECT id, owner_id FROM customers WHERE id = ANY(new_ids) ORDER BY id FOR NO KEY UPDATE) c,
         unnest(new_ids, new_months) AS u(i, m)
   WHERE a.customer_id = c.id AND u.i = c.id AND a.month = u.m AND a.owner_id IS DISTINCT FROM c.owner_id;
END $$;

-- Drops the marker of (customer, month) when the customer has no transaction and no communication
-- left in that month (China).
CREATE FUNCTION customer_activity_drop(cid bigint, mon date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM customers WHERE id = cid FOR NO KEY UPDATE;
  IF EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = cid AND t.date >= mon AND t.date < (mon + interval '1 month')::date)
     OR EXISTS (SELECT 1 FROM communications m WHERE m.customer_id = cid
                  AND m.occurred_at >= (mon::timestamp AT TIME ZONE 'Asia/Shanghai')
                  AND m.occurred_at < ((mon + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai')) THEN
    RETURN;
  END IF;
  DELETE FROM customer_activity_months WHERE customer_id = cid AND month = mon;
END $$;

CREATE FUNCTION customer_activity_transactions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_activity_add(array_agg(customer_id), array_agg(date_trunc('month', date::timestamp)::date)) FROM new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER transactions_activity_inserted AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_activity_transactions_inserted();

CREATE FUNCTION customer_activity_transaction_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM customer_activity_add(ARRAY[NEW.customer_id], ARRAY[date_trunc('month', NEW.date::timestamp)::date]);
  END IF;
  PERFORM customer_activity_drop(OLD.customer_id, date_trunc('month', OLD.date::timestamp)::date);
  RETURN NULL;
END $$;
CREATE TRIGGER transactions_activity_moved AFTER UPDATE OF customer_id, date ON transactions
  FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id OR OLD.date IS DISTINCT FROM NEW.date)
  EXECUTE FUNCTION customer_activity_transaction_changed();
CREATE TRIGGER transactions_activity_deleted AFTER DELETE ON transactions
  FOR EACH ROW EXECUTE FUNCTION customer_activity_transaction_changed();

CREATE FUNCTION customer_activity_communications_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_activity_add(array_agg(customer_id), array_agg(date_trunc('month', occurred_at AT TIME ZONE 'Asia/Shanghai')::date)) FROM new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER communications_activity_inserted AFTER INSERT ON communications
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_activity_communications_inserted();

CREATE FUNCTION customer_activity_communication_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM customer_activity_add(ARRAY[NEW.customer_id], ARRAY[date_trunc('month', NEW.occurred_at AT TIME ZONE 'Asia/Shanghai')::date]);
  END IF;
  PERFORM customer_activity_drop(OLD.customer_id, date_trunc('month', OLD.occurred_at AT TIME ZONE 'Asia/Shanghai')::date);
  RETURN NULL;
END $$;
CREATE TRIGGER communications_activity_moved AFTER UPDATE OF customer_id, occurred_at ON communications
  FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at)
  EXECUTE FUNCTION customer_activity_communication_changed();
CREATE TRIGGER communications_activity_deleted AFTER DELETE ON communications
  FOR EACH ROW EXECUTE FUNCTION customer_activity_communication_changed();

-- the markers follow their customer to a new owner (transfers, bulk owner changes, the open pool)
CREATE FUNCTION customer_activity_owner_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE customer_activity_months SET owner_id = NEW.owner_id WHERE customer_id = NEW.id AND owner_id IS DISTINCT FROM NEW.owner_id;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_activity_owner_changed AFTER UPDATE OF owner_id ON customers
  FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
  EXECUTE FUNCTION customer_activity_owner_changed();

GRANT SELECT, INSERT, UPDATE, DELETE ON customer_activity_months TO kedang_app;
