-- SEC-10 × PLT-7: several audit events in one statement (reads audited while others are being
-- written are appended together: group commit). Same chain rules as kedang_audit_append (0011):
-- the session's chain lock, its last hash read after the lock, then each row chained to the one
-- before it, in the order given.
CREATE FUNCTION kedang_audit_append_many(
  p_at timestamptz[], p_actor bigint[], p_action text[], p_entity_type text[], p_entity_id text[],
  p_data jsonb[], p_ip text[], p_request_id text[], p_body text[], p_chains integer
) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_chain smallint := (pg_backend_pid() % p_chains)::smallint;
  v_prev text;
  v_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(7365001, v_chain);
  SELECT a.hash INTO v_prev FROM audit_events a WHERE a.chain = v_chain ORDER BY a.id DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR i IN 1 .. coalesce(array_length(p_body, 1), 0) LOOP
    v_hash := encode(sha256(convert_to(v_prev || p_body[i], 'UTF8')), 'hex');
    INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, data, ip, request_id, prev_hash, hash, chain)
    VALUES (p_at[i], p_actor[i], p_action[i], p_entity_type[i], p_entity_id[i], p_data[i], p_ip[i], p_request_id[i], v_prev, v_hash, v_chain);
    v_prev := v_hash;
  END LOOP;
END $$;

GRANT EXECUTE ON FUNCTION kedang_audit_append_many(timestamptz[], bigint[], text[], text[], text[], jsonb[], text[], text[], text[], integer) TO kedang_app;
