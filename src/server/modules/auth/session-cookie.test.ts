import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('SEC-11 the session cookie', () => {
  it('SEC-11 is HttpOnly and SameSite=Lax, so a link from an e-mail opens signed in; a cross-site write with it is still refused', async () => {
    const r = await t.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(r.statusCode).toBe(200);
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/kedang_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = `kedang_session=${r.json().token}`;
    // a top-level navigation from a mail client: a GET with a foreign Referer carries the Lax cookie and works
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie, referer: 'https://mail.example.com/inbox' } });
    expect(read.statusCode).toBe(200);
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie, origin: 'https://mail.example.com', host: 'localhost:80' }, payload: { name: '跨站写入' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().rule).toBe('SEC-11.same-origin');
  });
});
