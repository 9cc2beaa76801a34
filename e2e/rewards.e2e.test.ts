/**
 * Journeys through the rewards screens (REL-10): a marketing manager's plan with its effect chart;
 * the customer's owner, on a 375 px phone, tries to redeem more points than the customer has and
 * reads the clear Chinese refusal (nothing recorded), then redeems what is there.
 * Screenshots at desktop and phone width go to e2e/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PointsTab } from './pages/rewards-pages.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('rewards', () => {
  let server: TestServer;
  let browser: Browser;
  const tag = Date.now().toString(36).slice(-5);
  const users = {} as Record<'owner' | 'marketing', JourneyUser>;
  let customer: { id: string; name: string };
  let ownerToken: string;

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    users.owner = await signUpUser(server, { username: `sales.${tag}`, displayName: '王销售', roles: ['sales'] });
    users.marketing = await signUpUser(server, { username: `mkt.${tag}`, displayName: '李营销', roles: ['marketing_manager'] });
    ownerToken = await tokenOf(server, users.owner);
    customer = await api(server, 'POST', '/api/v1/customers', ownerToken, { name: `恒达积分测试五金有限公司${tag}`, customerType: 'direct' });
    const year = new Date().getFullYear();
    await api(server, 'POST', '/api/v1/reward-plans', await tokenOf(server, users.marketing), {
      name: `${year} 年度客户积分计划`,
      validFrom: `${year}-01-01`,
      validTo: `${year}-12-31`,
      tiers: [{ from: '0', pointsPer100: '1' }, { from: '100000', pointsPer100: '1.5' }],
      pointsValidMonths: 12,
      rewards: [{ kind: 'coupon', name: '满千减百优惠券', points: 100 }],
    });
    await api(server, 'POST', `/api/v1/customers/${customer.id}/points`, ownerToken, { kind: 'earn', points: 50, reason: '年会签到奖励' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('REL-10 a redemption larger than the balance is refused with a clear Chinese message, then a valid one is written (375 px phone)', async () => {
    const phone = await signedIn(browser, server, users.owner, 'phone');
    const tab = new PointsTab(phone);
    await tab.open(customer.id);
    expect(await tab.balance()).toBe(50);
    await tab.redeem(80, '兑换定制保温杯');
    await tab.refusal().waitFor();
    const message = await tab.refusal().innerText();
    expect(message).toContain('积分不足');
    expect(message).toContain('当前可用积分 50 分');
    expect(message).toContain('本次需要 80 分');
    await screenshot(phone, 'phone-points-refused');
    expect(await overflow(phone)).toBeLessThanOrEqual(1);
    // nothing was written
    const before = await api<{ balance: number; items: unknown[] }>(server, 'GET', `/api/v1/customers/${customer.id}/points`, ownerToken);
    expect(before).toMatchObject({ balance: 50 });
    expect(before.items).toHaveLength(1);

    await tab.retry(30);
    await tab.refusal().waitFor({ state: 'detached' });
    await phone.getByText('已记入积分明细').waitFor();
    await phone.waitForFunction(() => document.querySelector('[data-testid="points-balance"]')?.textContent?.includes('20'));
    expect(await tab.balance()).toBe(20);
    const rows = await tab.ledgerRows();
    expect(rows[0]).toContain('兑换');
    expect(rows[0]).toContain('兑换定制保温杯');
    await screenshot(phone, 'phone-points-redeemed');
    expect(await overflow(phone)).toBeLessThanOrEqual(1);
    const after = await api<{ balance: number; items: { kind: string; points: number; byName: string }[] }>(server, 'GET', `/api/v1/customers/${customer.id}/points`, ownerToken);
    expect(after.balance).toBe(20);
    expect(after.items[0]).toMatchObject({ kind: 'redeem', points: 30, byName: '王销售' });
  });

  it('REL-10 the marketing manager sees the plans and the plan-effect chart (desktop and phone)', async () => {
    const desk = await signedIn(browser, server, users.marketing, 'desktop');
    await desk.goto('/rewards');
    await desk.getByTestId('plan-list').getByText('年度客户积分计划').waitFor();
    await desk.getByTestId('plan-effect-chart').locator('canvas').waitFor();
    expect(await desk.getByTestId('plan-effect').innerText()).toContain('获得奖励的客户');
    await screenshot(desk, 'desktop-reward-plans');
    const phone = await signedIn(browser, server, users.marketing, 'phone');
    await phone.goto('/rewards');
    await phone.getByTestId('plan-effect-chart').locator('canvas').waitFor();
    await screenshot(phone, 'phone-reward-plans');
    expect(await overflow(phone)).toBeLessThanOrEqual(1);
  });
});
