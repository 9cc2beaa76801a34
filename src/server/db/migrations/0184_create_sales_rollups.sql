-- ANA-4 SAL-1 issue 15: pre-aggregated sales and receivables, kept by the database itself.
--
-- sales_daily          sales per (day, customer): amount and count of transactions
-- product_sales_daily  product-line sales per (day, customer, product, category)
-- open_receivables     unpaid, not written-off instalments per (customer, due date): count, amount
--
-- Kept by statement-level triggers with transition tables on transactions, transaction_lines and
-- payments, in the same transaction as the write — so every writer (the API, imports, contract
-- signing, bad-debt write-off, destruction's purge, the demo and benchmark loaders' COPY) keeps
-- them without knowing they exist. Each statement's rows are summed per key first and applied as
-- one ordered upsert of deltas (concurrent writers add, never overwrite; rows come in key order, so
-- two multi-row statements do not deadlock on each other); keys whose count falls to 0 are removed.
--
-- The grain is a day, not a month: the composition's periods are any two days, and at the
-- benchmark's shape (5 sales per customer in 3 years) a (customer, month) pair holds one sale as
-- often as a (customer, day) pair does — a month would compress nothing and leave partial months
-- to read from the transactions. What the rollups save is width (40 bytes a row instead of the
-- transaction's ~150 with its line) and, for products, the join of 5M transactions to 5M lines.
-- Backup restore copies them as they were (triggers off), like every table.
CREATE TABLE sales_daily (
  day          date NOT NULL,
  customer_id  bigint NOT NULL,
  amount       numeric(20, 2) NOT NULL,
  tx_count     integer NOT NULL,
  PRIMARY KEY (day, customer_id) INCLUDE (amount)
);
-- a sales rep's few customers: their sales in a period by index
CREATE INDEX sales_daily_customer_idx ON sales_daily (customer_id, day) INCLUDE (amount);

CREATE TABLE product_sales_daily (
  day          date NOT NULL,
  customer_id  bigint NOT NULL,
  product      text NOT NULL,
  category     text,
  amount       numeric NOT NULL,
  line_count   integer NOT NULL,
  CONSTRAINT product_sales_daily_key UNIQUE NULLS NOT DISTINCT (day, customer_id, product, category)
);
CREATE INDEX product_sales_daily_customer_idx ON product_sales_daily (customer_id, day);

CREATE TABLE open_receivables (
  customer_id  bigint NOT NULL,
  due_on       date NOT NULL,
  count        integer NOT NULL,
  amount       numeric(20, 2) NOT NULL,
  PRIMARY KEY (customer_id, due_on) INCLUDE (count, amount)
);

-- The customer attributes the compositions group by and the aging filters on, in one narrow
-- index: joining a million sums to it reads ~60 MB of index instead of the customers' heap.
CREATE INDEX customers_analytics_idx ON customers (id) INCLUDE (lifecycle, merged_into, secrecy_level, abc_class, owner_id, department_id, credit_grade, tier, region);
-- the few archives a composition leaves out (merged, invalid, in the recycle bin…): the gm's
-- composition subtracts these instead of joining every customer
CREATE INDEX customers_unlisted_idx ON customers (id) WHERE merged_into IS NOT NULL OR lifecycle NOT IN ('active', 'dormant');

-- ---- sales_daily ----------------------------------------------------------------------------------
CREATE FUNCTION kedang_sales_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO sales_daily AS s (day, customer_id, amount, tx_count)
    SELECT n.date, n.customer_id, sum(n.amount), count(*) FROM new_rows n GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, customer_id) DO UPDATE SET amount = s.amount + EXCLUDED.amount, tx_count = s.tx_count + EXCLUDED.tx_count;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- only rows whose day, customer or amount changed (the purge blanks text columns: nothing moves)
    PERFORM 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.date, o.customer_id, o.amount) IS DISTINCT FROM (n.date, n.customer_id, n.amount) LIMIT 1;
    IF NOT FOUND THEN RETURN NULL; END IF;
    INSERT INTO sales_daily AS s (day, customer_id, amount, tx_count)
    SELECT day, customer_id, sum(amount), sum(k) FROM (
      SELECT n.date AS day, n.customer_id, n.amount, 1 AS k FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.date, o.customer_id, o.amount) IS DISTINCT FROM (n.date, n.customer_id, n.amount)
      UNION ALL
      SELECT o.date, o.customer_id, -o.amount, -1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.date, o.customer_id, o.amount) IS DISTINCT FROM (n.date, n.customer_id, n.amount)) d
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, customer_id) DO UPDATE SET amount = s.amount + EXCLUDED.amount, tx_count = s.tx_count + EXCLUDED.tx_count;
    DELETE FROM sales_daily s USING old_rows o WHERE s.day = o.date AND s.customer_id = o.customer_id AND s.tx_count <= 0;
    -- a transaction moved to another day or customer moves its product lines
    INSERT INTO product_sales_daily AS s (day, customer_id, product, category, amount, line_count)
    SELECT day, customer_id, product, category, sum(amount), sum(k) FROM (
      SELECT n.date AS day, n.customer_id, l.product, l.category, l.quantity * l.price AS amount, 1 AS k
        FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN transaction_lines l ON l.transaction_id = n.id WHERE (o.date, o.customer_id) IS DISTINCT FROM (n.date, n.customer_id)
      UNION ALL
      SELECT o.date, o.customer_id, l.product, l.category, -(l.quantity * l.price), -1
        FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN transaction_lines l ON l.transaction_id = n.id WHERE (o.date, o.customer_id) IS DISTINCT FROM (n.date, n.customer_id)) d
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, customer_id, product, category) DO UPDATE SET amount = s.amount + EXCLUDED.amount, line_count = s.line_count + EXCLUDED.line_count;
    DELETE FROM product_sales_daily s USING old_rows o WHERE s.day = o.date AND s.customer_id = o.customer_id AND s.line_count <= 0;
    -- and a transaction moved to another customer moves its open instalments
    INSERT INTO open_receivables AS r (customer_id, due_on, count, amount)
    SELECT customer_id, due_on, sum(k), sum(amount) FROM (
      SELECT n.customer_id, p.due_on, 1 AS k, p.amount FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN payments p ON p.transaction_id = n.id
       WHERE o.customer_id <> n.customer_id AND p.paid_on IS NULL AND NOT p.bad_debt
      UNION ALL
      SELECT o.customer_id, p.due_on, -1, -p.amount FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN payments p ON p.transaction_id = n.id
       WHERE o.customer_id <> n.customer_id AND p.paid_on IS NULL AND NOT p.bad_debt) d
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (customer_id, due_on) DO UPDATE SET count = r.count + EXCLUDED.count, amount = r.amount + EXCLUDED.amount;
    DELETE FROM open_receivables r USING old_rows o WHERE r.customer_id = o.customer_id AND r.count <= 0;
    RETURN NULL;
  END IF;
  -- DELETE (the product lines went first, by cascade or by hand: kedang_product_lines_before_tx_delete)
  INSERT INTO sales_daily AS s (day, customer_id, amount, tx_count)
  SELECT o.date, o.customer_id, -sum(o.amount), -count(*) FROM old_rows o GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, customer_id) DO UPDATE SET amount = s.amount + EXCLUDED.amount, tx_count = s.tx_count + EXCLUDED.tx_count;
  DELETE FROM sales_daily s USING old_rows o WHERE s.day = o.date AND s.customer_id = o.customer_id AND s.tx_count <= 0;
  RETURN NULL;
