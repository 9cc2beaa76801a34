-- REL-9 survey results of a department manager at 1M customers (issue 16: ≤ 300 ms p95). The results
-- scope of a department manager is the customers of the departments they manage (the customer's
-- department now, surveys.rules resultsScope); their responses were found by reading every customer of
-- those departments (100,000 for the benchmark's department) and hashing them against all the range's
-- responses (200,000 over a year). Each response now carries its customer's current department, so the
-- department's responses of the range come from one index (≈ 20,000); each response's customer is still
-- read and checked by the access policy, and the customer's department stays the condition — the copy
-- only finds the rows.
--
-- Kept in the writing transaction: a response takes its customer's department when it is written (or
-- moved to another customer), reading the customer's row FOR SHARE so that a department change still
-- uncommitted is waited for and its department taken; a customer's department change rewrites the
-- department of its responses (the change holds the row, so a response being written either waits for
-- it or is seen by it). A restore copies the column as it was.
ALTER TABLE survey_responses ADD COLUMN department_id bigint;
UPDATE survey_responses r SET department_id = c.department_id FROM customers c WHERE c.id = r.customer_id;
CREATE INDEX survey_responses_department_idx ON survey_responses (department_id, responded_at);

CREATE FUNCTION survey_responses_take_department() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.department_id INTO NEW.department_id FROM customers c WHERE c.id = NEW.customer_id FOR SHARE;
  RETURN NEW;
END $$;
CREATE TRIGGER survey_responses_department BEFORE INSERT OR UPDATE OF customer_id, department_id ON survey_responses
  FOR EACH ROW EXECUTE FUNCTION survey_responses_take_department();

CREATE FUNCTION survey_responses_customer_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE survey_responses SET department_id = NEW.department_id WHERE customer_id = NEW.id AND department_id IS DISTINCT FROM NEW.department_id;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_survey_responses_department AFTER UPDATE OF department_id ON customers
  FOR EACH ROW WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id)
  EXECUTE FUNCTION survey_responses_customer_moved();
