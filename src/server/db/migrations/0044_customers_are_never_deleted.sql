-- SEC-9: an archive is never deleted — destruction erases its contents under an approval and the
-- row stays with its number, so everything that refers to it keeps pointing somewhere. Said once,
-- here, for every row instead of being implied by foreign keys.
CREATE FUNCTION customers_are_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'customer archives are never deleted (SEC-9: destroy the contents instead)' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER customers_are_never_deleted BEFORE DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION customers_are_never_deleted();

-- With that, the history's foreign key to the archive guards nothing more, and its per-row check
-- (a key-share lock on the archive row, ≈ 44 µs a row at 1M customers) was a third of an ABC run
-- that records 200,000 class changes. The history is only ever written with the id of an archive
-- the same transaction has just written or locked.
ALTER TABLE customer_history DROP CONSTRAINT customer_history_customer_id_fkey;
