-- REL-5 at 1M customers: the cadence reminder job inserts 20,000 tasks per statement (10,000
-- customers, a call and a visit each). The four foreign keys of tasks checked them a row at a time:
-- 80,000 trigger calls per statement, each a lookup with a key-share lock (the archive row; the
-- owner's user row locked over and over by two workers at once, through multixacts) — about a
-- third of the statement's time. The same guarantees are now checked once per statement, for all
-- its rows (every task, not only the reminders):
--  * customer_id: the archive exists. Archives are never deleted (0044, SEC-9) and their ids never
--    change, so nothing needs locking: one anti-join per statement (as 0042/0045 reasoned for the
--    history, the scores and the search terms, which dropped the key without a check).
--  * owner_id, created_by, completed_by: the user exists, locked FOR KEY SHARE as a foreign key
--    locks it, but each distinct user once per statement; deleting a user (or changing its id)
--    while a task refers to it is refused below, as the foreign keys refused it.
-- An UPDATE checks only the rows whose references changed. Errors keep the foreign keys' code,
-- constraint names and detail (23503, `Key (owner_id)=(…) is not present in table "users".`).
ALTER TABLE tasks
  DROP CONSTRAINT tasks_customer_id_fkey,
  DROP CONSTRAINT tasks_owner_id_fkey,
  DROP CONSTRAINT tasks_created_by_fkey,
  DROP CONSTRAINT tasks_completed_by_fkey;

CREATE FUNCTION tasks_check_references(customer_ids bigint[], owner_ids bigint[], creator_ids bigint[], completer_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  missing bigint;
  col text;
BEGIN
  PERFORM 1 FROM users u WHERE u.id = ANY (owner_ids || creator_ids || completer_ids) ORDER BY u.id FOR KEY SHARE OF u;
  SELECT x INTO missing FROM unnest(customer_ids) x WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = x) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tasks" violates foreign key constraint "tasks_customer_id_fkey"'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tasks', COLUMN = 'customer_id', CONSTRAINT = 'tasks_customer_id_fkey',
            DETAIL = format('Key (customer_id)=(%s) is not present in table "customers".', missing);
  END IF;
  SELECT x.id, x.col INTO missing, col
    FROM (SELECT unnest(owner_ids) AS id, 'owner_id' AS col UNION ALL SELECT unnest(creator_ids), 'created_by' UNION ALL SELECT unnest(completer_ids), 'completed_by') x
   WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x.id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tasks" violates foreign key constraint "tasks_%_fkey"', col
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tasks', COLUMN = col, CONSTRAINT = format('tasks_%s_fkey', col),
            DETAIL = format('Key (%s)=(%s) is not present in table "users".', col, missing);
  END IF;
END $$;

CREATE FUNCTION tasks_inserted_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tasks_check_references(
    ARRAY(SELECT DISTINCT customer_id FROM new_tasks WHERE customer_id IS NOT NULL),
    ARRAY(SELECT DISTINCT owner_id FROM new_tasks WHERE owner_id IS NOT NULL),
    ARRAY(SELECT DISTINCT created_by FROM new_tasks WHERE created_by IS NOT NULL),
    ARRAY(SELECT DISTINCT completed_by FROM new_tasks WHERE completed_by IS NOT NULL));
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_inserted_check_references AFTER INSERT ON tasks
  REFERENCING NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION tasks_inserted_check_references();

CREATE FUNCTION tasks_updated_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tasks_check_references(
    ARRAY(SELECT DISTINCT n.customer_id FROM new_tasks n JOIN old_tasks o ON o.id = n.id WHERE n.customer_id IS NOT NULL AND n.customer_id IS DISTINCT FROM o.customer_id),
    ARRAY(SELECT DISTINCT n.owner_id FROM new_tasks n JOIN old_tasks o ON o.id = n.id WHERE n.owner_id IS NOT NULL AND n.owner_id IS DISTINCT FROM o.owner_id),
    ARRAY(SELECT DISTINCT n.created_by FROM new_tasks n JOIN old_tasks o ON o.id = n.id WHERE n.created_by IS NOT NULL AND n.created_by IS DISTINCT FROM o.created_by),
    ARRAY(SELECT DISTINCT n.completed_by FROM new_tasks n JOIN old_tasks o ON o.id = n.id WHERE n.completed_by IS NOT NULL AND n.completed_by IS DISTINCT FROM o.completed_by));
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_updated_check_references AFTER UPDATE ON tasks
  REFERENCING OLD TABLE AS old_tasks NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION tasks_updated_check_references();

-- the referenced side: a user (or an archive, were its id ever changed) a task still refers to stays
CREATE FUNCTION tasks_referenced_user_kept() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text;
BEGIN
  SELECT c INTO col FROM (VALUES ('owner_id'), ('created_by'), ('completed_by')) v(c)
   WHERE CASE c WHEN 'owner_id' THEN EXISTS (SELECT 1 FROM tasks t WHERE t.owner_id = OLD.id)
                WHEN 'created_by' THEN EXISTS (SELECT 1 FROM tasks t WHERE t.created_by = OLD.id)
                ELSE EXISTS (SELECT 1 FROM tasks t WHERE t.completed_by = OLD.id) END
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'update or delete on table "users" violates foreign key constraint "tasks_%_fkey" on table "tasks"', col
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tasks', CONSTRAINT = format('tasks_%s_fkey', col),
            DETAIL = format('Key (id)=(%s) is still referenced from table "tasks".', OLD.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER users_referenced_by_tasks_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION tasks_referenced_user_kept();
CREATE TRIGGER users_referenced_by_tasks_renumbered AFTER UPDATE OF id ON users FOR EACH ROW WHEN (OLD.id <> NEW.id) EXECUTE FUNCTION tasks_referenced_user_kept();

CREATE FUNCTION tasks_referenced_customer_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM tasks t WHERE t.customer_id = OLD.id) THEN
    RAISE EXCEPTION 'update or delete on table "customers" violates foreign key constraint "tasks_customer_id_fkey" on table "tasks"'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tasks', CONSTRAINT = 'tasks_customer_id_fkey',
            DETAIL = format('Key (id)=(%s) is still referenced from table "tasks".', OLD.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_referenced_by_tasks_renumbered AFTER UPDATE OF id ON customers FOR EACH ROW WHEN (OLD.id <> NEW.id) EXECUTE FUNCTION tasks_referenced_customer_kept();
