-- SEC-10 (issue 17): the user agent beside the IP, the outcome of refused and failed operations,
-- and a retention that never breaks the chain's verification.
--
-- hash_version: rows written before this migration keep version 1 (their hash covers the content
-- they had: no user agent, no outcome) and verify as before; every new row is version 2, whose
-- hash input also covers user_agent and outcome (audit.chain.ts chainBody). A version-1 row that
-- later shows a user agent or an outcome other than success was altered.
ALTER TABLE audit_events
  ADD COLUMN user_agent text,
  ADD COLUMN outcome text NOT NULL DEFAULT 'success',
  ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;
-- old rows are all 'success' (the default): NOT VALID spares a scan of a large trail
ALTER TABLE audit_events ADD CONSTRAINT audit_events_outcome_check CHECK (outcome IN ('success', 'denied', 'failed')) NOT VALID;
-- the audit log's outcome filter: refusals are few, so a partial index stays small
CREATE INDEX audit_events_refused_idx ON audit_events (outcome, id DESC) WHERE outcome <> 'success';

-- Same as kedang_audit_append (0011) with the user agent and the outcome, as version 2.
CREATE FUNCTION kedang_audit_append_v2(
  p_at timestamptz, p_actor bigint, p_action text, p_entity_type text, p_entity_id text,
  p_data jsonb, p_ip text, p_request_id text, p_user_agent text, p_outcome text, p_body text, p_chains integer
) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_chain smallint := (pg_backend_pid() % p_chains)::smallint;
  v_prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(7365001, v_chain);
  SELECT a.hash INTO v_prev FROM audit_events a WHERE a.chain = v_chain ORDER BY a.id DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, data, ip, request_id, user_agent, outcome, hash_version, prev_hash, hash, chain)
  VALUES (p_at, p_actor, p_action, p_entity_type, p_entity_id, p_data, p_ip, p_request_id, p_user_agent, p_outcome, 2, v_prev,
          encode(sha256(convert_to(v_prev || p_body, 'UTF8')), 'hex'), v_chain);
END $$;

-- Same as kedang_audit_append_many (0066) with the user agent and the outcome, as version 2.
CREATE FUNCTION kedang_audit_append_many_v2(
  p_at timestamptz[], p_actor bigint[], p_action text[], p_entity_type text[], p_entity_id text[],
  p_data jsonb[], p_ip text[], p_request_id text[], p_user_agent text[], p_outcome text[], p_body text[], p_chains integer
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
    INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, data, ip, request_id, user_agent, outcome, hash_version, prev_hash, hash, chain)
    VALUES (p_at[i], p_actor[i], p_action[i], p_entity_type[i], p_entity_id[i], p_data[i], p_ip[i], p_request_id[i], p_user_agent[i], p_outcome[i], 2, v_prev, v_hash, v_chain);
    v_prev := v_hash;
  END LOOP;
END $$;

-- Retention: the only way rows leave the trail. Runs with the owner's rights (kedang_app still
-- cannot UPDATE, DELETE or TRUNCATE audit_events), never removes an event younger than 180 days
-- (the spec's minimum), removes a prefix of the trail in id order (everything before the first
-- event at or after p_before, at most p_limit rows) and keeps the last event of every chain (the
-- next append links to it). Returns how many rows went and, per chain, the hash of its last
-- removed row — the anchor from which `kedang audit verify` checks that chain's first kept row;
-- the caller records it in the chain itself (`audit.purged`) in the same transaction.
CREATE FUNCTION kedang_audit_purge(p_before timestamptz, p_limit integer, p_chains integer)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_boundary bigint;
  v_result jsonb;
BEGIN
  IF p_before > now() - interval '180 days' THEN
    RAISE EXCEPTION 'audit events are kept at least 180 days' USING ERRCODE = '22023';
  END IF;
  PERFORM pg_advisory_xact_lock(7365002); -- one purge at a time, whichever instance runs it
  SELECT a.id INTO v_boundary FROM audit_events a WHERE a.at >= p_before ORDER BY a.id LIMIT 1;
  v_boundary := coalesce(v_boundary, (SELECT max(a.id) + 1 FROM audit_events a), 0);
  WITH lasts AS (
    SELECT (SELECT a.id FROM audit_events a WHERE a.chain = c ORDER BY a.id DESC LIMIT 1) AS id
    FROM generate_series(0, p_chains - 1) AS c
  ), victims AS (
    SELECT a.id FROM audit_events a
    WHERE a.id < v_boundary AND a.id NOT IN (SELECT l.id FROM lasts l WHERE l.id IS NOT NULL)
    ORDER BY a.id LIMIT p_limit
  ), gone AS (
    DELETE FROM audit_events a USING victims v WHERE a.id = v.id RETURNING a.id, a.chain, a.hash
  ), anchors AS (
    SELECT DISTINCT ON (g.chain) g.chain, g.hash, g.id FROM gone g ORDER BY g.chain, g.id DESC
  )
  SELECT jsonb_build_object(
    'deleted', (SELECT count(*) FROM gone),
    'throughId', (SELECT max(g.id) FROM gone g),
    'anchors', coalesce((SELECT jsonb_object_agg(x.chain::text, x.hash) FROM anchors x), '{}'::jsonb)
  ) INTO v_result;
  RETURN v_result;
END $$;
REVOKE ALL ON FUNCTION kedang_audit_purge(timestamptz, integer, integer) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION kedang_audit_append_v2(timestamptz, bigint, text, text, text, jsonb, text, text, text, text, text, integer) TO kedang_app;
GRANT EXECUTE ON FUNCTION kedang_audit_append_many_v2(timestamptz[], bigint[], text[], text[], text[], jsonb[], text[], text[], text[], text[], text[], integer) TO kedang_app;
GRANT EXECUTE ON FUNCTION kedang_audit_purge(timestamptz, integer, integer) TO kedang_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
