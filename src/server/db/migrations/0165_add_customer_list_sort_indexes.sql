-- ARC-11 sort on any column of the customer list. Each sort key (customers.sort.ts) gets one
-- (key, id) index, the same expression as the query's ORDER BY and keyset condition, so a sorted
-- first page — and every next page — is read off the index in order for whoever sees many rows
-- (cs_staff, gm, the `secrecy_level = 'none'` branch of ordinary readers): without it PostgreSQL
-- reads and sorts every visible row (1M at the benchmark's scale). A sales rep's or a department
-- manager's branches filter by their (owner_id | department_id, id) index and sort the few rows
-- left. The classification keys are ranks in business order (AAA before D), empty last; their
-- literals are inline in the query so the planner matches these expressions. The same indexes
-- serve the list's equality filters on these columns, which had none.
CREATE INDEX customers_customer_type_sort_idx ON customers ((CASE customer_type WHEN 'distributor' THEN 0 WHEN 'direct' THEN 1 WHEN 'manufacturer' THEN 2 WHEN 'dealer' THEN 3 ELSE 4 END), id);
CREATE INDEX customers_category_sort_idx ON customers ((CASE category WHEN 'initial' THEN 0 WHEN 'potential' THEN 1 WHEN 'following' THEN 2 WHEN 'partner' THEN 3 WHEN 'abandoned' THEN 4 WHEN 'vip' THEN 5 ELSE 6 END), id);
CREATE INDEX customers_status_sort_idx ON customers ((CASE status WHEN 'contacted' THEN 0 WHEN 'quoted' THEN 1 WHEN 'proposal' THEN 2 WHEN 'contracted' THEN 3 WHEN 'closed_won' THEN 4 ELSE 5 END), id);
CREATE INDEX customers_stage_sort_idx ON customers ((CASE stage WHEN 'presales' THEN 0 WHEN 'contract' THEN 1 WHEN 'aftersales' THEN 2 WHEN 'expired' THEN 3 ELSE 4 END), id);
CREATE INDEX customers_importance_sort_idx ON customers ((CASE importance WHEN 'normal' THEN 0 WHEN 'important' THEN 1 WHEN 'very_important' THEN 2 ELSE 3 END), id);
CREATE INDEX customers_credit_grade_sort_idx ON customers ((CASE credit_grade WHEN 'AAA' THEN 0 WHEN 'AA' THEN 1 WHEN 'A' THEN 2 WHEN 'B' THEN 3 WHEN 'C' THEN 4 WHEN 'D' THEN 5 ELSE 6 END), id);
CREATE INDEX customers_tier_sort_idx ON customers ((CASE tier WHEN 'big' THEN 0 WHEN 'key' THEN 1 WHEN 'normal' THEN 2 WHEN 'potential' THEN 3 ELSE 4 END), id);
CREATE INDEX customers_abc_class_sort_idx ON customers ((CASE abc_class WHEN 'A' THEN 0 WHEN 'B' THEN 1 WHEN 'C' THEN 2 ELSE 3 END), id);
CREATE INDEX customers_region_sort_idx ON customers (COALESCE(region, '999999'), id);
CREATE INDEX customers_phone_digits_sort_idx ON customers ((CASE WHEN phone_digits = '' THEN '~' ELSE phone_digits END), id);
