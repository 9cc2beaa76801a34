import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { connectDatabase, type Database } from '../db/connect.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let second: { app: FastifyInstance; database: Database };
beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: 4 });
  const database = connectDatabase(t.database.url, { max: 4 });
  second = { app: await buildApp({ config: t.config, database }), database };
  await second.app.ready();
});
afterAll(async () => {
  await second?.app.close();
  await second?.database.close();
  await t?.close();
});

const login = (app: FastifyInstance, ip: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username: 'nobody', password: 'wrong-password-1' } });

describe('PLT-8 rate limits are shared by every instance on the database (issue 12)', () => {
  it('PLT-8 sign-in attempts from one address count across both instances: the 5th within the minute is 429 on either', async () => {
    // createTestApp signed the administrator in once from 127.0.0.1; a fresh address starts at zero
    const ip = '203.0.113.7';
    const codes = [];
    for (const app of [t.app, second.app, t.app, second.app]) codes.push((await login(app, ip)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401]);
    const fifth = await login(second.app, ip);
    expect(fifth.statusCode).toBe(429);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(t.app, ip)).statusCode).toBe(429);
    // another address has its own allowance
    expect((await login(t.app, '203.0.113.8')).statusCode).toBe(401);
  });

  it('PLT-8 a new window starts once the old one expired', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < 4; i++) await login(second.app, ip);
    expect((await login(t.app, ip)).statusCode).toBe(429);
    await t.database.ownerPool.query(`UPDATE rate_limits SET expires_at = now() - interval '1 second' WHERE key LIKE '%203.0.113.9'`);
    expect((await login(t.app, ip)).statusCode).toBe(401);
  });
});
