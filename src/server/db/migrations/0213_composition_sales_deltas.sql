-- ANA-1 ANA-4 issue 15: a cached composition made stale by sales is brought current from the sales
-- written since it was computed, not recomputed over a year of rollups (3.6–10.6 s at 1M customers).
--
-- analytics_sales_deltas  every change of the rollups sales_daily and product_sales_daily (migration
--                         0184), one row per changed rollup row: the writer's transaction id, the
--                         rollup key, the change of its amount and of its count of transactions/lines.
--                         Logged by statement-level triggers on the rollups themselves, so every path
--                         that keeps them (a sale, a correction of amount/date/customer, a delete, a
--                         merge, an import, a product line) is logged without knowing it.
-- composition_cache       + snapshot: the snapshot an entry was computed in (the deltas it has not seen
--                         are exactly those whose xid is not visible in it);
--                         + fixed_generation: the generation of the entry's domains other than sales
--                         (attributes, listing) — when it has moved, the entry is recomputed in full.
-- composition_customer_sums  per audience, period and generation: every customer's sales of the period
--                         (> 0), largest first, as float64 cents (exact below 2^53) — the 80/20 count
--                         and curve after a delta move one customer's sum in this list.
-- analytics_delta_floor   deltas of transactions below this xid were pruned: an entry whose snapshot's
--                         xmin is below it is recomputed in full.
CREATE TABLE analytics_sales_deltas (
  xid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  customer_id  bigint NOT NULL,
  day          date NOT NULL,
  line         boolean NOT NULL,   -- false: sales_daily, true: product_sales_daily
  product      text,
  category     text,
  amount       numeric NOT NULL,
  n            integer NOT NULL
);
CREATE INDEX analytics_sales_deltas_xid_idx ON analytics_sales_deltas (xid);

CREATE TABLE analytics_delta_floor (
  id     smallint PRIMARY KEY CHECK (id = 1),
  floor  xid8 NOT NULL
);
INSERT INTO analytics_delta_floor (id, floor) VALUES (1, pg_snapshot_xmin(pg_current_snapshot()));

ALTER TABLE composition_cache ADD COLUMN snapshot pg_snapshot, ADD COLUMN fixed_generation bigint;

CREATE TABLE composition_customer_sums (
  audience    text NOT NULL CHECK (audience IN ('all', 'below_top_secret')),
  from_day    date NOT NULL,
  to_day      date NOT NULL,
  generation  bigint NOT NULL,
  sums        bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (audience, from_day, to_day, generation)
);
ALTER TABLE composition_customer_sums ALTER COLUMN sums SET STORAGE EXTERNAL;

CREATE FUNCTION kedang_sales_daily_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_sales_deltas (customer_id, day, line, amount, n) SELECT n.customer_id, n.day, false, n.amount, n.tx_count FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO analytics_sales_deltas (customer_id, day, line, amount, n)
    SELECT n.customer_id, n.day, false, n.amount - o.amount, n.tx_count - o.tx_count
      FROM new_rows n JOIN old_rows o ON o.day = n.day AND o.customer_id = n.customer_id
     WHERE n.amount <> o.amount OR n.tx_count <> o.tx_count;
  ELSE
    INSERT INTO analytics_sales_deltas (customer_id, day, line, amount, n) SELECT o.customer_id, o.day, false, -o.amount, -o.tx_count FROM old_rows o;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER sales_daily_delta_insert AFTER INSERT ON sales_daily REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_sales_daily_delta();
CREATE TRIGGER sales_daily_delta_update AFTER UPDATE ON sales_daily REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_sales_daily_delta();
CREATE TRIGGER sales_daily_delta_delete AFTER DELETE ON sales_daily REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_sales_daily_delta();

CREATE FUNCTION kedang_product_sales_daily_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_sales_deltas (customer_id, day, line, product, category, amount, n) SELECT n.customer_id, n.day, true, n.product, n.category, n.amount, n.line_count FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO analytics_sales_deltas (customer_id, day, line, product, category, amount, n)
    SELECT n.customer_id, n.day, true, n.product, n.category, n.amount - o.amount, n.line_count - o.line_count
      FROM new_rows n JOIN old_rows o ON o.day = n.day AND o.customer_id = n.customer_id AND o.product = n.product AND o.category IS NOT DISTINCT FROM n.category
     WHERE n.amount <> o.amount OR n.line_count <> o.line_count;
  ELSE
    INSERT INTO analytics_sales_deltas (customer_id, day, line, product, category, amount, n) SELECT o.customer_id, o.day, true, o.product, o.category, -o.amount, -o.line_count FROM old_rows o;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER product_sales_daily_delta_insert AFTER INSERT ON product_sales_daily REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_product_sales_daily_delta();
CREATE TRIGGER product_sales_daily_delta_update AFTER UPDATE ON product_sales_daily REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_product_sales_daily_delta();
CREATE TRIGGER product_sales_daily_delta_delete AFTER DELETE ON product_sales_daily REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_product_sales_daily_delta();

-- a rollup emptied by hand leaves no deltas: every entry is recomputed in full
CREATE FUNCTION kedang_sales_rollup_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE analytics_delta_floor SET floor = (pg_current_xact_id()::text::bigint + 1)::text::xid8;
  RETURN NULL;
END $$;
CREATE TRIGGER sales_daily_delta_truncate AFTER TRUNCATE ON sales_daily FOR EACH STATEMENT EXECUTE FUNCTION kedang_sales_rollup_truncated();
CREATE TRIGGER product_sales_daily_delta_truncate AFTER TRUNCATE ON product_sales_daily FOR EACH STATEMENT EXECUTE FUNCTION kedang_sales_rollup_truncated();

GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_sales_deltas, analytics_delta_floor, composition_customer_sums TO kedang_app;
