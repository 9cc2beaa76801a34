/** Audit event types: a closed union, so every writer names a known action. */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.locked'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'auth.session_revoked'
  | 'token.created'
  | 'token.revoked'
  | 'user.created'
  | 'user.updated'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.unlocked'
  | 'user.password_reset'
  | 'user.password_change_forced'
  | 'department.created'
  | 'department.updated'
  | 'settings.password_policy_changed'
  | 'audit.exported'
  | 'customer.created'
  | 'customer.updated'
  | 'customer.viewed'
  | 'customer.merged'
  | 'contact.created'
  | 'contact.updated'
  | 'transaction.created'
  | 'feedback.created'
  | 'system.admin_created'
  | 'system.demo_loaded';

export type AuditEntry = {
  action: AuditAction;
  entityType?: string;
  entityId?: string;
  data?: Record<string, unknown>;
};

/** Who acts, from where: carried from the HTTP request (or CLI) into every service call. */
export type Actor = { userId: string | null; ip: string | null; requestId: string | null };
export const systemActor: Actor = { userId: null, ip: null, requestId: null };
