/** Sign-in, own password, sessions and tokens: parse → call → shape. */
import { permissionsOf } from '../access/access.rules.js';
import type { HandlersOf } from '../../http/handler.js';
import { AppError } from '../../http/errors.js';
import * as auth from './auth.service.js';

export const SESSION_COOKIE = 'kedang_session';
/** A random token naming a browser that signed in before (its hash is in known_devices). */
export const DEVICE_COOKIE = 'kedang_device';

export const authHandlers: HandlersOf<'login' | 'logout' | 'me' | 'changePassword' | 'listSessions' | 'revokeSession' | 'listTokens' | 'createToken' | 'revokeToken'> = {
  login: async ({ db, body, actor, req, reply, config }) => {
    const r = await auth.login(db, body, actor, { userAgent: req.headers['user-agent'] ?? null, deviceToken: req.cookies?.[DEVICE_COOKIE] ?? null });
    reply.setCookie(SESSION_COOKIE, r.token, { httpOnly: true, sameSite: 'lax', secure: config.production && req.protocol === 'https', path: '/', expires: r.expiresAt });
    // a browser that signed in is a known device: the account-wide lockout spares it (issue 11 item 19)
    if (r.deviceToken) reply.setCookie(DEVICE_COOKIE, r.deviceToken, { httpOnly: true, sameSite: 'strict', secure: config.production && req.protocol === 'https', path: '/api/v1/auth', maxAge: 365 * 86_400 });
    return { token: r.token, user: r.user, mustChangePassword: r.mustChangePassword };
  },
  logout: async ({ db, principal, actor, reply }) => {
    await auth.logout(db, principal, actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  },
  me: async ({ db, principal }) => {
    const { user, profile } = await auth.describeMe(db, principal);
    return { ...user, mustChangePassword: principal.mustChangePassword, permissions: permissionsOf(principal.roles), passwordPolicy: profile };
  },
  changePassword: async ({ db, principal, body, actor }) => {
    if (body.currentPassword === body.newPassword) throw new AppError('validation_failed', 'newPassword: must differ from the current password', { errors: [{ path: 'newPassword', message: 'must differ from the current password' }] });
    await auth.changeOwnPassword(db, principal, body, actor);
    return { ok: true as const };
  },
  listSessions: async ({ db, principal }) => ({ items: await auth.listOwnSessions(db, principal) }),
  revokeSession: async ({ db, principal, params, actor }) => {
    await auth.revokeOwnSession(db, principal, params.id, actor);
    return { ok: true as const };
  },
  listTokens: async ({ db, principal }) => ({ items: await auth.listOwnTokens(db, principal) }),
  createToken: async ({ db, principal, body, actor }) => auth.createOwnToken(db, principal, body, actor),
  revokeToken: async ({ db, principal, params, actor }) => {
    await auth.revokeOwnToken(db, principal, params.id, actor);
    return { ok: true as const };
  },
};
