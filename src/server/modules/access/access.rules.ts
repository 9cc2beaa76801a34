/**
 * The access policy (spec 02): which role holds which permission. Pure, no I/O.
 * Customer-record visibility (SEC-2…SEC-6) will live here too, beside these rules.
 */
import type { Permission, RoleKey } from '../../../contract/roles.js';

const rolePermissions: Record<RoleKey, readonly Permission[]> = {
  admin: ['users.manage', 'audit.read', 'audit.export', 'personal.manage'],
  gm: ['audit.read', 'audit.export', 'approvals.delegate', 'borrowing.register', 'recycle.manage'],
  office_head: ['borrowing.register'],
  marketing_director: [],
  marketing_manager: [],
  cs_manager: ['borrowing.register', 'recycle.manage'],
  cs_staff: [],
  sales: [],
  finance: [],
  archivist: ['borrowing.register', 'recycle.manage'],
  dept_staff: [],
};

export function permissionsOf(roles: readonly RoleKey[]): Permission[] {
  return [...new Set(roles.flatMap((r) => rolePermissions[r] ?? []))].sort();
}

export function hasPermission(roles: readonly RoleKey[], permission: Permission): boolean {
  return roles.some((r) => rolePermissions[r]?.includes(permission));
}

import type { TokenScope } from '../../shared/principal.js';
export type { TokenScope };
/** A personal access token with scope `read` may only call safe methods. */
export function scopeAllows(scopes: readonly TokenScope[], method: string): boolean {
  const safe = method === 'GET' || method === 'HEAD';
  return safe ? scopes.includes('read') || scopes.includes('write') : scopes.includes('write');
}
