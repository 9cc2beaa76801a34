-- REL-9 issue 16: each survey response's answers as narrow rows, ready to count.
--
-- The survey results count answers per (question, rating, choice). Reading them from
-- survey_responses.answers meant carrying every response's jsonb through the results' working set
-- and expanding it there; this table holds one row per answer element (in its order), so the
-- results count them by joining the working set's response ids.
--
-- rating and choice are exactly what the results read from the jsonb: (a->>'rating')::int and
-- a->>'choice' (a text answer has neither; it still counts as an answer to its question).
--
-- Kept by statement-level triggers on survey_responses in the same transaction as the write, so
-- every writer (the API's saveResponse, the benchmark's top-up, tests, the demo) keeps it without
-- knowing it exists; a deleted response's rows go by cascade. Visibility is not stored here: the
-- results still judge each response by its customer as it is now.
CREATE TABLE survey_response_ratings (
  response_id  bigint NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
  ord          integer NOT NULL,
  question_id  text,
  rating       integer,
  choice       text,
  PRIMARY KEY (response_id, ord) INCLUDE (question_id, rating, choice)
);

CREATE FUNCTION kedang_survey_response_ratings_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.answers IS DISTINCT FROM n.answers LIMIT 1;
    IF NOT FOUND THEN RETURN NULL; END IF;
    DELETE FROM survey_response_ratings x USING old_rows o JOIN new_rows n ON n.id = o.id
     WHERE x.response_id = n.id AND o.answers IS DISTINCT FROM n.answers;
    INSERT INTO survey_response_ratings (response_id, ord, question_id, rating, choice)
    SELECT n.id, a.ord, a.e->>'questionId', (a.e->>'rating')::int, a.e->>'choice'
      FROM old_rows o JOIN new_rows n ON n.id = o.id, jsonb_array_elements(n.answers) WITH ORDINALITY a(e, ord)
     WHERE o.answers IS DISTINCT FROM n.answers AND jsonb_typeof(n.answers) = 'array';
    RETURN NULL;
  END IF;
  INSERT INTO survey_response_ratings (response_id, ord, question_id, rating, choice)
  SELECT n.id, a.ord, a.e->>'questionId', (a.e->>'rating')::int, a.e->>'choice'
    FROM new_rows n, jsonb_array_elements(n.answers) WITH ORDINALITY a(e, ord)
   WHERE jsonb_typeof(n.answers) = 'array';
  RETURN NULL;
END $$;

CREATE TRIGGER survey_response_ratings_insert AFTER INSERT ON survey_responses REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_survey_response_ratings_apply();
CREATE TRIGGER survey_response_ratings_update AFTER UPDATE ON survey_responses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kedang_survey_response_ratings_apply();

-- the responses recorded so far
INSERT INTO survey_response_ratings (response_id, ord, question_id, rating, choice)
SELECT r.id, a.ord, a.e->>'questionId', (a.e->>'rating')::int, a.e->>'choice'
  FROM survey_responses r, jsonb_array_elements(r.answers) WITH ORDINALITY a(e, ord)
 WHERE jsonb_typeof(r.answers) = 'array';
ANALYZE survey_response_ratings;
