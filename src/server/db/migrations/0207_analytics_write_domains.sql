-- ANA-2 ANA-4 issue 15: the write generation of migration 0194, per kind of write, so that more of
-- the home page's audience-independent figures are served from composition_cache and each is made
-- stale only by the writes it reads:
--
--   sales        transactions, transaction_lines                       (compositions, this month's sales)
--   attributes   customers' credit_grade, tier, abc_class, region      (compositions)
--   listing      a customer listed or unlisted (lifecycle in or out of   (everything: who is listed and
--                active/dormant, merged) or crossing top secret; a        who is below top secret)
--                deleted customer
--   evaluations  evaluations, evaluation_rounds                         (the grade migration report)
--
-- A result depending on domains D is stamped with sum(n_d) + count(log rows of D), read in one
-- snapshot. Each domain's part only grows and a later snapshot sees every transaction an earlier one
-- saw, so equal sums in two snapshots mean every domain's part is equal: the same relevant data.
-- The log row is keyed by (writer's transaction id, domain): still an insert nobody else waits for.
-- A sale written all day no longer makes the grade migration stale, an evaluation round no
-- longer makes the compositions stale.
--
-- The stamps of 0194 count something else: the cache is emptied (it is recomputed on demand and by
-- the warm job).
DELETE FROM composition_cache;
DROP TABLE analytics_write_log;
DROP TABLE analytics_generation;

CREATE TABLE analytics_write_log (
  xid     xid8 NOT NULL,
  domain  text NOT NULL CHECK (domain IN ('sales', 'attributes', 'listing', 'evaluations')),
  PRIMARY KEY (xid, domain)
);
CREATE TABLE analytics_generation (
  domain  text PRIMARY KEY CHECK (domain IN ('sales', 'attributes', 'listing', 'evaluations')),
  n       bigint NOT NULL
);
INSERT INTO analytics_generation (domain, n) VALUES ('sales', 0), ('attributes', 0), ('listing', 0), ('evaluations', 0);

-- the trigger's arguments name the domains the statement writes
CREATE OR REPLACE FUNCTION kedang_analytics_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_write_log (xid, domain) SELECT pg_current_xact_id(), d FROM unnest(TG_ARGV) d ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

DROP TRIGGER analytics_write_transactions ON transactions;
DROP TRIGGER analytics_write_transactions_truncate ON transactions;
DROP TRIGGER analytics_write_lines ON transaction_lines;
DROP TRIGGER analytics_write_lines_truncate ON transaction_lines;
DROP TRIGGER analytics_write_customers ON customers;
DROP TRIGGER analytics_write_customers_truncate ON customers;

CREATE TRIGGER analytics_write_transactions AFTER INSERT OR UPDATE OR DELETE ON transactions FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('sales');
CREATE TRIGGER analytics_write_transactions_truncate AFTER TRUNCATE ON transactions FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('sales');
CREATE TRIGGER analytics_write_lines AFTER INSERT OR UPDATE OR DELETE ON transaction_lines FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('sales');
CREATE TRIGGER analytics_write_lines_truncate AFTER TRUNCATE ON transaction_lines FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('sales');
-- a new customer has no sale and no evaluation yet (its first one is a write of that domain): inserts do not count
CREATE TRIGGER analytics_write_customer_attributes AFTER UPDATE OF credit_grade, tier, abc_class, region ON customers FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('attributes');
-- listing: only a row whose listing actually changes counts — every sale sets its customer's
-- lifecycle (a dormant archive becomes active: listed before and after), and a statement-level
-- trigger on the column would make every sale a listing write. Per row, filtered by WHEN (no call
-- for the rows that keep their listing); a statement of many such rows adds one log row.
-- The audiences (migration 0194) are every listed archive and every listed one below top secret:
-- listed = not merged, lifecycle active or dormant; only crossing top secret changes an audience.
CREATE TRIGGER analytics_write_customer_listing AFTER UPDATE OF lifecycle, merged_into, secrecy_level ON customers FOR EACH ROW
  WHEN ((OLD.lifecycle IN ('active', 'dormant')) IS DISTINCT FROM (NEW.lifecycle IN ('active', 'dormant'))
     OR OLD.merged_into IS DISTINCT FROM NEW.merged_into
     OR (OLD.secrecy_level = 'top_secret') IS DISTINCT FROM (NEW.secrecy_level = 'top_secret'))
  EXECUTE FUNCTION kedang_analytics_write('listing');
CREATE TRIGGER analytics_write_customers_deleted AFTER DELETE ON customers FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('listing');
CREATE TRIGGER analytics_write_customers_truncate AFTER TRUNCATE ON customers FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('attributes', 'listing');
CREATE TRIGGER analytics_write_evaluations AFTER INSERT OR UPDATE OR DELETE ON evaluations FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('evaluations');
CREATE TRIGGER analytics_write_evaluations_truncate AFTER TRUNCATE ON evaluations FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('evaluations');
CREATE TRIGGER analytics_write_evaluation_rounds AFTER INSERT OR UPDATE OR DELETE ON evaluation_rounds FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('evaluations');
CREATE TRIGGER analytics_write_evaluation_rounds_truncate AFTER TRUNCATE ON evaluation_rounds FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('evaluations');

GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_write_log, analytics_generation TO kedang_app;
