-- SEC-12: contacts' personal fields and bank accounts are stored encrypted (AES-256-GCM, done by
-- the application: the database never sees the key). A sealed value is text, so the birth date
-- column becomes text; mobiles leave the searchable digits column for a keyed hash (exact match).
-- Existing plain values are encrypted by `kedang keys rotate` (they stay readable until then).

ALTER TABLE contacts ALTER COLUMN birth_date TYPE text USING birth_date::text;
ALTER TABLE contacts ADD COLUMN mobile_index text;
CREATE INDEX contacts_mobile_index_idx ON contacts (mobile_index) WHERE mobile_index IS NOT NULL;
UPDATE contacts SET phone_digits = regexp_replace(coalesce(direct_phone, ''), '\D', '', 'g')
 WHERE phone_digits IS DISTINCT FROM regexp_replace(coalesce(direct_phone, ''), '\D', '', 'g');

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
