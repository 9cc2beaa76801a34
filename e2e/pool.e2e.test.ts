/**
 * 公海 journeys (issue 13, REL-1): a customer-service manager selects open-pool customers and
 * assigns them to a sales rep in bulk, then shares the rest by rule after a preview; the rep finds
 * them in 我的客户. Screenshots go to e2e/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickSearched, waitForModalsClosed } from './pages/antd.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('the open pool (公海)', () => {
  let server: TestServer;
  let browser: Browser;
  const tag = Date.now().toString(36).slice(-5);
  let manager: JourneyUser;
  let rep: JourneyUser;
  let rep2: JourneyUser;
  const pooled: { id: string; name: string }[] = [];

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    manager = await signUpUser(server, { username: `pool.mgr.${tag}`, displayName: '钱主管', roles: ['cs_manager'] });
    rep = await signUpUser(server, { username: `pool.rep.${tag}`, displayName: '孙销售', roles: ['sales'] });
    rep2 = await signUpUser(server, { username: `pool.rep2.${tag}`, displayName: '李销售', roles: ['sales'] });
    const token = await tokenOf(server, manager);
    for (const [i, industry] of [['1', '化工'], ['2', '化工'], ['3', '机械'], ['4', '机械'], ['5', '机械']] as const) {
      const c = await api<{ id: string; name: string }>(server, 'POST', '/api/v1/customers', token, { name: `公海旅程${i}号有限公司${tag}`, customerType: 'direct', industry, employeeCount: 50 });
      pooled.push(c);
    }
    await api(server, 'POST', '/api/v1/owner-assignments', token, { customerIds: pooled.map((c) => c.id), ownerId: null, reason: '客户退回公海' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('REL-1 a manager assigns selected 公海 customers in bulk, then shares the rest by rule after a preview; the reps see them in their portfolio', async () => {
    const page = await signedIn(browser, server, manager, 'desktop');
    await page.goto('/relations/pool');
    for (const c of pooled) await page.getByTestId(`pool-row-${c.id}`).waitFor();
    await screenshot(page, 'pool-list');
    // by hand: the two chemical companies to 孙销售
    for (const c of pooled.slice(0, 2)) await page.getByTestId(`pool-row-${c.id}`).locator('.ant-checkbox-input').check();
    await page.getByTestId('pool-assign-selected').click();
    await pickSearched(page, page.locator('.ant-modal').getByTestId('user-field'), rep.username, '孙销售');
    await page.getByTestId('pool-assign-ok').click();
    await waitForModalsClosed(page);
    for (const c of pooled.slice(0, 2)) await page.getByTestId(`pool-row-${c.id}`).waitFor({ state: 'detached' });
    // by rule: the machinery companies shared between both reps, previewed first
    await page.getByTestId('pool-by-rule').click();
    await page.getByTestId('rule-industry').fill('机械');
    for (const [u, name] of [[rep, '孙销售'], [rep2, '李销售']] as const) await pickSearched(page, page.locator('.ant-modal').getByTestId('rule-owners'), u.username, name);
    await page.keyboard.press('Escape').catch(() => undefined);
    await page.getByTestId('rule-preview').click();
    const preview = page.getByTestId('rule-preview-result');
    await expect.poll(() => preview.textContent(), { timeout: 15_000 }).toContain('共 3 户');
    expect(await preview.textContent()).toContain('孙销售：2 户');
    expect(await preview.textContent()).toContain('李销售：1 户');
    await screenshot(page, 'pool-rule-preview');
    await page.getByTestId('rule-assign').click();
    await waitForModalsClosed(page);
    for (const c of pooled.slice(2)) await page.getByTestId(`pool-row-${c.id}`).waitFor({ state: 'detached' });
    await page.context().close();

    const portfolio = await api<{ items: { customerId: string }[] }>(server, 'GET', '/api/v1/portfolio?limit=200', await tokenOf(server, rep));
    expect(portfolio.items.map((i) => i.customerId).sort()).toEqual([pooled[0]!.id, pooled[1]!.id, pooled[2]!.id, pooled[4]!.id].sort());
    const transfers = await api<{ items: { kind: string; reason: string; toOwnerId: string }[] }>(server, 'GET', `/api/v1/customers/${pooled[0]!.id}/owner-transfers`, await tokenOf(server, manager));
    expect(transfers.items[0]).toMatchObject({ kind: 'assign', toOwnerId: rep.id });

    const phone = await signedIn(browser, server, rep, 'phone');
    await phone.goto('/relations/portfolio');
    for (const id of [pooled[0]!.id, pooled[4]!.id]) await phone.getByTestId(`portfolio-state-${id}`).waitFor();
    await screenshot(phone, 'portfolio-375');
    await phone.context().close();
  }, 180_000);
});
