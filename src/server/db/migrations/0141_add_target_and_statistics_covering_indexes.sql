-- Issue 16 (REL-11 targets, REL-9 survey results) and issue 14 (SVC-9 statistics) at 1M customers:
-- covering indexes so that the aggregates read a department's customers, a period's transactions and
-- communications and a year's complaints from the index alone (index-only scans), instead of visiting
-- 100,000 scattered heap rows (customers) or probing an index once per customer (transactions).

-- An owner's customers with every column the target figures filter on (visibility by row, lifecycle,
-- merge, filing day, class for the cadence).
CREATE INDEX IF NOT EXISTS customers_owner_cover_idx ON customers (owner_id)
  INCLUDE (id, department_id, secrecy_level, abc_class, lifecycle, merged_into, filed_on);
-- A department's customers likewise (survey results of a department manager).
CREATE INDEX IF NOT EXISTS customers_department_cover_idx ON customers (department_id)
  INCLUDE (id, owner_id, secrecy_level, abc_class);
-- A period's transactions (sales per owner, activity for retention) and communications (cadence, retention).
CREATE INDEX IF NOT EXISTS transactions_date_cover_idx ON transactions (date) INCLUDE (customer_id, amount);
CREATE INDEX IF NOT EXISTS communications_occurred_cover_idx ON communications (occurred_at) INCLUDE (customer_id, channel);
-- A period's complaints with every column the 统计表 aggregates (SVC-9).
CREATE INDEX IF NOT EXISTS complaints_received_cover_idx ON complaints (received_at)
  INCLUDE (id, customer_id, channel, category, responsible_department_id, resolution_kind, loss_amount, resolved_at, deadline_at, satisfaction, products);
