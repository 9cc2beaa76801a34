-- The header search finds documents by any part of their title (issue 17 item 15).
CREATE INDEX documents_title_trgm ON documents USING gin (title gin_trgm_ops) WHERE deleted_at IS NULL;
