-- Duplicate checks of a whole import batch at once (ARC-10, ARC-12): the archive's own phone
-- (the first number of phone_digits) by equality; the trigram index cannot serve = ANY(array).
CREATE INDEX customers_first_phone_idx ON customers ((split_part(phone_digits, '|', 1))) WHERE phone_digits <> '';

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
