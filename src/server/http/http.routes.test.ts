import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../contract/routes.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('PLT-3 / SEC-11 the HTTP contract', () => {
  it('SEC-11 malformed JSON is a 400 problem without a stack or SQL', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' }, payload: '{"name": "x",' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body).not.toMatch(/at .*\.ts|SELECT|INSERT/);
  });

  it('SEC-11 an oversized body is 413', async () => {
    const r = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: 'x'.repeat(2 * 1024 * 1024) } });
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe('payload_too_large');
  });

  it('SEC-11 unknown fields, too-long strings and bad enums are refused naming each field', async () => {
    const r = await t.request('POST', '/api/v1/users', {
      token: t.adminToken,
      body: { username: 'ok.name', displayName: 'x'.repeat(65), password: 'Long-enough-pw-1', departmentId: t.rootDepartmentId, roles: ['emperor'], isRoot: true },
    });
    expect(r.statusCode).toBe(400);
    const paths = r.json().errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['displayName', 'isRoot', 'roles.0']);
  });

  it('SEC-11 query parameters are validated: limit over 200 and a forged cursor are 400', async () => {
    expect((await t.request('GET', '/api/v1/users?limit=201', { token: t.adminToken })).json().errors[0].path).toBe('limit');
    expect((await t.request('GET', '/api/v1/users?cursor=abc', { token: t.adminToken })).statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/users?colour=red', { token: t.adminToken })).json().errors[0].path).toBe('colour');
    expect((await t.request('GET', '/api/v1/users/12abc', { token: t.adminToken })).json().errors[0].path).toBe('id');
  });

  it('SEC-11 security headers: CSP, nosniff, frame deny, request id', async () => {
    const r = await t.request('GET', '/healthz');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-request-id']).toBeTruthy();
  });

  it('SEC-11 a cookie-authenticated write from another origin is refused; same origin passes', async () => {
    const cookie = `kedang_session=${t.adminToken}`;
    const cross = await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie, origin: 'https://evil.example', host: 'localhost:80' }, payload: { name: '跨站' } });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().rule).toBe('SEC-11.same-origin');
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie }, payload: { name: '无来源' } });
    expect(none.statusCode).toBe(403);
    const same = await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80' }, payload: { name: '同源部门' } });
    expect(same.statusCode).toBe(201);
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(read.statusCode).toBe(200);
  });

  it('SEC-11 sign-in is rate-limited per client address', async () => {
    const limited = await createTestApp({ loginRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.request('POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'whatever-xx' } })).statusCode);
      // createTestApp itself signed in once
      expect(codes).toEqual([401, 401, 429, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('PLT-3 unknown API paths are a 404 problem; signed-out calls a 401 problem', async () => {
    const r = await t.request('GET', '/api/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('not_found');
    const u = await t.request('GET', '/api/v1/users');
    expect(u.statusCode).toBe(401);
    expect(u.json()).toMatchObject({ status: 401, code: 'not_authenticated' });
  });

  it('PLT-2 OpenAPI 3.1 lists every route of the contract; docs are served', async () => {
    const spec = (await t.request('GET', '/api/v1/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    for (const r of Object.values(routes)) {
      const p = r.path.replace(/:(\w+)/g, '{$1}');
      expect(spec.paths[p]?.[r.method.toLowerCase()], `${r.method} ${p}`).toBeDefined();
    }
    expect(spec.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.required).toContain('roles');
    expect((await t.request('GET', '/api/docs/')).statusCode).toBe(200);
  });

  it('PLT-6 health, readiness and Prometheus metrics', async () => {
    expect((await t.request('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/readyz')).json()).toEqual({ status: 'ready' });
    const m = await t.request('GET', '/metrics');
    expect(m.body).toContain('kedang_http_requests_total');
    expect(m.body).toContain('kedang_http_request_duration_seconds_bucket');
    expect(m.body).toContain('kedang_db_pool_connections');
  });
});

describe('PLT-2 the web client is served by the same app', () => {
  it('PLT-2 / and client routes answer index.html; unknown API paths stay problems', async () => {
    const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-web-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>客档</title>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    const { buildApp } = await import('../app.js');
    const app = await buildApp({ config: t.config, database: t.database, webDir: dir });
    try {
      for (const url of ['/', '/login', '/customers/12', '/account/password']) {
        const r = await app.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(200);
        expect(r.body).toContain('客档');
      }
      const asset = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
      expect(asset.headers['cache-control']).toContain('immutable');
      expect((await app.inject({ method: 'GET', url: '/api/v1/nope' })).headers['content-type']).toContain('application/problem+json');
    } finally {
      await app.close();
    }
  });
});
