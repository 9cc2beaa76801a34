-- SEC-10: appending to the audit trail in one round trip. The function takes the lock of the
-- session's chain, then (a new statement, so a new snapshot: it sees every row committed before
-- the lock was granted) reads the chain's last hash and inserts the row chained to it. It runs
-- with the caller's rights (kedang_app may insert audit rows, never change them).
CREATE FUNCTION kedang_audit_append(
  p_at timestamptz, p_actor bigint, p_action text, p_entity_type text, p_entity_id text,
  p_data jsonb, p_ip text, p_request_id text, p_body text, p_chains integer
) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_chain smallint := (pg_backend_pid() % p_chains)::smallint;
  v_prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(7365001, v_chain);
  SELECT a.hash INTO v_prev FROM audit_events a WHERE a.chain = v_chain ORDER BY a.id DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, data, ip, request_id, prev_hash, hash, chain)
  VALUES (p_at, p_actor, p_action, p_entity_type, p_entity_id, p_data, p_ip, p_request_id, v_prev,
          encode(sha256(convert_to(v_prev || p_body, 'UTF8')), 'hex'), v_chain);
END $$;

GRANT EXECUTE ON FUNCTION kedang_audit_append(timestamptz, bigint, text, text, text, jsonb, text, text, text, integer) TO kedang_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
