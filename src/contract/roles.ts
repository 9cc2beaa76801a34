/** Role keys are stable API identifiers (spec README); display names are translated in the web client. */
import { z } from 'zod';

export const roleKeys = [
  'admin',
  'gm',
  'office_head',
  'marketing_director',
  'marketing_manager',
  'cs_manager',
  'cs_staff',
  'sales',
  'finance',
  'archivist',
  'dept_staff',
] as const;
export type RoleKey = (typeof roleKeys)[number];
export const roleKeySchema = z.enum(roleKeys);

/**
 * Permissions a route may require. Which role holds which permission is decided
 * in server/modules/access/access.rules.ts — the one access-policy module.
 */
export const permissions = [
  'users.manage', // users, departments, settings
  'audit.read',
  'audit.export',
  'approvals.delegate', // the gm names a deputy for secret-level borrowing (SEC-5)
  'borrowing.register', // 查借阅登记: every request, decision and read under a grant (SEC-6)
  'recycle.manage', // the recycle bin and the destruction register (SEC-8, SEC-9)
  'personal.manage', // data-subject export and erasure of personal data (SEC-12)
] as const;
export type Permission = (typeof permissions)[number];
