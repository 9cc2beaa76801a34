-- customer_activity_add (migration 0180) joined the new markers to an unnest() of their ids with a
-- nested loop over the materialised array once the customers table had grown: a COPY of 100,000
-- transactions (one chunk of the benchmark's generator, a large import) spent ~40 s comparing every
-- new marker with every other (perf: ExecNestLoop / ExecMaterial / tuplestore_gettuple). The owner of
-- the new markers is now re-read by the customers' primary key (= ANY of the ids), after the same
-- FOR NO KEY UPDATE lock, so the cost is linear in the markers added whatever plan the statistics give.
-- The result is the same: every marker of a customer carries the customer's current owner.
CREATE OR REPLACE FUNCTION customer_activity_add(ids bigint[], months date[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  new_ids bigint[];
BEGIN
  WITH wanted AS (SELECT DISTINCT u.i, u.m FROM unnest(ids, months) AS u(i, m)),
  created AS (
    INSERT INTO customer_activity_months (customer_id, month, owner_id)
    SELECT w.i, w.m, c.owner_id FROM wanted w JOIN customers c ON c.id = w.i
    ON CONFLICT DO NOTHING RETURNING customer_id)
  SELECT array_agg(DISTINCT customer_id) INTO new_ids FROM created;
  IF new_ids IS NULL THEN RETURN; END IF;
  -- wait for an owner change still uncommitted, then take the owner it left (see migration 0180)
  PERFORM 1 FROM customers WHERE id = ANY(new_ids) ORDER BY id FOR NO KEY UPDATE;
  UPDATE customer_activity_months a SET owner_id = c.owner_id
    FROM customers c
   WHERE c.id = ANY(new_ids) AND a.customer_id = c.id AND a.owner_id IS DISTINCT FROM c.owner_id;
END $$;
