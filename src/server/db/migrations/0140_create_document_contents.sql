-- Document content in PostgreSQL (issue 12, KEDANG_DOCUMENT_STORE=postgres): for several instances
-- without a shared disk. Content-addressed like the directory store (storage_key = documents/ab/<sha256>),
-- in 1 MiB chunks so that nothing is held whole in memory on the way in or out. Written once, removed
-- only when no document_files row refers to the key any more (the same rule as the directory store).
CREATE TABLE document_contents (
  storage_key  text NOT NULL,
  chunk        integer NOT NULL CHECK (chunk >= 0),
  data         bytea NOT NULL,
  PRIMARY KEY (storage_key, chunk)
);
-- PDFs and images are compressed already: store them out of line without trying to compress again.
ALTER TABLE document_contents ALTER COLUMN data SET STORAGE EXTERNAL;
