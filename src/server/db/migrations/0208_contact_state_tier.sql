-- ANA-2 issue 15: the managers' home page counts key and big customers not contacted for 90 days
-- (`GET /customers/count?tier=key&lastContactTo=…`). With customers_tier_idx (0200) each count
-- still opened every archive of the tier and its contact state one by one (tens of thousands of
-- lookups at 1M: 0.23–0.35 s) to find the few not contacted lately. The tier is kept beside the
-- contact state, so that the count reads the (tier, last contact) index up to the day and opens
-- only those customers (listing and visibility are still decided on customers).
-- Measured on the 1M set with 50,252 key customers all contacted within 180 days (none at risk):
-- the per-customer form 264–411 ms, this one 9–12 ms (EXPLAIN ANALYZE, custom and generic plans).
-- When many are at risk both stop at the count's cap (10,001) and cost about the same (~100–230 ms).
-- customers.tier stays the truth; this copy only finds the rows (like owner_id, 0176). It is kept
-- by triggers on customers in the same statement and transaction: new archives (the statement
-- trigger of 0193, which COPY fires too) and every change of tier (evaluation rounds, overrides,
-- imports, the API).
ALTER TABLE contact_states ADD COLUMN tier text;

UPDATE contact_states s SET tier = c.tier FROM customers c WHERE c.id = s.customer_id AND c.tier IS NOT NULL;

CREATE INDEX contact_states_tier_last_idx ON contact_states (tier, (GREATEST(last_call_at, last_visit_at))) WHERE tier IS NOT NULL;

CREATE OR REPLACE FUNCTION contact_states_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_states (customer_id, owner_id, tier, next_call_due, next_visit_due)
  SELECT n.id, n.owner_id, n.tier, cadence_due(NULL, n.filed_on, p.call_days), cadence_due(NULL, n.filed_on, p.visit_days)
    FROM new_rows n JOIN cadence_policies p ON p.abc_class = coalesce(n.abc_class, 'C')
   ORDER BY n.id
  ON CONFLICT (customer_id) DO UPDATE
    SET owner_id = EXCLUDED.owner_id,
        tier = EXCLUDED.tier,
        next_call_due = (SELECT cadence_due(contact_states.last_call_at, n.filed_on, p.call_days)
                           FROM new_rows n JOIN cadence_policies p ON p.abc_class = coalesce(n.abc_class, 'C') WHERE n.id = EXCLUDED.customer_id),
        next_visit_due = (SELECT cadence_due(contact_states.last_visit_at, n.filed_on, p.visit_days)
                            FROM new_rows n JOIN cadence_policies p ON p.abc_class = coalesce(n.abc_class, 'C') WHERE n.id = EXCLUDED.customer_id);
  RETURN NULL;
END $$;

-- the class or filing day changed (0176): the row exists; should it not, it is created with the tier too
CREATE OR REPLACE FUNCTION contact_state_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_states (customer_id, owner_id, tier, next_call_due, next_visit_due)
  SELECT NEW.id, NEW.owner_id, NEW.tier, cadence_due(NULL, NEW.filed_on, p.call_days), cadence_due(NULL, NEW.filed_on, p.visit_days)
    FROM cadence_policies p WHERE p.abc_class = coalesce(NEW.abc_class, 'C')
  ON CONFLICT (customer_id) DO UPDATE
    SET owner_id = NEW.owner_id,
        tier = NEW.tier,
        next_call_due = cadence_due(contact_states.last_call_at, NEW.filed_on, (SELECT call_days FROM cadence_policies WHERE abc_class = coalesce(NEW.abc_class, 'C'))),
        next_visit_due = cadence_due(contact_states.last_visit_at, NEW.filed_on, (SELECT visit_days FROM cadence_policies WHERE abc_class = coalesce(NEW.abc_class, 'C')));
  RETURN NULL;
END $$;

CREATE FUNCTION contact_state_tier_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact_states SET tier = NEW.tier WHERE customer_id = NEW.id AND tier IS DISTINCT FROM NEW.tier;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_contact_state_tier AFTER UPDATE OF tier ON customers
  FOR EACH ROW WHEN (OLD.tier IS DISTINCT FROM NEW.tier)
  EXECUTE FUNCTION contact_state_tier_sync();
