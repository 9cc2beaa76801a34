-- ANA-2 REL-9 issue 15: the survey results of the home page's result readers (gm, customer-service
-- manager, marketing manager and director: every response, or every one but the top-secret
-- archives') are served from composition_cache while no write they read has committed since — a
-- fifth kind of write in the log of migration 0207:
--
--   surveys   survey_responses, surveys, survey_template_versions (the responses, their survey's
--             template version, its questions), a customer's name (the worst customers' names), a
--             user's display name or a deleted user (the owners' names)
--
-- with `listing` for who is below top secret (crossing top secret is a listing write).
ALTER TABLE analytics_write_log DROP CONSTRAINT analytics_write_log_domain_check;
ALTER TABLE analytics_write_log ADD CONSTRAINT analytics_write_log_domain_check CHECK (domain IN ('sales', 'attributes', 'listing', 'evaluations', 'surveys'));
ALTER TABLE analytics_generation DROP CONSTRAINT analytics_generation_domain_check;
ALTER TABLE analytics_generation ADD CONSTRAINT analytics_generation_domain_check CHECK (domain IN ('sales', 'attributes', 'listing', 'evaluations', 'surveys'));
INSERT INTO analytics_generation (domain, n) VALUES ('surveys', 0);

CREATE TRIGGER analytics_write_survey_responses AFTER INSERT OR UPDATE OR DELETE ON survey_responses FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('surveys');
CREATE TRIGGER analytics_write_survey_responses_truncate AFTER TRUNCATE ON survey_responses FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('surveys');
CREATE TRIGGER analytics_write_surveys AFTER INSERT OR UPDATE OR DELETE ON surveys FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('surveys');
CREATE TRIGGER analytics_write_surveys_truncate AFTER TRUNCATE ON surveys FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('surveys');
CREATE TRIGGER analytics_write_survey_template_versions AFTER INSERT OR UPDATE OR DELETE ON survey_template_versions FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('surveys');
CREATE TRIGGER analytics_write_survey_template_versions_truncate AFTER TRUNCATE ON survey_template_versions FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('surveys');
-- a rename only when the name changes (a statement of many rows adds one log row)
CREATE TRIGGER analytics_write_customer_name AFTER UPDATE OF name ON customers FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION kedang_analytics_write('surveys');
CREATE TRIGGER analytics_write_user_name AFTER UPDATE OF display_name ON users FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name) EXECUTE FUNCTION kedang_analytics_write('surveys');
CREATE TRIGGER analytics_write_users_deleted AFTER DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION kedang_analytics_write('surveys');
