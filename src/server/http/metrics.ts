/** Prometheus metrics (PLT-6): request counts and latency per route, database pool, process. */
import { timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import client from 'prom-client';

type QueueRow = { queue: string; queued: string; active: string; failed: string; oldest_waiting_seconds: number };

/** Whether a request may read /metrics: no token configured, or the right bearer token (compared in constant time). */
export function metricsAllowed(token: string | undefined, authorization: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function createMetrics(pool: pg.Pool) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'kedang_' });
  const requests = new client.Counter({ name: 'kedang_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new client.Histogram({
    name: 'kedang_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: 'kedang_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  // the job queue (PLT-6): per queue, jobs waiting, running, failed, and the oldest waiting one's age
  const queue = (name: string, help: string, pick: (r: QueueRow) => number) =>
    new client.Gauge({ name, help, labelNames: ['queue'], registers: [registry], async collect() {
      this.reset();
      for (const r of await queueRows()) this.set({ queue: r.queue }, pick(r));
    } });
  let cached: { at: number; rows: Promise<QueueRow[]> } | null = null;
  const queueRows = () => {
    // one query per scrape for the four gauges
    if (!cached || Date.now() - cached.at > 1000) cached = { at: Date.now(), rows: pool.query<QueueRow>('SELECT * FROM kedang_job_queue_stats()').then((r) => r.rows, () => []) };
    return cached.rows;
  };
  queue('kedang_jobs_queued', 'Jobs waiting to run, per queue', (r) => Number(r.queued));
  queue('kedang_jobs_active', 'Jobs running, per queue', (r) => Number(r.active));
  queue('kedang_jobs_failed', 'Failed jobs not yet archived, per queue', (r) => Number(r.failed));
  queue('kedang_jobs_oldest_waiting_seconds', 'Age of the oldest job waiting to run, per queue', (r) => Number(r.oldest_waiting_seconds));
  return {
    registry,
    observe(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
  };
}
