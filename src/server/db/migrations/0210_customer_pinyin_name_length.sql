-- ARC-11 / PLT-7 (issue 12): pinyin-initials search anywhere in the name (`hxkj`) ranks its
-- trigram candidates by the name's length, which only the wide customers row held: each of up to
-- 2,000 candidates cost a customers index and heap visit (~4 buffers) before ranking, though only a
-- page of them is shown. The narrow pinyin side table (0046) now carries the name's length too
-- (characters, capped like customer_terms.name_len), so the candidates are ranked from it alone.
-- The table is rebuilt rather than updated in place (an UPDATE of every row would add every row's
-- trigrams to the GIN index again), in customer id order as the triggers append it.
CREATE TABLE customer_pinyin_new AS
  SELECT p.customer_id, p.name_initials, LEAST(length(c.name), 32767)::smallint AS name_len
    FROM customer_pinyin p JOIN customers c ON c.id = p.customer_id
   ORDER BY p.customer_id;
DROP TABLE customer_pinyin;
ALTER TABLE customer_pinyin_new RENAME TO customer_pinyin;
ALTER TABLE customer_pinyin ALTER COLUMN customer_id SET NOT NULL, ALTER COLUMN name_initials SET NOT NULL, ALTER COLUMN name_len SET NOT NULL;
ALTER TABLE customer_pinyin ADD CONSTRAINT customer_pinyin_pkey PRIMARY KEY (customer_id);
CREATE INDEX customer_pinyin_initials_trgm ON customer_pinyin USING gin (name_initials gin_trgm_ops);
GRANT SELECT, INSERT, UPDATE, DELETE ON customer_pinyin TO kedang_app;

-- new archives (once per statement, 0193)
CREATE OR REPLACE FUNCTION customer_pinyin_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_pinyin (customer_id, name_initials, name_len)
  SELECT n.id, n.name_initials, LEAST(length(n.name), 32767) FROM new_rows n ORDER BY n.id
  ON CONFLICT (customer_id) DO UPDATE SET name_initials = EXCLUDED.name_initials, name_len = EXCLUDED.name_len;
  RETURN NULL;
END $$;

-- a rename: the initials or the length may change (a bracket or a space changes the length only)
CREATE OR REPLACE FUNCTION customer_pinyin_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_pinyin (customer_id, name_initials, name_len) VALUES (NEW.id, NEW.name_initials, LEAST(length(NEW.name), 32767))
  ON CONFLICT (customer_id) DO UPDATE SET name_initials = EXCLUDED.name_initials, name_len = EXCLUDED.name_len;
  RETURN NULL;
END $$;
DROP TRIGGER customers_pinyin_updated ON customers;
CREATE TRIGGER customers_pinyin_updated AFTER UPDATE OF name, name_initials ON customers
  FOR EACH ROW WHEN (OLD.name_initials IS DISTINCT FROM NEW.name_initials OR length(OLD.name) IS DISTINCT FROM length(NEW.name))
  EXECUTE FUNCTION customer_pinyin_sync();
