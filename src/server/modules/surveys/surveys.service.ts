/**
 * Satisfaction surveys (REL-9). This file starts with what other modules read: the satisfaction
 * figures per owner for targets (REL-11). The survey service (templates, sending, responses,
 * results) grows here.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type OwnerSatisfaction = { count: number; avgRating: number | null };

/**
 * Responses answered in [from, to) per owner at the time of the response: how many, and the mean
 * of their average ratings (responses without a rating count but do not move the mean).
 * The caller decides which owners it may report on.
 */
export async function satisfactionByOwner(
  db: Kysely<DB>,
  q: { from: Date; to: Date; ownerIds: readonly string[] },
): Promise<Map<string, OwnerSatisfaction>> {
  const out = new Map<string, OwnerSatisfaction>();
  if (q.ownerIds.length === 0) return out;
  const rows = await db
    .selectFrom('survey_responses')
    .select([
      'owner_id',
      sql<string>`count(*)`.as('n'),
      sql<string | null>`round(avg(avg_rating), 2)`.as('avg'),
    ])
    .where('owner_id', 'in', [...q.ownerIds])
    .where('responded_at', '>=', q.from)
    .where('responded_at', '<', q.to)
    .groupBy('owner_id')
    .execute();
  for (const r of rows) {
    if (r.owner_id === null) continue;
    out.set(r.owner_id, { count: Number(r.n), avgRating: r.avg === null ? null : Number(r.avg) });
  }
  return out;
}