END $$;

CREATE TRIGGER sales_daily_insert AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_sales_daily_apply();
CREATE TRIGGER sales_daily_update AFTER UPDATE ON transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_sales_daily_apply();
CREATE TRIGGER sales_daily_delete AFTER DELETE ON transactions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_sales_daily_apply();

-- A deleted transaction's lines leave the product rollup while the transaction still names their
-- day and customer (its lines' own trigger then finds no transaction and skips them).
CREATE FUNCTION kedang_product_lines_before_tx_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO product_sales_daily AS s (day, customer_id, product, category, amount, line_count)
  SELECT OLD.date, OLD.customer_id, l.product, l.category, -sum(l.quantity * l.price), -count(*)
    FROM transaction_lines l WHERE l.transaction_id = OLD.id GROUP BY 3, 4 ORDER BY 3, 4
  ON CONFLICT (day, customer_id, product, category) DO UPDATE SET amount = s.amount + EXCLUDED.amount, line_count = s.line_count + EXCLUDED.line_count;
  DELETE FROM product_sales_daily s WHERE s.day = OLD.date AND s.customer_id = OLD.customer_id AND s.line_count <= 0;
  RETURN OLD;
END $$;
CREATE TRIGGER product_sales_daily_tx_delete BEFORE DELETE ON transactions FOR EACH ROW EXECUTE FUNCTION kedang_product_lines_before_tx_delete();

-- ---- product_sales_daily ---------------------------------------------------------------------------
CREATE FUNCTION kedang_product_sales_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO product_sales_daily AS s (day, customer_id, product, category, amount, line_count)
    SELECT t.date, t.customer_id, n.product, n.category, sum(n.quantity * n.price), count(*)
      FROM new_rows n JOIN transactions t ON t.id = n.transaction_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, customer_id, product, category) DO UPDATE SET amount = s.amount + EXCLUDED.amount, line_count = s.line_count + EXCLUDED.line_count;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO product_sales_daily AS s (day, customer_id, product, category, amount, line_count)
    SELECT day, customer_id, product, category, sum(amount), sum(n) FROM (
      SELECT t.date AS day, t.customer_id, n.product, n.category, n.quantity * n.price AS amount, 1 AS n
        FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN transactions t ON t.id = n.transaction_id
       WHERE (n.transaction_id, n.product, n.category, n.quantity, n.price) IS DISTINCT FROM (o.transaction_id, o.product, o.category, o.quantity, o.price)
      UNION ALL
      SELECT t.date, t.customer_id, o.product, o.category, -(o.quantity * o.price), -1
        FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN transactions t ON t.id = o.transaction_id
       WHERE (n.transaction_id, n.product, n.category, n.quantity, n.price) IS DISTINCT FROM (o.transaction_id, o.product, o.category, o.quantity, o.price)) d
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, customer_id, product, category) DO UPDATE SET amount = s.amount + EXCLUDED.amount, line_count = s.line_count + EXCLUDED.line_count;
  ELSE
    INSERT INTO product_sales_daily AS s (day, customer_id, product, category, amount, line_count)
    SELECT t.date, t.customer_id, o.product, o.category, -sum(o.quantity * o.price), -count(*)
      FROM old_rows o JOIN transactions t ON t.id = o.transaction_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, customer_id, product, category) DO UPDATE SET amount = s.amount + EXCLUDED.amount, line_count = s.line_count + EXCLUDED.line_count;
  END IF;
  DELETE FROM product_sales_daily s USING old_rows o JOIN transactions t ON t.id = o.transaction_id
   WHERE s.day = t.date AND s.customer_id = t.customer_id AND s.line_count <= 0;
  RETURN NULL;
