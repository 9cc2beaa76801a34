/**
 * Targets journey (REL-11): the general manager opens 绩效目标 at 1440 px, sets a rep's targets, reviews
 * the rep's period (the comment keeps its figures), and reads the same dashboard on a 375 px phone.
 * Screenshots go to e2e/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { LoginPage } from './pages/login-page.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('targets and accountability', () => {
  let server: TestServer;
  let browser: Browser;
  const tag = Date.now().toString(36).slice(-5);
  let gm: JourneyUser;
  let rep: JourneyUser;
  let rep2: JourneyUser;

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    gm = await signUpUser(server, { username: `tg.gm.${tag}`, displayName: '王总经理', roles: ['gm'] });
    rep = await signUpUser(server, { username: `tg.rep.${tag}`, displayName: '李客户经理', roles: ['sales'] });
    rep2 = await signUpUser(server, { username: `tg.rep2.${tag}`, displayName: '赵客户经理', roles: ['sales'] });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const [u, n, amount] of [[rep, 3, '86000.00'], [rep2, 2, '42000.00']] as const) {
      const token = await tokenOf(server, u);
      for (let i = 0; i < n; i++) {
        const c = await api<{ id: string }>(server, 'POST', '/api/v1/customers', token, { name: `绩效旅程客户${tag}${u.username.length}${i}有限公司`, customerType: 'direct', filedOn: '2026-01-05' });
        await api(server, 'POST', `/api/v1/customers/${c.id}/transactions`, token, { txNo: `J-${i}`, date: today, amount });
        await api(server, 'POST', '/api/v1/communications', token, { customerId: c.id, channel: i % 2 === 0 ? 'phone' : 'visit', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), subject: '季度回访', content: '了解客户本季度采购计划' });
      }
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('REL-11 the gm sets a rep’s targets and reviews the period at 1440 px; the review keeps the figures of its moment', async () => {
    const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    await new LoginPage(page).open();
    await new LoginPage(page).signIn(gm.username, gm.password);
    await new AppShell(page).waitForHome();
    await page.getByTestId('nav-targets').click();
    await page.waitForURL('**/targets');
    const sales = page.getByTestId(`target-${rep.id}-sales`);
    await expect.poll(() => sales.textContent(), { timeout: 20_000 }).toContain('258,000');
    await page.getByTestId(`target-set-${rep.id}`).click();
    await page.getByTestId('targets-input-sales').fill('300000');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => sales.textContent(), { timeout: 15_000 }).toContain('86%');
    await screenshot(page, 'targets-dashboard-1440');
    await page.getByTestId(`target-comments-${rep.id}`).click();
    await page.getByTestId('targets-comment-text').fill('本季度销售额完成 86%，请在月底前跟进两家 A 类客户的追加订单。');
    await page.getByTestId('targets-comment-send').click();
    const drawer = page.getByTestId('targets-comments');
    // the posted review shows with the figures of its moment (the target just set)
    await expect.poll(() => drawer.textContent(), { timeout: 15_000 }).toContain('¥300,000');
    expect(await drawer.textContent()).toContain('评价时的数据');
    await screenshot(page, 'targets-review-1440');
    await ctx.close();
  }, 180_000);

  it('REL-11 the rep reads their own figures and the review on a 375 px phone', async () => {
    const page = await signedIn(browser, server, rep, 'phone');
    await page.goto('/targets');
    const sales = page.getByTestId(`target-${rep.id}-sales`);
    await expect.poll(() => sales.textContent(), { timeout: 20_000 }).toContain('86%');
    expect(await page.getByTestId(`target-owner-${rep2.id}`).count()).toBe(0);
    expect(await page.getByTestId(`target-set-${rep.id}`).count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, 'targets-dashboard-375');
    await page.getByTestId(`target-comments-${rep.id}`).click();
    await expect.poll(() => page.getByTestId('targets-comments').textContent(), { timeout: 15_000 }).toContain('追加订单');
    await screenshot(page, 'targets-review-375');
    await page.context().close();
  }, 120_000);
  it('REL-12 the gm records a session and assesses a trainee on a 375 px phone; the rep shows as not yet trained until then', async () => {
    const token = await tokenOf(server, gm);
    const plan = await api<{ id: string }>(server, 'POST', '/api/v1/training/plans', token, { title: `客户服务技巧${tag}`, role: 'sales', topic: 'service', required: true, passScore: 70 });
    const gaps = await api<{ items: { userId: string; planId: string }[] }>(server, 'GET', '/api/v1/training/gaps?role=sales', token);
    expect(gaps.items.filter((g) => g.planId === plan.id).map((g) => g.userId)).toEqual(expect.arrayContaining([rep.id, rep2.id]));
    const session = await api<{ id: string }>(server, 'POST', '/api/v1/training/sessions', token, { planId: plan.id, heldOn: '2026-11-20', trainerName: '外聘讲师陈老师', attendeeIds: [rep.id, rep2.id], caseStudies: '案例：一次大客户投诉的处理与回访' });
    const page = await signedIn(browser, server, gm, 'phone');
    await page.goto('/training');
    await page.getByTestId(`training-session-${session.id}`).click();
    const drawer = page.getByTestId('training-session-drawer');
    await expect.poll(() => drawer.textContent(), { timeout: 15_000 }).toContain('外聘讲师陈老师');
    await page.getByTestId(`training-score-${rep.id}`).locator('xpath=descendant-or-self::input').first().fill('88');
    await page.getByTestId('training-assess-save').click();
    const scoreOf = async () => (await api<{ attendeeList: { userId: string; score: number | null; passed: boolean | null }[] }>(server, 'GET', `/api/v1/training/sessions/${session.id}`, token)).attendeeList.find((a) => a.userId === rep.id);
    await expect.poll(scoreOf, { timeout: 15_000 }).toMatchObject({ score: 88, passed: true });
    await screenshot(page, 'training-session-375');
    const after = await api<{ items: { userId: string; planId: string }[] }>(server, 'GET', '/api/v1/training/gaps?role=sales', token);
    const missing = after.items.filter((g) => g.planId === plan.id).map((g) => g.userId);
    expect(missing).not.toContain(rep.id);
    expect(missing).toContain(rep2.id);
    await page.context().close();
  }, 120_000);
});
