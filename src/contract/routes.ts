/**
 * The route table: every endpoint declared once. The server registers routes from it,
 * OpenAPI is generated from it, the web client and the CLI call through a client typed by it,
 * and the hostile-input property test walks it.
 */
import { z } from 'zod';
import { auditEventSchema, auditExportQuery, auditListQuery, auditRetentionSchema, updateAuditRetentionBody } from './audit.js';
import {
  changePasswordBody,
  createdTokenSchema,
  createTokenBody,
  loginBody,
  loginResponse,
  meSchema,
  passwordPolicySchema,
  sessionSchema,
  tokenSchema,
  updatePasswordPolicyBody,
} from './auth.js';
import { idParams, okSchema, page } from './common.js';
import { createCustomFieldBody, customFieldSchema, updateCustomFieldBody } from './custom-fields.js';
import {
  contactPathParams,
  contactSchema,
  createContactBody,
  createCustomerBody,
  customerCountQuery,
  customerCountSchema,
  createFeedbackBody,
  createTransactionBody,
  customerListQuery,
  customerSchema,
  feedbackSchema,
  historyEntrySchema,
  mergeCustomerBody,
  historyQuery,
  timelineItemSchema,
  timelineQuery,
  transactionSchema,
  updateContactBody,
  updateCustomerBody,
  versionParams,
} from './customers.js';
import { approvalRoutes } from './approvals.routes.js';
import { evaluationRoutes } from './evaluation.routes.js';
import { complaintRoutes } from './complaints.routes.js';
import { surveyRoutes } from './surveys.routes.js';
import { serviceRequestRoutes } from './service-requests.routes.js';
import { lifecycleRoutes } from './lifecycle.routes.js';
import { archiveReviewRoutes } from './archive-review.routes.js';
import { archiveRegisterRoutes } from './archive-register.routes.js';
import { relationshipCardRoutes } from './relationship-cards.routes.js';
import { privacyRoutes } from './privacy.routes.js';
import { exportRoutes } from './exports.routes.js';
import { importRoutes } from './imports.routes.js';
import { documentRoutes } from './documents.routes.js';
import { def } from './route-def.js';
import { roleKeySchema } from './roles.js';
import { selfServiceRoutes } from './self-service.routes.js';
import { taskRoutes } from './tasks.routes.js';
import { salesRoutes } from './sales.routes.js';
import { boardRoutes } from './boards.routes.js';
import { careRoutes } from './care.routes.js';
import { targetRoutes } from './targets.routes.js';
import { trainingRoutes } from './training.routes.js';
import { analyticsRoutes } from './analytics.routes.js';
import { shareRoutes } from './shares.routes.js';
import { bulkActionRoutes } from './bulk-actions.routes.js';
import { numberingRoutes } from './numbering.routes.js';
import { searchRoutes } from './search.routes.js';
import { ownerRoutes, relationRoutes } from './relations.routes.js';
import { rewardRoutes } from './rewards.routes.js';
import { revisitRoutes } from './revisits.routes.js';
import { digestRoutes } from './digest.js';
import {
  createDepartmentBody,
  createUserBody,
  departmentListQuery,
  departmentSchema,
  resetPasswordBody,
  updateDepartmentBody,
  updateUserBody,
  userActionBody,
  userListQuery,
  userSchema,
} from './users.js';

export type { HttpMethod, RouteAuth, RouteDef } from './route-def.js';


