-- EVA-1 (issue 17): a customer's own quarterly purchase target for `purchaseAmount`; where none is
-- set, the scorecard's target for the customer's type applies (the evaluation SQL coalesces them).
CREATE TABLE customer_purchase_targets (
  customer_id       bigint PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  quarterly_target  numeric(16, 2) NOT NULL CHECK (quarterly_target >= 0),
  set_by            bigint REFERENCES users (id),
  set_at            timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
