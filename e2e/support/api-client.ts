/** A signed-in API client for setting the scene (customers, contacts) as a given user. */
import type { RoleKey } from '../../src/contract/roles.js';
import type { TestServer } from './server.js';

export type ApiClient = {
  get: (path: string) => Promise<Record<string, unknown>>;
  post: (path: string, body: unknown) => Promise<Record<string, unknown>>;
  /** A multipart upload (documents). */
  upload: (path: string, form: FormData) => Promise<Record<string, unknown>>;
};

export const apiAs = async (server: TestServer, username: string, password: string): Promise<ApiClient> => {
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const token = String(((await login.json()) as Record<string, unknown>)['token']);
  const send = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await r.json()) as Record<string, unknown>;
    if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const upload = async (path: string, form: FormData) => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const json = (await r.json()) as Record<string, unknown>;
    if (!r.ok) throw new Error(`POST ${path} answered ${r.status}: ${JSON.stringify(json)}`);
    return json;
  };
  return { get: (path) => send('GET', path), post: (path, body) => send('POST', path, body), upload };
};

/**
 * Users of the given roles, each in a department of its own, password changed, with an API client
 * on the session of that first sign-in: one sign-in per user (the server limits sign-ins per
 * address per minute), one for the administrator.
 */
export const createUsers = async <K extends string>(
  server: TestServer,
  users: Record<K, { username: string; displayName: string; roles: RoleKey[] }>,
): Promise<Record<K, { username: string; password: string; id: string; api: ApiClient }>> => {
  const adminApi = await apiAs(server, 'admin', server.adminPassword);
  const out = {} as Record<K, { username: string; password: string; id: string; api: ApiClient }>;
  for (const [key, user] of Object.entries(users) as [K, { username: string; displayName: string; roles: RoleKey[] }][]) {
    const department = await adminApi.post('/api/v1/departments', { name: `部门-${user.username}` });
    const temporary = `Temp-pass-${Date.now().toString(36)}-1`;
    const created = await adminApi.post('/api/v1/users', { ...user, password: temporary, departmentId: department['id'] });
    const api = await apiAs(server, user.username, temporary);
    const password = `Own-pass-${Date.now().toString(36)}-2`;
    await api.post('/api/v1/auth/password', { currentPassword: temporary, newPassword: password });
    out[key] = { username: user.username, password, id: String(created['id']), api };
  }
  return out;
};
