/**
 * Relationship maintenance journeys (issue 13): a sales rep logs a call on a 375 px phone and sees
 * the customer move from overdue to ok in the 客户联络一览表; a rep logs a visit with a check-in and a
 * photo and the manager sees it on the check-in map. Screenshots go to e2e/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { LoginPage } from './pages/login-page.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { api, signedIn, tokenOf } from './support/journey.js';
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

  it('REL-3 a rep logs a visit with a check-in and a photo on the phone; the manager sees the day’s check-ins on the map of China', async () => {
    const manager = await signUpUser(server, { username: `rel.mgr.${tag}`, displayName: '吴主管', roles: ['cs_manager'] });
    // an earlier visit today is the reference point of this customer's check-ins
    await api(server, 'POST', '/api/v1/communications', await tokenOf(server, user), { customerId: customer.id, channel: 'visit', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), subject: '首次拜访', content: '上门拜访', checkIn: { lat: 31.2304, lng: 121.4737, accuracy: 15 } });
    const phone = await signedIn(browser, server, user, 'phone');
    await phone.context().grantPermissions(['geolocation']);
    await phone.context().setGeolocation({ latitude: 31.2754, longitude: 121.4737, accuracy: 25 }); // ≈ 5 km north: far
    await phone.goto(`/relations/log?customerId=${customer.id}`);
    await phone.getByTestId('log-channel').getByText('拜访').click();
    await phone.getByTestId('log-subject').fill('现场拜访');
    await phone.getByTestId('log-content').fill('查看新生产线，客户希望下月安排技术交流。');
    await phone.getByTestId('log-locate').click();
    await phone.getByTestId('log-located').waitFor();
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await phone.getByTestId('log-photo-input').setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: png });
    await phone.getByTestId('log-photo-preview').waitFor();
    await screenshot(phone, 'relations-log-visit-photo-375');
    await phone.getByTestId('log-submit').click();
    await phone.waitForURL('**/relations/overview');
    await phone.context().close();

    const desk = await signedIn(browser, server, manager, 'desktop');
    await desk.goto('/relations/check-ins');
    await expect.poll(() => desk.getByTestId('check-ins-table').locator('.ant-tag-red').count(), { timeout: 15_000 }).toBe(1);
    await desk.getByTestId('check-ins-view-map').click();
    const map = desk.getByTestId('check-ins-map');
    await map.locator('canvas').waitFor();
    // ECharts' aria description names every point: both of the rep's check-ins are on the map
    await expect.poll(async () => ((await map.getAttribute('aria-label')) ?? '').split(customer.name).length - 1, { timeout: 15_000 }).toBe(2);
    await screenshot(desk, 'relations-check-in-map');
    await desk.context().close();
  }, 120_000);
});
