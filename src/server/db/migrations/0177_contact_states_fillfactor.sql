-- REL-5 (issue 13): the cadence reminder job marks up to every customer's contact state as reminded
-- (call_reminded_for / visit_reminded_for, in no index). With room left on each page that UPDATE is
-- a heap-only (HOT) one: no new entry in the four indexes of contact_states for each of 1M rows.
-- CLUSTER rewrites the table once so that the existing pages get that room too.
ALTER TABLE contact_states SET (fillfactor = 70);
CLUSTER contact_states USING contact_states_pkey;
