-- ANA-4 ANA-1 issue 15: the gm's compositions answered from a result cache stamped with a write
-- generation, so that a composition the gm has seen since the last relevant write costs a lookup,
-- not a sum over a year of a million customers' sales.
--
-- analytics_write_log   one row per committed transaction that wrote a sale, a product line, or a
--                       customer attribute a composition reads (credit_grade, tier, abc_class,
--                       region, lifecycle, merged_into; secrecy_level, which decides who is in
--                       the below-top-secret audience) or deleted a customer. Written by
--                       statement-level triggers in the writer's own transaction: an INSERT keyed by
--                       the writer's own transaction id (ON CONFLICT DO NOTHING for its later
--                       statements) — no row is shared by two writers, so no writer ever waits for
--                       another (a counter row, even sharded, would be locked until the writer
--                       commits: a long import would hold its shard for minutes).
-- analytics_generation  one row: the log rows folded in so far (the warm job folds them).
--
-- The generation is base + count(log) read in ONE snapshot: exactly the number of committed
-- relevant write transactions that snapshot sees. It only grows, and a later snapshot sees every
-- transaction an earlier one saw, so two snapshots with the same generation see the same relevant
-- data — a cached answer stamped with the generation of the snapshot it was computed in is served
-- only while the reader's generation is that one: never newer or older than its stamp. Folding
-- deletes k log rows and adds k to the base in one statement: the sum never changes by it.
-- Writes that change nothing (a statement matching no row) still count: over-invalidating only
-- costs a recomputation.
CREATE TABLE analytics_write_log (
  xid  xid8 PRIMARY KEY
);
CREATE TABLE analytics_generation (
  id  smallint PRIMARY KEY CHECK (id = 1),
  n   bigint NOT NULL
);
INSERT INTO analytics_generation (id, n) VALUES (1, 0);

CREATE FUNCTION kedang_analytics_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_write_log (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_write_transactions AFTER INSERT OR UPDATE OR DELETE ON transactions FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write();
CREATE TRIGGER analytics_write_transactions_truncate AFTER TRUNCATE ON transactions FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write();
CREATE TRIGGER analytics_write_lines AFTER INSERT OR UPDATE OR DELETE ON transaction_lines FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write();
CREATE TRIGGER analytics_write_lines_truncate AFTER TRUNCATE ON transaction_lines FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write();
-- a new customer has no sale yet (its first sale is a write to transactions): inserts do not count
CREATE TRIGGER analytics_write_customers AFTER UPDATE OF credit_grade, tier, abc_class, region, lifecycle, merged_into, secrecy_level OR DELETE ON customers FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write();
CREATE TRIGGER analytics_write_customers_truncate AFTER TRUNCATE ON customers FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write();

-- One composition per audience, dimension and period, with the generation it was computed at.
-- Audiences are the callers whose answer (with no filter) does not depend on who they are:
-- 'all' (the gm: every listed archive) and 'below_top_secret' (the marketing manager and director:
-- every listed archive but the top-secret ones). Top customers are kept as ids and amounts; their
-- names are read when served (a rename is not a relevant write).
CREATE TABLE composition_cache (
  audience     text NOT NULL CHECK (audience IN ('all', 'below_top_secret')),
  dimension    text NOT NULL,
  from_day     date NOT NULL,
  to_day       date NOT NULL,
  generation   bigint NOT NULL,
  result       jsonb NOT NULL,
  computed_ms  integer NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (audience, dimension, from_day, to_day)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_write_log, analytics_generation, composition_cache TO kedang_app;
