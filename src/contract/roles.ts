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
] as const;
export type Permission = (typeof permissions)[number];
