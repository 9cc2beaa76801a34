/**
 * Relationship maintenance journeys (issue 13): a sales rep logs a call on a 375 px phone and sees
 * the customer move from overdue to ok in the 客户联络一览表. Screenshots go to e2e/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { LoginPage } from './pages/login-page.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser, newContext } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('relationship maintenance', () => {
  let server: TestServer;
  let browser: Browser;
  const tag = Date.now().toString(36).slice(-5);
  let user: { username: string; password: string; id: string };
  let customer: { id: string; name: string };

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    user = await signUpUser(server, { username: `rel.${tag}`, displayName: '周销售', roles: ['sales'] });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: user.password }) });
    const token = ((await login.json()) as { token: string }).token;
    const filedOn = new Date(Date.now() + 8 * 3_600_000 - 20 * 86_400_000).toISOString().slice(0, 10);
    const r = await fetch(`${server.url}/api/v1/customers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ name: `联络旅程测试有限公司${tag}`, customerType: 'direct', filedOn }) });
    customer = (await r.json()) as { id: string; name: string };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('REL-3 REL-4 a sales rep logs a call on a 375 px phone and the customer moves from overdue to ok', async () => {
    const ctx = await newContext(browser, server.url, 'phone');
    const page = await ctx.newPage();
    await new LoginPage(page).open();
    await new LoginPage(page).signIn(user.username, user.password);
    await new AppShell(page).waitForHome();
    await page.goto('/relations/overview');
    const callState = page.getByTestId(`call-state-${customer.id}`);
    await expect.poll(() => callState.textContent(), { timeout: 15_000 }).toBe('已逾期');
    await screenshot(page, 'relations-overview-overdue-375');
    const started = Date.now();
    await page.goto(`/relations/log?customerId=${customer.id}`);
    await page.getByTestId('log-subject').fill('例行电话回访');
    await page.getByTestId('log-content').fill('客户近期经营正常，下月有追加订单意向。');
    await screenshot(page, 'relations-log-375');
    await page.getByTestId('log-submit').click();
    await page.waitForURL('**/relations/overview');
    expect(Date.now() - started).toBeLessThan(60_000);
    await expect.poll(() => page.getByTestId(`call-state-${customer.id}`).textContent(), { timeout: 15_000 }).toBe('正常');
    await screenshot(page, 'relations-overview-ok-375');
    await ctx.close();
  }, 120_000);
});
