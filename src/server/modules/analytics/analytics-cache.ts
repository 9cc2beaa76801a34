/**
 * ANA-2 ANA-4 the results cache of the callers whose answer does not depend on who they are
 * (composition_cache, migrations 0194 and 0207): the gm (every listed archive, audience `all`) and
 * the marketing manager and director (every listed archive below top secret, `below_top_secret`).
 * Each result names the kinds of write it reads (its domains); it is stamped with their write
 * generation — base + committed log rows of those domains, read in one snapshot — and served only
 * while the reader's generation is the same, i.e. while no write of those domains has committed
 * since. Used by the compositions, the home page's sales of the month and the grade migration.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type CacheAudience = 'all' | 'below_top_secret';
/** The kinds of write the log tells apart (migration 0207). */
export type WriteDomain = 'sales' | 'attributes' | 'listing' | 'evaluations';

/**
 * The write generation of some domains as the current snapshot sees it. Each domain's part only
 * grows, so equal generations in two snapshots mean the same data of those domains.
 */
export const generationOf = (domains: readonly WriteDomain[]) => {
  const list = sql.join(domains.map((d) => sql.lit(d)));
  return sql<string>`((SELECT coalesce(sum(g.n), 0) FROM analytics_generation g WHERE g.domain IN (${list})) + (SELECT count(*) FROM analytics_write_log l WHERE l.domain IN (${list})))`;
};

export type CacheKey = { audience: CacheAudience; dimension: string; from: string; to: string };

/** The cached result if no write of its domains was committed since it was computed; null otherwise. */
export async function cachedResult<T>(db: Kysely<DB>, k: CacheKey, domains: readonly WriteDomain[]): Promise<T | null> {
  const r = (
    await sql<{ result: T }>`SELECT k.result FROM composition_cache k
      WHERE k.audience = ${k.audience} AND k.dimension = ${k.dimension} AND k.from_day = ${k.from}::date AND k.to_day = ${k.to}::date AND k.generation = ${generationOf(domains)}`.execute(db)
  ).rows[0];
  return r?.result ?? null;
}

/**
 * Computes results in one REPEATABLE READ read-only snapshot whose first statement reads the
 * generation of `domains`, and stores each (by dimension) with that generation: an older stamp is
 * replaced, a newer one kept — an entry is never newer or older than its stamp, whatever commits
 * during the computation. `afterSnapshot` runs between the two (tests commit a write there).
 */
export async function computeAndStore<T>(
  db: Kysely<DB>,
  key: Omit<CacheKey, 'dimension'>,
  domains: readonly WriteDomain[],
  compute: (tx: Kysely<DB>, generation: string) => Promise<Map<string, T>>,
  opts: { statementTimeout?: string; afterSnapshot?: () => Promise<void> } = {},
): Promise<{ generation: string; results: Map<string, T> }> {
  const t0 = Date.now();
  const computed = await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (tx) => {
    if (opts.statementTimeout) await sql`SET LOCAL statement_timeout = ${sql.lit(opts.statementTimeout)}`.execute(tx);
    const generation = (await sql<{ g: string }>`SELECT ${generationOf(domains)}::text AS g`.execute(tx)).rows[0]!.g;
    await opts.afterSnapshot?.();
    return { generation, results: await compute(tx, generation) };
  });
  const ms = Date.now() - t0;
  for (const [dimension, result] of computed.results) {
    await sql`INSERT INTO composition_cache AS k (audience, dimension, from_day, to_day, generation, result, computed_ms)
              VALUES (${key.audience}, ${dimension}, ${key.from}::date, ${key.to}::date, ${computed.generation}::bigint, ${JSON.stringify(result)}::jsonb, ${ms})
              ON CONFLICT (audience, dimension, from_day, to_day) DO UPDATE SET generation = EXCLUDED.generation, result = EXCLUDED.result, computed_ms = EXCLUDED.computed_ms, computed_at = now()
              WHERE k.generation < EXCLUDED.generation`.execute(db);
  }
  return computed;
}

/** The cached result, or computed (and cached) when a write of its domains has committed since. */
export async function cachedOrComputed<T>(db: Kysely<DB>, k: CacheKey, domains: readonly WriteDomain[], compute: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  const hit = await cachedResult<T>(db, k, domains);
  if (hit !== null) return hit;
  const r = await computeAndStore(db, k, domains, async (tx) => new Map([[k.dimension, await compute(tx)]]));
  return r.results.get(k.dimension)!;
}

/** Folds the write log into the generations (one statement: every domain's generation is unchanged by it). */
export async function foldWriteLog(db: Kysely<DB>): Promise<void> {
  await sql`WITH d AS (DELETE FROM analytics_write_log RETURNING domain)
            UPDATE analytics_generation g SET n = g.n + x.k FROM (SELECT domain, count(*) AS k FROM d GROUP BY domain) x WHERE g.domain = x.domain`.execute(db);
}
