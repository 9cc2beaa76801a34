-- Lists for users who see some customers (sales reps, department managers) read each visibility
-- branch's first page off an (owner | department, sort column) index and merge the branches, so a
-- page never waits for every customer a rep owns to be fetched and sorted (ARC-11, PLT-7).
CREATE INDEX customers_owner_created_idx ON customers (owner_id, created_at, id);
CREATE INDEX customers_owner_updated_idx ON customers (owner_id, updated_at, id);
CREATE INDEX customers_owner_name_idx ON customers (owner_id, name, id);
CREATE INDEX customers_owner_archive_no_idx ON customers (owner_id, archive_no, id);
CREATE INDEX customers_owner_filed_idx ON customers (owner_id, filed_on, id);
CREATE INDEX customers_department_created_idx ON customers (department_id, created_at, id);
CREATE INDEX customers_department_updated_idx ON customers (department_id, updated_at, id);
CREATE INDEX customers_department_name_idx ON customers (department_id, name, id);
CREATE INDEX customers_department_archive_no_idx ON customers (department_id, archive_no, id);
CREATE INDEX customers_department_filed_idx ON customers (department_id, filed_on, id);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
