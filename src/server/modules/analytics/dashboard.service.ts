/**
 * ANA-2 the home page's complaint and contact figures: each from its module's service (complaints:
 * the caller's visible complaints; relations: the caller's own customers' contact dues). A figure
 * a role has no duty for is null, and its widget is absent.
 */
import type { Kysely } from 'kysely';
import type { Dashboard } from '../../../contract/analytics.js';
import type { DB } from '../../db/schema.js';
import { complaintSeeAllRoles } from '../access/complaint-access.rules.js';
import type { Principal } from '../auth/principal.js';
import { complaintFigures } from '../complaints/complaints.query.js';
import { contactDueFigures } from '../relations/contact-overview.service.js';

export async function getDashboard(db: Kysely<DB>, p: Principal, now = new Date()): Promise<Dashboard> {
  const [complaints, contacts] = await Promise.all([
    p.roles.some((r) => complaintSeeAllRoles.includes(r)) ? complaintFigures(db, p, now) : null,
    p.roles.includes('sales') ? contactDueFigures(db, p, now) : null,
  ]);
  return { complaints, contacts };
}
