/**
 * The rate-limit counters of @fastify/rate-limit kept in PostgreSQL (table rate_limits), so every
 * application instance on the database counts against one allowance. One statement per counted
 * request: an upsert that starts a new window when the old one has expired.
 */
import type pg from 'pg';

type Result = { current: number; ttl: number };
type Callback = (err: Error | null, res: Result | null) => void;

const incrSql = `
  INSERT INTO rate_limits (key, hits, expires_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN rate_limits.expires_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
    expires_at = CASE WHEN rate_limits.expires_at <= now() THEN now() + $2 * interval '1 millisecond' ELSE rate_limits.expires_at END
  RETURNING hits, greatest(0, ceil(extract(epoch FROM expires_at - now()) * 1000))::int AS ttl`;

/** A store class for @fastify/rate-limit's `store` option, bound to `pool`. */
export function postgresRateLimitStore(pool: pg.Pool) {
  let calls = 0;
  return class PostgresRateLimitStore {
    constructor(_options?: unknown, private readonly prefix = '') {}
    incr(key: string, cb: Callback, timeWindow: number) {
      pool.query<{ hits: number; ttl: number }>(incrSql, [this.prefix + key, timeWindow]).then(
        (r) => cb(null, { current: r.rows[0]!.hits, ttl: r.rows[0]!.ttl }),
        (e: Error) => cb(e, null),
      );
      // now and then, expired counters are removed (keys are per client address)
      if (++calls % 500 === 0) void pool.query(`DELETE FROM rate_limits WHERE expires_at < now() - interval '1 hour'`).catch(() => undefined);
    }
    read(key: string, cb: Callback) {
      pool.query<{ hits: number; ttl: number }>(`SELECT hits, greatest(0, ceil(extract(epoch FROM expires_at - now()) * 1000))::int AS ttl FROM rate_limits WHERE key = $1 AND expires_at > now()`, [this.prefix + key]).then(
        (r) => cb(null, r.rows[0] ? { current: r.rows[0].hits, ttl: r.rows[0].ttl } : { current: 0, ttl: 0 }),
        (e: Error) => cb(e, null),
      );
    }
    child(routeOptions: { routeInfo: { method: string; url: string } }) {
      return new PostgresRateLimitStore(undefined, `${this.prefix}${routeOptions.routeInfo.method}${routeOptions.routeInfo.url}-`);
    }
  };
}
