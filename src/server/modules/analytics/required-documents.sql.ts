/**
 * ARC-6: the archives holding every required document category, as one grouped pass over the
 * documents (the completeness report's totals and the archive register's "missing documents only"
 * filter read the same set).
 */
import { sql, type RawBuilder } from 'kysely';

/** `SELECT customer_id` of the archives that hold a live document of each category in `required` (non-empty). */
export function holdingAllRequired(required: readonly string[]): RawBuilder<unknown> {
  return sql`SELECT d.customer_id FROM documents d WHERE d.deleted_at IS NULL AND d.category = ANY(${[...required]}::text[]) GROUP BY 1 HAVING count(DISTINCT d.category) = ${required.length}`;
}
