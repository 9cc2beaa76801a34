/** Sign-in, sessions, own password and personal access tokens (SEC-1). */
import { z } from 'zod';
import { idSchema, requiredText, timestamp } from './common.js';
import { userSchema } from './users.js';

export const loginBody = z.strictObject({
  username: requiredText(64),
  password: z.string().min(1).max(128),
});
export const loginResponse = z.object({
  token: z.string().describe('Session token: send as `Authorization: Bearer <token>`; also set as HttpOnly cookie'),
  user: userSchema,
  mustChangePassword: z.boolean(),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(8, 'is shorter than any password policy allows (at least 8 characters)').max(128),
  keepAccessTokens: z.boolean().optional().describe('Keep the personal access tokens working (by default a password change ends them, like the other sessions)'),
});

export const sessionSchema = z.object({
  id: idSchema,
  createdAt: timestamp,
  lastSeenAt: timestamp,
  expiresAt: timestamp,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

export const tokenScopes = ['read', 'write'] as const;
export const tokenScopeSchema = z.enum(tokenScopes);
export const tokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  scopes: z.array(tokenScopeSchema),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});
export const createTokenBody = z.strictObject({
  name: requiredText(80),
  scopes: z.array(tokenScopeSchema).min(1).max(2),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const createdTokenSchema = tokenSchema.extend({
  token: z.string().describe('Shown once; only its hash is stored'),
});

export const passwordPolicyProfiles = ['asvs', 'dengbao'] as const;
export const passwordPolicySchema = z.object({ profile: z.enum(passwordPolicyProfiles) });
export const updatePasswordPolicyBody = z.strictObject({ profile: z.enum(passwordPolicyProfiles) });

export const meSchema = userSchema.extend({
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
  passwordPolicy: z.enum(passwordPolicyProfiles),
});
