-- PLT-6 /metrics shows the job queue: queued, active and failed jobs and the oldest waiting job's
-- age per queue. The queue's tables (schema pgboss, made by pg-boss when the scheduler first
-- starts, after the migrations) belong to the owner; requests run as kedang_app, so they read these
-- figures through this function, with the owner's rights and nothing else of the queue.
CREATE FUNCTION kedang_job_queue_stats()
RETURNS TABLE (queue text, queued bigint, active bigint, failed bigint, oldest_waiting_seconds double precision)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF to_regclass('pgboss.job') IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE $q$
    SELECT j.name::text,
           count(*) FILTER (WHERE j.state IN ('created', 'retry')),
           count(*) FILTER (WHERE j.state = 'active'),
           count(*) FILTER (WHERE j.state = 'failed'),
           coalesce(extract(epoch FROM now() - min(j.created_on) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now())), 0)::double precision
      FROM pgboss.job j
     WHERE j.name NOT LIKE '\_\_pgboss%'
     GROUP BY j.name
     ORDER BY j.name $q$;
END $$;
REVOKE ALL ON FUNCTION kedang_job_queue_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kedang_job_queue_stats() TO kedang_app;
