-- ANA-2 SAL-1 issue 15: the few archives whose payments finance and the roles that see every
-- archive may not read are among these (secret and above, or A-class); the aging summary reads the
-- open_receivables rollup whole and subtracts those of them the caller may not read
-- (paymentsHidden in access/customer-access.sql.ts) instead of joining every customer.
CREATE INDEX customers_restricted_idx ON customers (id) INCLUDE (secrecy_level, abc_class, owner_id, department_id)
  WHERE secrecy_level <> 'none' OR abc_class = 'A';
