/** Setting the scene through the API (not the subject of a journey): users ready to sign in. */
import type { RoleKey } from '../../src/contract/roles.js';
import type { TestServer } from './server.js';

const post = async (server: TestServer, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> => {
  const r = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await r.json()) as Record<string, unknown>;
  if (!r.ok) throw new Error(`${path} answered ${r.status}: ${JSON.stringify(json)}`);
  return json;
};

const signIn = async (server: TestServer, username: string, password: string): Promise<string> =>
  String((await post(server, '/api/v1/auth/login', { username, password }))['token']);

/**
 * A user of the given roles in a fresh department, with the first-sign-in password change done,
 * so the journey starts at the home page. Needs the administrator's password to be the server's.
 */
export const signUpUser = async (
  server: TestServer,
  user: { username: string; displayName: string; roles: RoleKey[] },
): Promise<{ username: string; password: string; id: string }> => {
  const admin = await signIn(server, 'admin', server.adminPassword);
  const department = await post(server, '/api/v1/departments', { name: `客户服务部-${user.username}` }, admin);
  const temporary = `Temp-pass-${Date.now().toString(36)}-1`;
  const created = await post(server, '/api/v1/users', { ...user, password: temporary, departmentId: department['id'] }, admin);
  const password = `Own-pass-${Date.now().toString(36)}-2`;
  await post(server, '/api/v1/auth/password', { currentPassword: temporary, newPassword: password }, await signIn(server, user.username, temporary));
  return { username: user.username, password, id: String(created['id']) };
};
