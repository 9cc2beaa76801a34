/** Users and departments (SEC-1). */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, requiredText, sortSchema, timestamp } from './common.js';
import { roleKeySchema } from './roles.js';

export const userStatuses = ['active', 'locked', 'disabled'] as const;
export const userStatusSchema = z.enum(userStatuses);

export const usernameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore and hyphen only');

export const userSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  departmentId: idSchema,
  departmentName: z.string().nullable(),
  roles: z.array(roleKeySchema),
  status: userStatusSchema,
  lockedUntil: timestamp.nullable(),
  mustChangePassword: z.boolean(),
  createdAt: timestamp,
  version: z.number().int(),
});
export type User = z.infer<typeof userSchema>;

export const createUserBody = z.strictObject({
  username: usernameSchema,
  displayName: requiredText(64),
  password: z.string().min(8, 'is shorter than any password policy allows (at least 8 characters)').max(128),
  departmentId: idSchema,
  roles: z.array(roleKeySchema).min(1).max(11),
  mustChangePassword: z.boolean().optional().describe('Default true: the user sets a new password at first sign-in'),
});
export const updateUserBody = z.strictObject({
  version: z.number().int().min(0),
  displayName: requiredText(64).optional(),
  departmentId: idSchema.optional(),
  roles: z.array(roleKeySchema).min(1).max(11).optional(),
});
export const userActionBody = z.strictObject({});
export const resetPasswordBody = z.strictObject({ password: z.string().min(8, 'is shorter than any password policy allows (at least 8 characters)').max(128) });

export const userListQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema.optional(),
  sort: sortSchema(['username', 'displayName', 'createdAt']).optional(),
  q: z.string().max(64).optional(),
  departmentId: idSchema.optional(),
  role: roleKeySchema.optional(),
  status: userStatusSchema.optional(),
});

export const departmentSchema = z.object({
  id: idSchema,
  name: z.string(),
  parentId: idSchema.nullable(),
  disabled: z.boolean(),
  createdAt: timestamp,
  version: z.number().int(),
  managerId: idSchema.nullable().describe('The department manager: sees the customers of the department subtree (SEC-2 rule 4)'),
  managerName: z.string().nullable(),
});
export type Department = z.infer<typeof departmentSchema>;
export const createDepartmentBody = z.strictObject({
  name: requiredText(64),
  parentId: idSchema.nullable().optional(),
});
export const updateDepartmentBody = z.strictObject({
  version: z.number().int().min(0),
  name: requiredText(64).optional(),
  parentId: idSchema.nullable().optional(),
  disabled: z.boolean().optional(),
  managerId: idSchema.nullable().optional().describe('Name the department manager (an active user), or null for none'),
});
export const departmentListQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema.optional(),
  sort: sortSchema(['name', 'createdAt']).optional(),
  q: z.string().max(64).optional(),
  parentId: idSchema.optional(),
  includeDisabled: z.enum(['true', 'false']).optional(),
});
