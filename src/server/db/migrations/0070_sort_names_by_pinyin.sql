-- ARC-11 Chinese order: 客户名称 sorts by pinyin (东莞 → 佛山 → 上海), not by code point. The key is
-- the stored pinyin (pinyin-pro, which reads polyphones in context: 重庆 chongqing) and then the
-- name, in byte order (COLLATE "C"), so it needs no ICU in the cluster, the database and the
-- list's merge of visibility branches (plain string order) agree, and every writer (API, imports,
-- bulk loaders, restore) gets it for free as a generated column.
ALTER TABLE customers ADD COLUMN name_sort text COLLATE "C" GENERATED ALWAYS AS (name_pinyin || ' ' || name) STORED;
CREATE INDEX customers_name_sort_key_idx ON customers (name_sort, id);
CREATE INDEX customers_owner_name_sort_idx ON customers (owner_id, name_sort, id);
CREATE INDEX customers_department_name_sort_idx ON customers (department_id, name_sort, id);
DROP INDEX customers_name_sort_idx;
DROP INDEX customers_owner_name_idx;
DROP INDEX customers_department_name_idx;