END $$;

CREATE TRIGGER product_sales_daily_insert AFTER INSERT ON transaction_lines REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_product_sales_daily_apply();
CREATE TRIGGER product_sales_daily_update AFTER UPDATE ON transaction_lines REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_product_sales_daily_apply();
CREATE TRIGGER product_sales_daily_delete AFTER DELETE ON transaction_lines REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_product_sales_daily_apply();

-- ---- open_receivables -------------------------------------------------------------------------------
CREATE FUNCTION kedang_open_receivables_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO open_receivables AS r (customer_id, due_on, count, amount)
    SELECT t.customer_id, n.due_on, count(*), sum(n.amount)
      FROM new_rows n JOIN transactions t ON t.id = n.transaction_id
     WHERE n.paid_on IS NULL AND NOT n.bad_debt GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (customer_id, due_on) DO UPDATE SET count = r.count + EXCLUDED.count, amount = r.amount + EXCLUDED.amount;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO open_receivables AS r (customer_id, due_on, count, amount)
    SELECT customer_id, due_on, sum(k), sum(amount) FROM (
      SELECT t.customer_id, n.due_on, 1 AS k, n.amount FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN transactions t ON t.id = n.transaction_id
       WHERE n.paid_on IS NULL AND NOT n.bad_debt
         AND (n.transaction_id, n.due_on, n.amount, n.paid_on, n.bad_debt) IS DISTINCT FROM (o.transaction_id, o.due_on, o.amount, o.paid_on, o.bad_debt)
      UNION ALL
      SELECT t.customer_id, o.due_on, -1, -o.amount FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN transactions t ON t.id = o.transaction_id
       WHERE o.paid_on IS NULL AND NOT o.bad_debt
         AND (n.transaction_id, n.due_on, n.amount, n.paid_on, n.bad_debt) IS DISTINCT FROM (o.transaction_id, o.due_on, o.amount, o.paid_on, o.bad_debt)) d
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (customer_id, due_on) DO UPDATE SET count = r.count + EXCLUDED.count, amount = r.amount + EXCLUDED.amount;
  ELSE
    INSERT INTO open_receivables AS r (customer_id, due_on, count, amount)
    SELECT t.customer_id, o.due_on, -count(*), -sum(o.amount)
      FROM old_rows o JOIN transactions t ON t.id = o.transaction_id
     WHERE o.paid_on IS NULL AND NOT o.bad_debt GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (customer_id, due_on) DO UPDATE SET count = r.count + EXCLUDED.count, amount = r.amount + EXCLUDED.amount;
  END IF;
  DELETE FROM open_receivables r USING old_rows o JOIN transactions t ON t.id = o.transaction_id
   WHERE r.customer_id = t.customer_id AND r.due_on = o.due_on AND r.count <= 0;
  RETURN NULL;
