-- List pages sort on any column and stop after 50 rows: each sortable column gets a key with
-- the id as tiebreaker, so a sorted page is read in index order instead of sorting 1M rows.
CREATE INDEX customers_name_sort_idx ON customers (name, id);
CREATE INDEX customers_created_sort_idx ON customers (created_at, id);
CREATE INDEX customers_filed_sort_idx ON customers (filed_on, id);
CREATE INDEX customers_archive_no_sort_idx ON customers (archive_no, id);
