-- SEC-8 recycle bin and SEC-9 destruction. The destruction record is kept forever: no foreign
-- key that a purge could cascade, and the archive number and name are copied into it.

ALTER TABLE customers
  ADD COLUMN deleted_at     timestamptz,
  ADD COLUMN deleted_by     bigint REFERENCES users (id),
  ADD COLUMN deleted_reason text,
  ADD COLUMN lifecycle_before_delete text;

CREATE INDEX customers_recycle_bin_idx ON customers (deleted_at DESC, id DESC) WHERE lifecycle = 'deleted';

CREATE TABLE destructions (
  id            bigserial PRIMARY KEY,
  approval_id   bigint NOT NULL UNIQUE REFERENCES approvals (id),
  customer_id   bigint NOT NULL,
  archive_no    text NOT NULL,
  name          text NOT NULL,
  reason        text NOT NULL,
  scope         jsonb NOT NULL,
  requested_by  bigint NOT NULL REFERENCES users (id),
  requested_at  timestamptz NOT NULL DEFAULT now(),
  approved_by   bigint REFERENCES users (id),
  approved_at   timestamptz,
  executed_by   bigint REFERENCES users (id),
  executed_at   timestamptz,
  -- what the purge removed, counted per kind
  purged        jsonb
);
CREATE INDEX destructions_customer_idx ON destructions (customer_id);

-- The destruction register is kept forever: no row is ever deleted (a trigger, so that a later
-- migration's blanket GRANT cannot reopen it).
CREATE FUNCTION destructions_kept_forever() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the destruction register is kept forever (SEC-9)' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER destructions_no_delete BEFORE DELETE ON destructions FOR EACH ROW EXECUTE FUNCTION destructions_kept_forever();
CREATE TRIGGER destructions_no_truncate BEFORE TRUNCATE ON destructions FOR EACH STATEMENT EXECUTE FUNCTION destructions_kept_forever();

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
