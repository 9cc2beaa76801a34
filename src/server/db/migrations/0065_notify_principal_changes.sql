-- PLT-7: every instance caches signed-in principals (session/token + user + managed departments);
-- any change that can alter one is announced on the channel kedang_principals after its commit,
-- whatever code (or SQL console) made it, and every instance forgets what it cached.
CREATE FUNCTION kedang_notify_principals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kedang_principals', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

-- a session's or token's periodic touch (last_seen_at, last_used_at) is not a change of principal
CREATE TRIGGER sessions_principal_changed AFTER UPDATE OF revoked_at, expires_at, user_id, created_at OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION kedang_notify_principals();
CREATE TRIGGER api_tokens_principal_changed AFTER UPDATE OF revoked_at, expires_at, scopes, user_id OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION kedang_notify_principals();
CREATE TRIGGER users_principal_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION kedang_notify_principals();
CREATE TRIGGER departments_principal_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON departments
  FOR EACH STATEMENT EXECUTE FUNCTION kedang_notify_principals();
