-- ARC-9 periodic clean-up: dormant and invalid archives (address or region missing, no way to reach
-- the customer) are proposed for review; a reviewer keeps one (off the list for a review period),
-- marks it invalid (→ the recycle bin, through SEC-8's approval) or asks for its destruction (SEC-9).
-- The system never deletes by itself: this table records who decided what and why.
CREATE TABLE archive_reviews (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  decision    text NOT NULL CHECK (decision IN ('keep', 'invalid', 'destroy')),
  reasons     text[] NOT NULL,
  note        text,
  approval_id bigint REFERENCES approvals (id),
  decided_by  bigint NOT NULL REFERENCES users (id),
  decided_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX archive_reviews_customer_idx ON archive_reviews (customer_id, decided_at DESC);
GRANT SELECT, INSERT ON archive_reviews TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
