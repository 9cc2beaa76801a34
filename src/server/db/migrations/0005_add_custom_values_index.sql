-- Filtering on custom field values (ARC-1): containment queries on the jsonb column.
CREATE INDEX customers_custom_idx ON customers USING gin (custom jsonb_path_ops);