export const routes = {
  login: def({
    method: 'POST', path: '/api/v1/auth/login', tag: 'auth', auth: 'public',
    summary: 'Sign in',
    description: 'Returns a session token and sets an HttpOnly cookie. 5 failed attempts in 15 minutes from one source (a device that signed in before, else the client address) lock that source out of the account for 15 minutes; 20 from all sources lock the account except for devices that signed in before (cookie `kedang_device`); administrators are notified of each lock. Rate-limited per client address.',
    body: loginBody, response: { status: 200, schema: loginResponse },
  }),
  logout: def({
    method: 'POST', path: '/api/v1/auth/logout', tag: 'auth', auth: 'signedIn',
    summary: 'Sign out: ends the session server-side', response: { status: 200, schema: okSchema },
  }),
  me: def({
    method: 'GET', path: '/api/v1/auth/me', tag: 'auth', auth: 'signedIn',
    summary: 'The signed-in user with permissions', response: { status: 200, schema: meSchema },
  }),
  changePassword: def({
    method: 'POST', path: '/api/v1/auth/password', tag: 'auth', auth: 'signedIn',
    summary: 'Change own password', description: 'Checks the password policy and the 5 previous passwords. Other sessions of the user end.',
    body: changePasswordBody, response: { status: 200, schema: okSchema },
  }),
  listSessions: def({
    method: 'GET', path: '/api/v1/auth/sessions', tag: 'auth', auth: 'signedIn',
    summary: 'Own active sessions', response: { status: 200, schema: z.object({ items: z.array(sessionSchema) }) },
  }),
  revokeSession: def({
    method: 'DELETE', path: '/api/v1/auth/sessions/:id', tag: 'auth', auth: 'signedIn',
    summary: 'End one of own sessions', params: idParams, response: { status: 200, schema: okSchema },
  }),
  listTokens: def({
    method: 'GET', path: '/api/v1/auth/tokens', tag: 'auth', auth: 'signedIn',
    summary: 'Own personal access tokens', response: { status: 200, schema: z.object({ items: z.array(tokenSchema) }) },
  }),
  createToken: def({
    method: 'POST', path: '/api/v1/auth/tokens', tag: 'auth', auth: 'signedIn',
    summary: 'Create a personal access token', description: 'The token is shown once; only its SHA-256 hash is stored. Scope `read` allows GET only.',
    body: createTokenBody, response: { status: 201, schema: createdTokenSchema },
  }),
  revokeToken: def({
    method: 'DELETE', path: '/api/v1/auth/tokens/:id', tag: 'auth', auth: 'signedIn',
    summary: 'Revoke a personal access token', params: idParams, response: { status: 200, schema: okSchema },
  }),

  listDepartments: def({
    method: 'GET', path: '/api/v1/departments', tag: 'departments', auth: 'signedIn',
    summary: 'List departments', query: departmentListQuery, response: { status: 200, schema: page(departmentSchema) },
  }),
  createDepartment: def({
    method: 'POST', path: '/api/v1/departments', tag: 'departments', auth: 'users.manage',
    summary: 'Create a department', body: createDepartmentBody, response: { status: 201, schema: departmentSchema },
  }),
  getDepartment: def({
    method: 'GET', path: '/api/v1/departments/:id', tag: 'departments', auth: 'signedIn',
    summary: 'One department', params: idParams, response: { status: 200, schema: departmentSchema },
  }),
  updateDepartment: def({
    method: 'PATCH', path: '/api/v1/departments/:id', tag: 'departments', auth: 'users.manage',
    summary: 'Rename, move or disable a department', description: 'Carries `version`; a stale version answers 409. A move under its own subtree answers 422.',
    params: idParams, body: updateDepartmentBody, response: { status: 200, schema: departmentSchema },
  }),

  userDirectory: def({
    method: 'GET', path: '/api/v1/users/directory', tag: 'users', auth: 'signedIn',
    summary: 'Search colleagues by name: id, name, department and roles of active users (to name a deputy, a new owner, a handler)',
    query: z.strictObject({ q: z.string().trim().max(60).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }),
    response: { status: 200, schema: z.object({ items: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string(), departmentName: z.string().nullable(), roles: z.array(roleKeySchema) })) }) },
  }),
  listUsers: def({
    method: 'GET', path: '/api/v1/users', tag: 'users', auth: 'users.manage',
    summary: 'List users', query: userListQuery, response: { status: 200, schema: page(userSchema) },
  }),
  createUser: def({
    method: 'POST', path: '/api/v1/users', tag: 'users', auth: 'users.manage',
    summary: 'Create a user', body: createUserBody, response: { status: 201, schema: userSchema },
  }),
  getUser: def({
    method: 'GET', path: '/api/v1/users/:id', tag: 'users', auth: 'users.manage',
    summary: 'One user', params: idParams, response: { status: 200, schema: userSchema },
  }),
  updateUser: def({
    method: 'PATCH', path: '/api/v1/users/:id', tag: 'users', auth: 'users.manage',
    summary: 'Change display name, department or roles', params: idParams, body: updateUserBody,
    response: { status: 200, schema: userSchema },
  }),
  disableUser: def({
    method: 'POST', path: '/api/v1/users/:id/disable', tag: 'users', auth: 'users.manage',
    summary: 'Disable a user; their sessions and tokens stop working at once', params: idParams, body: userActionBody,
    response: { status: 200, schema: userSchema },
  }),
  enableUser: def({
    method: 'POST', path: '/api/v1/users/:id/enable', tag: 'users', auth: 'users.manage',
    summary: 'Enable a disabled user', params: idParams, body: userActionBody, response: { status: 200, schema: userSchema },
  }),
  unlockUser: def({
    method: 'POST', path: '/api/v1/users/:id/unlock', tag: 'users', auth: 'users.manage',
    summary: 'Unlock a user locked by failed sign-ins', params: idParams, body: userActionBody,
    response: { status: 200, schema: userSchema },
  }),
  forcePasswordChange: def({
    method: 'POST', path: '/api/v1/users/:id/force-password-change', tag: 'users', auth: 'users.manage',
    summary: 'Require a new password at the next sign-in', params: idParams, body: userActionBody,
    response: { status: 200, schema: userSchema },
  }),
  resetPassword: def({
    method: 'POST', path: '/api/v1/users/:id/reset-password', tag: 'users', auth: 'users.manage',
    summary: 'Set a temporary password; the user must change it at next sign-in; their sessions end',
    params: idParams, body: resetPasswordBody, response: { status: 200, schema: userSchema },
  }),

  getPasswordPolicy: def({
    method: 'GET', path: '/api/v1/settings/password-policy', tag: 'settings', auth: 'signedIn',
    summary: 'The password-policy profile in force', response: { status: 200, schema: passwordPolicySchema },
  }),
  updatePasswordPolicy: def({
    method: 'PUT', path: '/api/v1/settings/password-policy', tag: 'settings', auth: 'users.manage',
    summary: 'Choose the password-policy profile (`asvs` or `dengbao`)', body: updatePasswordPolicyBody,
    response: { status: 200, schema: passwordPolicySchema },
  }),

  listAuditEvents: def({
    method: 'GET', path: '/api/v1/audit-events', tag: 'audit', auth: 'audit.read',
    summary: 'The audit log, newest first', description: 'Append-only; no route changes or deletes an event.',
    query: auditListQuery, response: { status: 200, schema: page(auditEventSchema) },
  }),
  exportAuditEvents: def({
    method: 'GET', path: '/api/v1/audit-events/export', tag: 'audit', auth: 'audit.export',
    summary: 'Export the filtered audit log as csv or xlsx (streamed)', query: auditExportQuery,
    response: { status: 200, schema: 'file' },
  }),
  getAuditRetention: def({
    method: 'GET', path: '/api/v1/settings/audit-retention', tag: 'settings', auth: 'audit.read',
    summary: 'How long audit events are kept (default 36 months), the oldest kept and the last purge',
    response: { status: 200, schema: auditRetentionSchema },
  }),
  updateAuditRetention: def({
    method: 'PUT', path: '/api/v1/settings/audit-retention', tag: 'settings', auth: 'users.manage',
    summary: 'Set the audit retention (6–120 months; null: the default 36)',
    description: 'A nightly job removes events older than this. The removal is itself an audit event that records the hash each chain continues from, so `kedang audit verify` keeps passing; no event younger than 180 days is ever removed.',
    body: updateAuditRetentionBody, response: { status: 200, schema: auditRetentionSchema },
  }),

  listCustomFields: def({
    method: 'GET', path: '/api/v1/custom-fields', tag: 'customers', auth: 'signedIn',
    summary: 'Custom fields of the archive (ARC-1)', response: { status: 200, schema: z.object({ items: z.array(customFieldSchema) }) },
  }),
  createCustomField: def({
    method: 'POST', path: '/api/v1/custom-fields', tag: 'customers', auth: 'users.manage',
    summary: 'Add a custom field (text, number, date, single or multiple choice)', body: createCustomFieldBody, response: { status: 201, schema: customFieldSchema },
  }),
  updateCustomField: def({
    method: 'PATCH', path: '/api/v1/custom-fields/:id', tag: 'customers', auth: 'users.manage',
    summary: 'Rename, change options, require or disable a custom field (carries `version`)', params: idParams, body: updateCustomFieldBody, response: { status: 200, schema: customFieldSchema },
  }),
  listCustomers: def({
    method: 'GET', path: '/api/v1/customers', tag: 'customers', auth: 'signedIn',
    summary: 'Search and list customer archives',
    description: '`q` finds by any part of the Chinese name (1+ characters), full pinyin from any syllable on (`huawei`, `shenzhen`), pinyin initials, short name, archive number, credit code, phone digits of the customer or a contact, email, contact name; ranked exact > prefix > substring. Only archives visible to the caller (SEC-2) are listed.',
    query: customerListQuery, response: { status: 200, schema: page(customerSchema) },
  }),
  countCustomers: def({
    method: 'GET', path: '/api/v1/customers/count', tag: 'customers', auth: 'signedIn',
    summary: 'How many archives the caller can see under the same filters and search as the list',
    description: 'Respects visibility (SEC-2). Capped at 10,000 for filters and 1,000 for a search; `capped` says there are more.',
    query: customerCountQuery, response: { status: 200, schema: customerCountSchema },
  }),
  createCustomer: def({
    method: 'POST', path: '/api/v1/customers', tag: 'customers', auth: 'signedIn',
    summary: 'Create a customer archive',
    description: 'Assigns the next archive number `KH-YYYY-NNNNNN`. A possible duplicate (normalised name, credit code, phone, email) answers 409 with `duplicates: [{ id, archiveNo, name, matchedOn, visible: true }]` unless `confirmDuplicate` is true; a colleague\'s `none`-level archive the caller may not see appears as `{ archiveNo, ownerName, visible: false }` only (audited), archives at `secret` and above never.',
    body: createCustomerBody, response: { status: 201, schema: customerSchema },
  }),
  getCustomer: def({
    method: 'GET', path: '/api/v1/customers/:id', tag: 'customers', auth: 'signedIn',
    summary: 'One customer archive (a read is audited)', params: idParams, response: { status: 200, schema: customerSchema },
  }),
  updateCustomer: def({
    method: 'PATCH', path: '/api/v1/customers/:id', tag: 'customers', auth: 'signedIn',
    summary: 'Change a customer archive', description: 'Carries `version`; a stale version answers 409 and nothing changes. `archiveNo` cannot be changed.',
    params: idParams, body: updateCustomerBody, response: { status: 200, schema: customerSchema },
  }),
  mergeCustomer: def({
    method: 'POST', path: '/api/v1/customers/:id/merge', tag: 'customers', auth: 'signedIn',
    summary: 'Merge this archive into another (ARC-10)',
    description: 'Contacts, transactions, feedback, history and shares move to `intoId`; this archive keeps its number, which leads to the survivor from then on. The survivor takes the higher secrecy level of the two (SEC-5). Needs the right to change both archives.',
    params: idParams, body: mergeCustomerBody, response: { status: 200, schema: customerSchema },
  }),
  customerHistory: def({
    method: 'GET', path: '/api/v1/customers/:id/history', tag: 'customers', auth: 'signedIn',
    summary: 'Versions of the archive and its contacts: field, old value, new value, who, when', params: idParams, query: historyQuery,
    response: { status: 200, schema: page(historyEntrySchema) },
  }),
  customerVersion: def({
    method: 'GET', path: '/api/v1/customers/:id/versions/:version', tag: 'customers', auth: 'signedIn',
    summary: 'The archive as it was at one version', params: versionParams,
    response: { status: 200, schema: z.object({ version: z.number().int(), at: z.string(), customer: z.record(z.string(), z.unknown()) }) },
  }),
  customerRelatedCompanies: def({
    method: 'GET', path: '/api/v1/customers/:id/related-companies', tag: 'customers', auth: 'signedIn',
    summary: 'The related companies (关系企业) of an archive, each linked to its own archive where one is filed and the caller may read it (ARC-1)',
    description: 'Each name as written on this archive; `customerId` and `archiveNo` only when exactly one archive with that normalised name (ARC-10) is visible to the caller (SEC-2) — an archive the caller may not see gives no link, number or name of its own.',
    params: idParams,
    response: { status: 200, schema: z.object({ items: z.array(z.object({ name: z.string(), customerId: z.string().nullable(), archiveNo: z.string().nullable() })) }) },
  }),
  customerViewers: def({
    method: 'GET', path: '/api/v1/customers/:id/viewers', tag: 'customers', auth: 'signedIn',
    summary: 'Who looked at this archive: reads, reveals, prints, exports and downloads, newest first (SEC-10)',
    description: '`ip` is given only to readers of the audit trail (`audit.read`); others get null.',
    params: idParams, query: timelineQuery,
    response: { status: 200, schema: page(z.object({ at: z.string(), action: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(), ip: z.string().nullable(), via: z.string().nullable() })) },
  }),
  customerTimeline: def({
    method: 'GET', path: '/api/v1/customers/:id/timeline', tag: 'customers', auth: 'signedIn',
    summary: 'Everything that happened to the customer, newest first', params: idParams, query: timelineQuery,
    response: { status: 200, schema: page(timelineItemSchema) },
  }),
  listContacts: def({
    method: 'GET', path: '/api/v1/customers/:id/contacts', tag: 'customers', auth: 'signedIn',
    summary: 'The customer\'s contacts (personal fields masked unless revealed)',
    description: 'Contacts\' personal information (birth date, family, hobbies, mobile) is withheld and the mobile masked (`138****5678`) unless the caller may read the `personal` group and asks with `reveal=true`; a reveal is audited (SEC-4, SEC-12). `canReveal` says whether asking would show them.',
    params: idParams, query: z.strictObject({ reveal: z.enum(['true', 'false']).optional() }),
    response: { status: 200, schema: z.object({ items: z.array(contactSchema), canReveal: z.boolean() }) },
  }),
  createContact: def({
    method: 'POST', path: '/api/v1/customers/:id/contacts', tag: 'customers', auth: 'signedIn',
    summary: 'Add a contact', params: idParams, body: createContactBody, response: { status: 201, schema: contactSchema },
  }),
  updateContact: def({
    method: 'PATCH', path: '/api/v1/customers/:id/contacts/:contactId', tag: 'customers', auth: 'signedIn',
    summary: 'Change a contact (carries `version`)', params: contactPathParams, body: updateContactBody, response: { status: 200, schema: contactSchema },
  }),
  listTransactions: def({
    method: 'GET', path: '/api/v1/customers/:id/transactions', tag: 'customers', auth: 'signedIn',
    summary: 'The customer\'s transactions, newest first (amounts are decimal strings)', params: idParams, query: historyQuery,
    response: { status: 200, schema: page(transactionSchema) },
  }),
  createTransaction: def({
    method: 'POST', path: '/api/v1/customers/:id/transactions', tag: 'customers', auth: 'signedIn',
    summary: 'Record a transaction with its product lines', params: idParams, body: createTransactionBody, response: { status: 201, schema: transactionSchema },
  }),
  listFeedback: def({
    method: 'GET', path: '/api/v1/customers/:id/feedback', tag: 'customers', auth: 'signedIn',
    summary: 'The customer\'s feedback', params: idParams, response: { status: 200, schema: z.object({ items: z.array(feedbackSchema) }) },
  }),
  createFeedback: def({
    method: 'POST', path: '/api/v1/customers/:id/feedback', tag: 'customers', auth: 'signedIn',
    summary: 'Record feedback', params: idParams, body: createFeedbackBody, response: { status: 201, schema: feedbackSchema },
  }),
  ...approvalRoutes,
  ...documentRoutes,
  ...taskRoutes,
  ...salesRoutes,
  ...analyticsRoutes,
  ...selfServiceRoutes,
  ...importRoutes,
  ...exportRoutes,
  ...lifecycleRoutes,
  ...archiveReviewRoutes,
  ...archiveRegisterRoutes,
  ...relationshipCardRoutes,
  ...privacyRoutes,
  ...evaluationRoutes,
  ...shareRoutes,
  ...numberingRoutes,
  ...searchRoutes,
  ...relationRoutes,
  ...ownerRoutes,
  ...revisitRoutes,
  ...digestRoutes,
  ...complaintRoutes,
  ...rewardRoutes,
  ...boardRoutes,
  ...careRoutes,
  ...targetRoutes,
  ...surveyRoutes,
  ...trainingRoutes,
  ...serviceRequestRoutes,
  ...bulkActionRoutes,
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
type SchemaOf<T> = T extends z.ZodType ? z.infer<T> : never;
export type RouteBody<N extends RouteName> = Routes[N] extends { body: infer B } ? SchemaOf<B> : undefined;
export type RouteQuery<N extends RouteName> = Routes[N] extends { query: infer Q } ? z.input<Q & z.ZodType> : undefined;
export type RouteParams<N extends RouteName> = Routes[N] extends { params: infer P } ? SchemaOf<P> : undefined;
export type RouteResult<N extends RouteName> = Routes[N]['response']['schema'] extends infer S
  ? S extends z.ZodType
    ? z.infer<S>
    : S extends 'html'
      ? string
      : Blob
  : never;
