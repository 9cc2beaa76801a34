-- PLT-7 EVA-7 REL-2: the ABC run (abc.service runAbc) changes hundreds of thousands of classes in
-- one statement, and each change ran contact_state_sync (the contact state's cadence by class) as
-- a row trigger: one PL/pgSQL call with an INSERT … ON CONFLICT per customer. Measured on a 50k set
-- (bench/abc-run.ts, load average 15–20 on 2 cores): a first classification's backend CPU 23.3 s
-- row by row, 20.8 s in bulk (50,000 trigger calls gone, a class C state — the unclassified one's
-- cadence — not rewritten); a reclassification of 11,218 about the same (6.1–7.0 s either way):
-- there the customers' non-HOT update (an entry in each of ~49 indexes) is most of the time.
-- The run now writes the contact states of the customers it changed in one statement of its own
-- (same values: owner, tier, next call and visit due from the class's policy and the last contact
-- or filing day) and marks its transaction for the duration of its UPDATE with the
-- transaction-local setting kedang.abc_run = 'on'; the row trigger does not fire for a class
-- changed under that mark. A changed filing day, and any class change outside the run (overrides,
-- their withdrawal, imports, the API), still fire it row by row.
DROP TRIGGER customers_contact_state_updated ON customers;
CREATE TRIGGER customers_contact_state_updated AFTER UPDATE OF abc_class, filed_on ON customers
  FOR EACH ROW WHEN (OLD.filed_on IS DISTINCT FROM NEW.filed_on
    OR (OLD.abc_class IS DISTINCT FROM NEW.abc_class AND current_setting('kedang.abc_run', true) IS DISTINCT FROM 'on'))
  EXECUTE FUNCTION contact_state_sync();
