-- SEC-10: the audit trail as several hash chains (a row links to the previous row of its own
-- chain), so that concurrent writers do not serialise on one lock and one commit each. Every
-- existing row is in chain 0, where it already was.
ALTER TABLE audit_events ADD COLUMN chain smallint NOT NULL DEFAULT 0;
CREATE INDEX audit_events_chain_idx ON audit_events (chain, id DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
