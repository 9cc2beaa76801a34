-- REL-4 (issue 13): a sales rep's contact overview read the rep's customers through the access
-- policy's owner branch and then sorted them by next due: 70 ms at 1M customers. The owner is kept
-- beside the contact state so that the rep's page is read off one (owner, next due, customer)
-- index in the overview's order (overdue first, then due soon) and its keyset cursor.
-- customers.owner_id stays the truth the policy decides on; this copy only finds the rows. It is
-- kept by triggers on customers, so every write that sets or changes an owner (create, import,
-- transfer, bulk assignment, claim and assignment from the open pool, approvals, restore) keeps
-- it in the same statement and transaction.
ALTER TABLE contact_states ADD COLUMN owner_id bigint;

UPDATE contact_states s SET owner_id = c.owner_id FROM customers c WHERE c.id = s.customer_id AND c.owner_id IS NOT NULL;

CREATE INDEX contact_states_owner_due_idx ON contact_states (owner_id, next_due, customer_id) WHERE owner_id IS NOT NULL;

CREATE OR REPLACE FUNCTION contact_state_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_states (customer_id, owner_id, next_call_due, next_visit_due)
  SELECT NEW.id, NEW.owner_id, cadence_due(NULL, NEW.filed_on, p.call_days), cadence_due(NULL, NEW.filed_on, p.visit_days)
    FROM cadence_policies p WHERE p.abc_class = coalesce(NEW.abc_class, 'C')
  ON CONFLICT (customer_id) DO UPDATE
    SET owner_id = NEW.owner_id,
        next_call_due = cadence_due(contact_states.last_call_at, NEW.filed_on, (SELECT call_days FROM cadence_policies WHERE abc_class = coalesce(NEW.abc_class, 'C'))),
        next_visit_due = cadence_due(contact_states.last_visit_at, NEW.filed_on, (SELECT visit_days FROM cadence_policies WHERE abc_class = coalesce(NEW.abc_class, 'C')));
  RETURN NULL;
END $$;

CREATE FUNCTION contact_state_owner_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact_states SET owner_id = NEW.owner_id WHERE customer_id = NEW.id AND owner_id IS DISTINCT FROM NEW.owner_id;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_contact_state_owner AFTER UPDATE OF owner_id ON customers
  FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
  EXECUTE FUNCTION contact_state_owner_sync();
