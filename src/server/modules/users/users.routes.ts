/** Users, departments, the password-policy and audit-retention settings (admin): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import { auditRetentionState } from '../audit/audit.service.js';
import * as departments from '../departments/departments.service.js';
import * as settings from '../settings/settings.service.js';
import * as users from './users.service.js';

export const userHandlers: HandlersOf<
  | 'userDirectory' | 'listUsers' | 'createUser' | 'getUser' | 'updateUser' | 'disableUser' | 'enableUser' | 'unlockUser' | 'forcePasswordChange' | 'resetPassword'
  | 'listDepartments' | 'createDepartment' | 'getDepartment' | 'updateDepartment' | 'getPasswordPolicy' | 'updatePasswordPolicy'
  | 'getAuditRetention' | 'updateAuditRetention'
> = {
  userDirectory: ({ db, query }) => users.userDirectory(db, query),
  listUsers: ({ db, query }) => users.listUsers(db, query),
  createUser: ({ db, body, actor }) => users.createUser(db, body, actor),
  getUser: ({ db, params }) => users.getUser(db, params.id),
  updateUser: ({ db, params, body, actor }) => users.updateUser(db, params.id, body, actor),
  disableUser: ({ db, params, actor }) => users.applyUserAction(db, params.id, 'disable', actor),
  enableUser: ({ db, params, actor }) => users.applyUserAction(db, params.id, 'enable', actor),
  unlockUser: ({ db, params, actor }) => users.applyUserAction(db, params.id, 'unlock', actor),
  forcePasswordChange: ({ db, params, actor }) => users.applyUserAction(db, params.id, 'force-password-change', actor),
  resetPassword: ({ db, params, body, actor }) => users.resetPassword(db, params.id, body.password, actor),
  listDepartments: ({ db, query }) => departments.listDepartments(db, query),
  createDepartment: ({ db, body, actor }) => departments.createDepartment(db, body, actor),
  getDepartment: ({ db, params }) => departments.getDepartment(db, params.id),
  updateDepartment: ({ db, params, body, actor }) => departments.updateDepartment(db, params.id, body, actor),
  getPasswordPolicy: async ({ db }) => ({ profile: await settings.getPasswordProfile(db) }),
  updatePasswordPolicy: async ({ db, body, actor }) => ({ profile: await settings.setPasswordProfile(db, body.profile, actor) }),
  getAuditRetention: async ({ db }) => ({ ...(await settings.getAuditRetentionSetting(db)), ...(await auditRetentionState(db)) }),
  updateAuditRetention: async ({ db, body, actor }) => ({ ...(await settings.setAuditRetention(db, body.retentionMonths, actor)), ...(await auditRetentionState(db)) }),
};
