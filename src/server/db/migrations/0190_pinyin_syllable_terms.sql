-- ARC-11 / PLT-7 (issue 12): full pinyin is searched through a syllable index instead of trigrams.
-- Each archive's terms gain one row per syllable of its name that starts before the legal-form
-- suffix (and the short name's first syllable): the pinyin from there on, cut at 24 letters and
-- marked with `:` (`:huaweijishuyouxiangongsi`). A full-pinyin entry that starts on a syllable
-- (`huawei`, `shenzhen`) is then a range of the terms key (`term LIKE ':huawei%'`): only matches,
-- no trigram candidates to check. The rows are computed by the application (pinyin-pro) in the
-- data step of this migration (src/server/db/data-migrations.ts), in this transaction.
-- The trigram index over the pinyin side table's full pinyin has no reader any more; its initials
-- index stays (initials substrings of three letters or more).
DROP INDEX customer_pinyin_pinyin_trgm;
-- The side table keeps the initials only (a narrower row for the initials trigrams to check).
CREATE OR REPLACE FUNCTION customer_pinyin_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_pinyin (customer_id, name_initials) VALUES (NEW.id, NEW.name_initials)
  ON CONFLICT (customer_id) DO UPDATE SET name_initials = EXCLUDED.name_initials;
  RETURN NULL;
END $$;
DROP TRIGGER customers_pinyin_updated ON customers;
CREATE TRIGGER customers_pinyin_updated AFTER UPDATE OF name_initials ON customers
  FOR EACH ROW WHEN (OLD.name_initials IS DISTINCT FROM NEW.name_initials)
  EXECUTE FUNCTION customer_pinyin_sync();
ALTER TABLE customer_pinyin DROP COLUMN name_pinyin;
