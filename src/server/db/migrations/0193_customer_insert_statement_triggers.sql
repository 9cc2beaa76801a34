-- PLT-7 / ARC-12 (issue 12): the rows a new archive gets from triggers — its initials in
-- customer_pinyin (0046, 0190) and its contact state (0080, 0176) — are written once per statement
-- from the statement's new rows instead of once per row. A single create writes the same rows as
-- before (a transition table of one); an import's INSERT of 500 archives, the demo and benchmark
-- loaders' COPY of 20,000 write them as one set-based INSERT each instead of 500 or 20,000
-- PL/pgSQL calls with one INSERT … ON CONFLICT each. The rows are the same: same columns, same
-- values, same conflict handling (a row already there is updated as the row trigger did).
-- The UPDATE triggers stay per row (they fire for the few rows a statement changes).

CREATE FUNCTION customer_pinyin_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_pinyin (customer_id, name_initials)
  SELECT n.id, n.name_initials FROM new_rows n ORDER BY n.id
  ON CONFLICT (customer_id) DO UPDATE SET name_initials = EXCLUDED.name_initials;
  RETURN NULL;
END $$;

CREATE FUNCTION contact_states_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_states (customer_id, owner_id, next_call_due, next_visit_due)
  SELECT n.id, n.owner_id, cadence_due(NULL, n.filed_on, p.call_days), cadence_due(NULL, n.filed_on, p.visit_days)
    FROM new_rows n JOIN cadence_policies p ON p.abc_class = coalesce(n.abc_class, 'C')
   ORDER BY n.id
  ON CONFLICT (customer_id) DO UPDATE
    SET owner_id = EXCLUDED.owner_id,
        next_call_due = (SELECT cadence_due(contact_states.last_call_at, n.filed_on, p.call_days)
                           FROM new_rows n JOIN cadence_policies p ON p.abc_class = coalesce(n.abc_class, 'C') WHERE n.id = EXCLUDED.customer_id),
        next_visit_due = (SELECT cadence_due(contact_states.last_visit_at, n.filed_on, p.visit_days)
                            FROM new_rows n JOIN cadence_policies p ON p.abc_class = coalesce(n.abc_class, 'C') WHERE n.id = EXCLUDED.customer_id);
  RETURN NULL;
END $$;

DROP TRIGGER customers_pinyin_inserted ON customers;
CREATE TRIGGER customers_pinyin_inserted AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_pinyin_inserted();

DROP TRIGGER customers_contact_state_inserted ON customers;
CREATE TRIGGER customers_contact_state_inserted AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_states_inserted();
