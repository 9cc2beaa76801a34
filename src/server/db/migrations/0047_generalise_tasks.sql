-- REL-5: one task model for every kind of work (archive update, cadence call and visit, next
-- step, revisit, complaint deadline and follow-up, contract payment, survey follow-up …).
-- Kinds are named by the contract (contract/tasks.ts); the database only keeps them well formed.
-- A task may concern no filed customer (a complaint from someone not yet filed), and it may
-- point back at the record it came from (ref_type, ref_id) so that record can complete it.
ALTER TABLE tasks DROP CONSTRAINT tasks_kind_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_kind_check CHECK (kind ~ '^[a-z][a-z_]{1,40}$');
ALTER TABLE tasks ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE tasks ALTER COLUMN source DROP NOT NULL;
ALTER TABLE tasks ADD COLUMN ref_type text CHECK (ref_type ~ '^[a-z][a-z_]{1,40}$');
ALTER TABLE tasks ADD COLUMN ref_id text;
ALTER TABLE tasks ADD CONSTRAINT tasks_archive_update_shape CHECK (kind <> 'archive_update' OR (source IS NOT NULL AND customer_id IS NOT NULL));
CREATE INDEX tasks_ref_idx ON tasks (ref_type, ref_id) WHERE ref_type IS NOT NULL;
