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
export type WriteDomain = 'sales' | 'attributes' | 'listing' | 'evaluations' | 'surveys';

/**
 * The write generation of some domains as the current snapshot sees it. Each domain's part only
 * grows, so equal generations in two snapshots mean the same data of those domains.
 */
export const generationOf = (domains: readonly WriteDomain[]) => {
  if (domains.length === 0) return sql<string>`0::bigint`;
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
): Promise<{ generation: string; results: Map<string, T>; stamp: Stamp }> {
  const t0 = Date.now();
  const computed = await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (tx) => {
    if (opts.statementTimeout) await sql`SET LOCAL statement_timeout = ${sql.lit(opts.statementTimeout)}`.execute(tx);
    const head = (await sql<Stamp>`SELECT ${generationOf(domains)}::text AS generation, ${generationOf(fixedDomains(domains))}::text AS fixed, pg_current_snapshot()::text AS snapshot`.execute(tx)).rows[0]!;
    await opts.afterSnapshot?.();
    return { stamp: head, generation: head.generation, results: await compute(tx, head.generation) };
  });
  const ms = Date.now() - t0;
  for (const [dimension, result] of computed.results) await storeEntry(db, { ...key, dimension }, computed.stamp, result, ms);
  return { generation: computed.generation, results: computed.results, stamp: computed.stamp };
}

/** What an entry is stamped with: the generation of its domains, that of its domains other than sales, and the snapshot it was computed in (migration 0213). */
export type Stamp = { generation: string; fixed: string; snapshot: string };
/** The domains of a result other than sales: a write of these makes an entry recomputed in full; sales are applied as deltas (ANA-4). */
export const fixedDomains = (domains: readonly WriteDomain[]): WriteDomain[] => domains.filter((d) => d !== 'sales');
/** Stores a result with its stamp: an older stamp is replaced, a newer one kept. */
export async function storeEntry(db: Kysely<DB>, k: CacheKey, stamp: Stamp, result: unknown, ms: number): Promise<void> {
  await sql`INSERT INTO composition_cache AS k (audience, dimension, from_day, to_day, generation, result, computed_ms, snapshot, fixed_generation)
            VALUES (${k.audience}, ${k.dimension}, ${k.from}::date, ${k.to}::date, ${stamp.generation}::bigint, ${JSON.stringify(result)}::jsonb, ${ms}, ${stamp.snapshot}::pg_snapshot, ${stamp.fixed}::bigint)
            ON CONFLICT (audience, dimension, from_day, to_day) DO UPDATE SET generation = EXCLUDED.generation, result = EXCLUDED.result, computed_ms = EXCLUDED.computed_ms, computed_at = now(),
              snapshot = EXCLUDED.snapshot, fixed_generation = EXCLUDED.fixed_generation
            WHERE k.generation < EXCLUDED.generation`.execute(db);
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

/**
 * Prunes the sales deltas (migration 0213) every stored entry has seen: those of transactions below
 * the oldest entry snapshot's xmin (all finished when it was taken: seen, or rolled back). The floor
 * only rises; an entry whose snapshot's xmin is below it is recomputed in full.
 */
export async function pruneSalesDeltas(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const floor = (
      await sql<{ floor: string }>`UPDATE analytics_delta_floor f SET floor = greatest(f.floor,
          coalesce((SELECT min(pg_snapshot_xmin(k.snapshot)) FROM composition_cache k WHERE k.snapshot IS NOT NULL), pg_snapshot_xmin(pg_current_snapshot())))
        RETURNING f.floor::text AS floor`.execute(tx)
    ).rows[0]!.floor;
    await sql`DELETE FROM analytics_sales_deltas WHERE xid < ${floor}::xid8`.execute(tx);
  });
}
