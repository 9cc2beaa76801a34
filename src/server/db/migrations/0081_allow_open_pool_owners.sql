-- REL-1 明确责任: every customer has at most one responsible owner (the column); a customer with
-- none is in the open pool (公海), listed for managers to claim or assign. A transfer records who,
-- when and why (owner_transfers), beside the history entry every owner change already writes.
ALTER TABLE customers ALTER COLUMN owner_id DROP NOT NULL;
CREATE INDEX customers_open_pool_idx ON customers (department_id, id DESC) WHERE owner_id IS NULL;

CREATE TABLE owner_transfers (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers (id),
  from_owner_id bigint REFERENCES users (id),
  to_owner_id   bigint REFERENCES users (id),
  kind          text NOT NULL CHECK (kind IN ('transfer', 'assign', 'claim', 'release', 'approved')),
  reason        text NOT NULL,
  moved_tasks   integer NOT NULL DEFAULT 0,
  approval_id   bigint,
  by_user_id    bigint REFERENCES users (id),
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX owner_transfers_customer_idx ON owner_transfers (customer_id, at DESC);
GRANT SELECT, INSERT ON owner_transfers TO kedang_app;
GRANT USAGE, SELECT ON SEQUENCE owner_transfers_id_seq TO kedang_app;
