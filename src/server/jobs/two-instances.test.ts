/**
 * PLT-8 two application instances on one database (as operators behind a load balancer run them
 * with DATABASE_URL): each instance has its own pool, its own app and its own job scheduler.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { connectDatabase, type Database } from '../db/connect.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { startScheduler } from './scheduler.js';

let t: TestApp;
let second: { app: FastifyInstance; database: Database };
let cs: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  const database = connectDatabase(t.database.url, { max: 10 });
  second = { app: await buildApp({ config: t.config, database }), database };
  await second.app.ready();
  cs = await t.createUser('kefu.two', ['cs_staff']);
});
afterAll(async () => {
  await second?.app.close();
  await second?.database.close();
  await t?.close();
});

const on = (app: FastifyInstance, method: string, url: string, token: string, body?: unknown) =>
  app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(body !== undefined ? { payload: body as object } : {}) });

describe('PLT-8 two application instances on one database', () => {
  it('PLT-8 concurrent archive creates on both instances give gap-free, unique archive numbers', async () => {
    const create = (app: FastifyInstance, i: number) => on(app, 'POST', '/api/v1/customers', cs.token, { name: `双实例并发${i}科技有限公司`, customerType: 'direct', confirmDuplicate: true });
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => create(i % 2 ? second.app : t.app, i)));
    expect(all.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    const numbers = all.map((r) => r.json<{ archiveNo: string }>().archiveNo).sort();
    expect(new Set(numbers).size).toBe(40);
    const seqs = numbers.map((n) => Number(n.split('-').pop())).sort((a, b) => a - b);
    expect(seqs[39]! - seqs[0]!).toBe(39); // consecutive: no gap, no duplicate
  });

  it('PLT-8 a session signed in on one instance works on the other, and signing out on one ends it on both', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'kefu.two', password: 'Pw-1-Kd7-long-enough' } });
    expect(login.statusCode).toBe(200);
    const token = login.json<{ token: string }>().token;
    const cookie = login.headers['set-cookie'];
    expect((await on(second.app, 'GET', '/api/v1/auth/me', token)).json()).toMatchObject({ username: 'kefu.two' });
    const byCookie = await second.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: String(Array.isArray(cookie) ? cookie[0] : cookie).split(';')[0]! } });
    expect(byCookie.statusCode).toBe(200);
    expect((await on(second.app, 'POST', '/api/v1/auth/logout', token)).statusCode).toBeLessThan(300);
    expect((await on(t.app, 'GET', '/api/v1/auth/me', token)).statusCode).toBe(401);
  });

  it('PLT-8 every scheduled job, scheduled by both instances, runs once per tick', async () => {
    const backupDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-two-backups-'));
    const config = { ...t.config, backupDir, backupSchedule: '30 3 * * *' };
    // one cron tick (pg-boss's per-minute window) must hold the whole test
    const s = new Date().getSeconds();
    if (s > 40) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
    const a = await startScheduler(t.database.url, t.database.db, () => {}, { pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, backup: config });
    const b = await startScheduler(t.database.url, second.database.db, () => {}, { pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, backup: config });
    const owner = t.database.ownerPool;
    try {
      const names = (await owner.query<{ name: string }>(`SELECT name FROM pgboss.schedule ORDER BY name`)).rows.map((r) => r.name);
      expect(names.length).toBeGreaterThanOrEqual(4); // dormancy, quarter opening, ABC, backup
      // every schedule due now (each instance's clock checks them every second)
      await owner.query(`UPDATE pgboss.schedule SET cron = '* * * * *'`);
      const deadline = Date.now() + 20_000;
      let rows: { name: string; state: string }[] = [];
      for (;;) {
        rows = (await owner.query<{ name: string; state: string }>(`SELECT name, state FROM pgboss.job WHERE name = ANY($1) UNION ALL SELECT name, state FROM pgboss.archive WHERE name = ANY($1)`, [names])).rows;
        const done = names.every((n) => rows.some((r) => r.name === n && (r.state === 'completed' || r.state === 'failed')));
        if (done || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      await new Promise((r) => setTimeout(r, 3000)); // time for a duplicate to show up, if there were one
      rows = (await owner.query<{ name: string; state: string }>(`SELECT name, state FROM pgboss.job WHERE name = ANY($1) UNION ALL SELECT name, state FROM pgboss.archive WHERE name = ANY($1)`, [names])).rows;
      expect(Object.fromEntries(names.map((n) => [n, rows.filter((r) => r.name === n).map((r) => r.state)]))).toEqual(Object.fromEntries(names.map((n) => [n, ['completed']])));
    } finally {
      await owner.query(`UPDATE pgboss.schedule SET cron = '0 0 1 1 *'`).catch(() => undefined);
      await a.stop();
      await b.stop();
      rmSync(backupDir, { recursive: true, force: true });
    }
  }, 60_000);
});
