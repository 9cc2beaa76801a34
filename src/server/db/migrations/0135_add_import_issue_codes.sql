-- Import findings keep a stable code and its parameters, so that the web client and the report
-- render them in the reader's language (issue 17 item 5, ARC-12). Older findings keep only their message.
ALTER TABLE import_issues ADD COLUMN code text, ADD COLUMN params jsonb;
