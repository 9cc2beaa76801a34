import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type Scheduler } from '../jobs/scheduler.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { metricsAllowed } from './metrics.js';

const TOKEN = 'metrics-token-for-tests-2026';
let t: TestApp;
let jobs: Scheduler;
beforeAll(async () => {
  t = await createTestApp({ metricsToken: TOKEN });
  jobs = await startScheduler(t.database.url, t.database.db, () => {}, { schedule: false });
});
afterAll(async () => {
  await jobs?.stop();
  await t?.close();
});

const scrape = (authorization?: string) => t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

describe('PLT-6 /metrics: the job queue, behind a token', () => {
  it('PLT-6 with KEDANG_METRICS_TOKEN set, /metrics answers 401 without the token or with a wrong one', async () => {
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).statusCode).toBe(401);
    expect((await scrape(`Bearer ${TOKEN.slice(1)}`)).statusCode).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).statusCode).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`)).statusCode).toBe(200);
  });

  it('PLT-6 without a token configured /metrics stays open (a scraper on the private network)', () => {
    expect(metricsAllowed(undefined, undefined)).toBe(true);
    expect(metricsAllowed(TOKEN, `Bearer ${TOKEN}`)).toBe(true);
    expect(metricsAllowed(TOKEN, undefined)).toBe(false);
  });

  it('PLT-6 per queue: queued, active, failed and the oldest waiting job\'s age', async () => {
    const q = 'metrics-probe';
    await jobs.boss.createQueue(q, { name: q, retryLimit: 0 }); // a failure is final, not a retry
    await jobs.boss.send(q, { n: 1 });
    await jobs.boss.send(q, { n: 2 });
    await jobs.boss.send(q, { n: 3 });
    const [running] = await jobs.boss.fetch(q); // one active
    const [broken] = await jobs.boss.fetch(q);
    await jobs.boss.fail(q, broken!.id, { reason: 'probe' }); // one failed
    expect(running).toBeDefined();
    await new Promise((r) => setTimeout(r, 1100)); // the oldest waiting job ages; scrapes within a second share one query
    const text = (await scrape(`Bearer ${TOKEN}`)).body;
    expect(text).toMatch(/kedang_jobs_queued\{queue="metrics-probe"\} 1\n/);
    expect(text).toMatch(/kedang_jobs_active\{queue="metrics-probe"\} 1\n/);
    expect(text).toMatch(/kedang_jobs_failed\{queue="metrics-probe"\} 1\n/);
    const age = Number(/kedang_jobs_oldest_waiting_seconds\{queue="metrics-probe"\} ([\d.]+)/.exec(text)![1]);
    expect(age).toBeGreaterThan(0.5);
    expect(age).toBeLessThan(60);
    expect(text).not.toMatch(/queue="__pgboss/);
  });
});
