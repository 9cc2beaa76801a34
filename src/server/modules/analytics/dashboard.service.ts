/**
 * ANA-2 the home page's figures, each a count or a sum, never a whole report: complaints and
 * contact dues from those modules' services (complaints: the caller's visible complaints; relations:
 * the caller's own customers' contact dues), this month's sales (salesFigures: the composition's
 * total without its groups) and the archivist's register (archiveFigures: the completeness report's
 * totals without its rows). A figure a role has no duty for is null, and its widget is absent.
 */
import type { Kysely } from 'kysely';
import type { Dashboard } from '../../../contract/analytics.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';
import { complaintSeeAllRoles } from '../access/complaint-access.rules.js';
import { registerKeeperRoles } from '../access/customer-access.rules.js';
import type { Principal } from '../auth/principal.js';
import { complaintFigures } from '../complaints/complaints.query.js';
import { contactDueFigures } from '../relations/contact-overview.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { salesFigures } from './composition.service.js';
import { archiveFigures } from './reports.service.js';

/** Who sees this month's sales on the home page, and whose: a rep who manages nobody counts their own customers. */
const sellerRoles: readonly RoleKey[] = ['sales', 'marketing_manager', 'marketing_director', 'gm'];
const managerRoles: readonly RoleKey[] = ['marketing_manager', 'marketing_director', 'gm'];

export async function getDashboard(db: Kysely<DB>, p: Principal, now = new Date()): Promise<Dashboard> {
  const has = (roles: readonly RoleKey[]) => p.roles.some((r) => roles.includes(r));
  const today = chinaDate(now);
  const [complaints, contacts, salesMonth, archives] = await Promise.all([
    has(complaintSeeAllRoles) ? complaintFigures(db, p, now) : null,
    p.roles.includes('sales') ? contactDueFigures(db, p, now) : null,
    has(sellerRoles) ? salesFigures(db, p, { from: `${today.slice(0, 8)}01`, to: today, ownerId: p.roles.includes('sales') && !has(managerRoles) ? p.userId : undefined }) : null,
    has(registerKeeperRoles) ? archiveFigures(db, p) : null,
  ]);
  return { complaints, contacts, salesMonth, archives };
}
