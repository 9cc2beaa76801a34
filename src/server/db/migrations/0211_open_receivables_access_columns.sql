-- SAL-1 ANA-2 issue 15: the aging of the readers who see almost every customer's payments (finance by
-- duty, the roles that see every archive) reads the rollup whole and subtracts the customers they may
-- not read (0185). Once the customers have ABC classes those candidates (above `none`, or class A) are
-- a fifth of them, and joining their ~200,000 rows of customers to the rollup took ~300 ms at 1M
-- customers (finance's aging 419 ms p95; the home pages of finance, the cs manager and the marketing
-- director 320–430 ms). The rollup now carries the four columns of its customer that the payments'
-- access condition reads (paymentsHidden: secrecy level, class, owner, department; grants by the
-- customer's id), and a partial index holds the candidates' rows: the subtraction reads that index
-- alone. The copies are kept by two triggers: an inserted rollup row takes them from its customer
-- (FOR SHARE: a concurrent change of the customer is waited for and then read), and a change of one of
-- them on a customer is written to its rows.
ALTER TABLE open_receivables
  ADD COLUMN secrecy_level text NOT NULL DEFAULT 'none',
  ADD COLUMN abc_class text,
  ADD COLUMN owner_id bigint NOT NULL DEFAULT 0,
  ADD COLUMN department_id bigint;

UPDATE open_receivables r
   SET secrecy_level = c.secrecy_level, abc_class = c.abc_class, owner_id = c.owner_id, department_id = c.department_id
  FROM customers c
 WHERE c.id = r.customer_id;

-- no default: a row written past the trigger fails instead of reading as an ordinary archive
ALTER TABLE open_receivables ALTER COLUMN secrecy_level DROP DEFAULT, ALTER COLUMN owner_id DROP DEFAULT;

CREATE FUNCTION kedang_open_receivables_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.secrecy_level, c.abc_class, c.owner_id, c.department_id
    INTO NEW.secrecy_level, NEW.abc_class, NEW.owner_id, NEW.department_id
    FROM customers c WHERE c.id = NEW.customer_id FOR SHARE;
  RETURN NEW;
END $$;
CREATE TRIGGER open_receivables_customer BEFORE INSERT ON open_receivables
  FOR EACH ROW EXECUTE FUNCTION kedang_open_receivables_customer();

CREATE FUNCTION kedang_open_receivables_customer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE open_receivables
     SET secrecy_level = NEW.secrecy_level, abc_class = NEW.abc_class, owner_id = NEW.owner_id, department_id = NEW.department_id
   WHERE customer_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_open_receivables_access AFTER UPDATE OF secrecy_level, abc_class, owner_id, department_id ON customers
  FOR EACH ROW WHEN ((OLD.secrecy_level, OLD.abc_class, OLD.owner_id, OLD.department_id) IS DISTINCT FROM (NEW.secrecy_level, NEW.abc_class, NEW.owner_id, NEW.department_id))
  EXECUTE FUNCTION kedang_open_receivables_customer_changed();

CREATE INDEX open_receivables_restricted_idx ON open_receivables (customer_id)
  INCLUDE (due_on, count, amount, secrecy_level, abc_class, owner_id, department_id)
  WHERE secrecy_level <> 'none' OR abc_class = 'A';

ANALYZE open_receivables;
