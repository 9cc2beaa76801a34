/** REL-3 外勤签到: a day's check-ins per rep for managers (and each rep's own), placed by check-ins.rules. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import type { Principal } from '../auth/principal.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { placeCheckIn } from './check-ins.rules.js';
import { chinaDayEnd, chinaDayStart } from '../../shared/working-days.rules.js';

export async function listCheckIns(db: Kysely<DB>, p: Principal, q: { date?: string | undefined; userId?: string | undefined; maxDistanceM: number }, now = new Date()) {
  const subject = await subjectOf(db, p);
  const day = q.date ?? chinaDate(now);
  const start = chinaDayStart(day);
  const end = chinaDayEnd(day);
  let query = db
    .selectFrom('communications as m')
    .innerJoin('customers as c', 'c.id', 'm.customer_id')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.customer_id', 'c.name', 'm.user_id', 'u.display_name', 'm.channel', 'm.subject', 'm.check_in_lat', 'm.check_in_lng', 'm.check_in_accuracy', 'm.check_in_at'])
    // the first check-in ever at this customer: the reference point
    .select(sql<{ id: string; lat: number; lng: number } | null>`(SELECT json_build_object('id', f.id::text, 'lat', f.check_in_lat, 'lng', f.check_in_lng) FROM communications f WHERE f.customer_id = m.customer_id AND f.check_in_at IS NOT NULL ORDER BY f.check_in_at, f.id LIMIT 1)`.as('reference'))
    .where(visibleCustomers(subject))
    .where('m.check_in_at', '>=', start)
    .where('m.check_in_at', '<', end);
  if (q.userId) query = query.where('m.user_id', '=', q.userId);
  const rows = await query.orderBy('m.user_id').orderBy('m.check_in_at').limit(2000).execute();
  return {
    maxDistanceM: q.maxDistanceM,
    items: rows.map((r) => {
      const place = placeCheckIn({ id: r.id, lat: r.check_in_lat!, lng: r.check_in_lng! }, r.reference, q.maxDistanceM);
      return { communicationId: r.id, customerId: r.customer_id, customerName: r.name, userId: r.user_id, userName: r.display_name, channel: r.channel, subject: r.subject, lat: r.check_in_lat!, lng: r.check_in_lng!, accuracy: r.check_in_accuracy ?? 0, at: r.check_in_at!.toISOString(), place: place.status, distanceM: place.distanceM };
    }),
  };
}
