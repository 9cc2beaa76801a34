/**
 * Journey through care activities (REL-8): a sales rep starts a holiday greeting from the holidays
 * ahead, choosing customers by industry, records a gift for one customer, and sees the reach rate.
 * Screenshots at desktop and 375 px phone width go to e2e/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('customer care', () => {
  let server: TestServer;
  let browser: Browser;
  let rep: JourneyUser;
  let token: string;
  const tag = Date.now().toString(36).slice(-5);

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    rep = await signUpUser(server, { username: `care.${tag}`, displayName: '钱销售', roles: ['sales'] });
    token = await tokenOf(server, rep);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('REL-8 a rep greets the customers of one industry for the next holiday, records a gift, and the reach rate shows it', async () => {
    const industry = `阀门${tag}`;
    const a = await api<{ id: string }>(server, 'POST', '/api/v1/customers', token, { name: `华东阀门制造有限公司${tag}`, customerType: 'direct', industry });
    await api(server, 'POST', '/api/v1/customers', token, { name: `江南阀门有限公司${tag}`, customerType: 'direct', industry });
    await api(server, 'POST', `/api/v1/customers/${a.id}/contacts`, token, { role: 'primary', name: '周经理', birthDate: `1980-${new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(5, 10)}` });
    const next = (await api<{ items: { key: string }[] }>(server, 'GET', '/api/v1/care/holidays?within=120', token)).items[0]!;
    const page = await signedIn(browser, server, rep, 'desktop');
    await page.goto('/care');
    await page.getByTestId(`care-greet-${next.key}`).click({ timeout: 90_000 });
    await page.getByTestId('care-filter-industry').fill(industry);
    await expect.poll(async () => (await page.getByTestId('care-selected').textContent()) ?? '', { timeout: 15_000 }).toContain('2 家');
    await page.getByTestId('care-submit').click();
    await page.getByTestId(`care-record-${a.id}`).click({ timeout: 30_000 });
    await page.getByTestId('care-reach-gift').fill('公司定制茶叶礼盒');
    await page.getByTestId('care-reach-submit').click();
    const id = page.url().split('/').pop()!;
    await expect.poll(async () => (await api<{ reached: number; reachRate: number }>(server, 'GET', `/api/v1/care-campaigns/${id}/stats`, token)).reachRate).toBe(0.5);
    await expect.poll(async () => (await page.getByTestId('care-targets').textContent()) ?? '', { timeout: 15_000 }).toContain('公司定制茶叶礼盒');
    await page.getByTestId('care-rates-chart').waitFor();
    await screenshot(page, 'care-campaign');
    const phone = await signedIn(browser, server, rep, 'phone');
    await phone.goto('/care');
    await phone.getByTestId('care-occasions').waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await phone.getByTestId('care-occasions').textContent()) ?? '', { timeout: 30_000 }).toContain('周经理');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone, 'care-phone');
    await phone.goto(`/care/${id}`);
    await phone.getByTestId('care-targets').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone, 'care-campaign-phone');
    await page.context().close();
    await phone.context().close();
  });
});
