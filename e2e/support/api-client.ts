/** A signed-in API client for setting the scene (customers, contacts) as a given user. */
import type { TestServer } from './server.js';

export type ApiClient = {
  get: (path: string) => Promise<Record<string, unknown>>;
  post: (path: string, body: unknown) => Promise<Record<string, unknown>>;
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
  return { get: (path) => send('GET', path), post: (path, body) => send('POST', path, body) };
};