END $$;

CREATE TRIGGER open_receivables_insert AFTER INSERT ON payments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_open_receivables_apply();
CREATE TRIGGER open_receivables_update AFTER UPDATE ON payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_open_receivables_apply();
CREATE TRIGGER open_receivables_delete AFTER DELETE ON payments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_open_receivables_apply();

-- ---- filled once from what exists, in key order (the indexes grow at their right edge) ---------------------------------------------------------------------
INSERT INTO sales_daily (day, customer_id, amount, tx_count)
SELECT date, customer_id, sum(amount), count(*) FROM transactions GROUP BY 1, 2 ORDER BY 1, 2;
INSERT INTO product_sales_daily (day, customer_id, product, category, amount, line_count)
SELECT t.date, t.customer_id, l.product, l.category, sum(l.quantity * l.price), count(*)
  FROM transaction_lines l JOIN transactions t ON t.id = l.transaction_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
INSERT INTO open_receivables (customer_id, due_on, count, amount)
SELECT t.customer_id, p.due_on, count(*), sum(p.amount)
  FROM payments p JOIN transactions t ON t.id = p.transaction_id WHERE p.paid_on IS NULL AND NOT p.bad_debt GROUP BY 1, 2 ORDER BY 1, 2;

GRANT SELECT, INSERT, UPDATE, DELETE ON sales_daily, product_sales_daily, open_receivables TO kedang_app;
-- statistics now: the first composition after the upgrade is planned on the real row counts
ANALYZE sales_daily, product_sales_daily, open_receivables;
