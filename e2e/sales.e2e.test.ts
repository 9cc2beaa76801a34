/**
 * Journeys through sales (spec 06): a contract refused for an unchecked review item, then signed,
 * its schedule in receivables; an opportunity dragged to the next stage on the pipeline board.
 * Screenshots at desktop and 375 px phone width go to e2e/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

type User = JourneyUser;


describe('sales', () => {
  let server: TestServer;
  let browser: Browser;
  let rep: User;
  let token: string;
  let customerId: string;
  const tag = Date.now().toString(36).slice(-5);

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    rep = await signUpUser(server, { username: `rep.${tag}`, displayName: '赵销售', roles: ['sales'] });
    token = await tokenOf(server, rep);
    customerId = (await api<{ id: string }>(server, 'POST', '/api/v1/customers', token, { name: `华东阀门制造有限公司${tag}`, customerType: 'direct' })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('SAL-3 ANA-1 a sales rep is refused signing while the credit check is open, ticks it, signs, and finds the schedule in receivables', async () => {
    const k = await api<{ id: string; contractNo: string }>(server, 'POST', '/api/v1/contracts', token, {
      customerId,
      title: '2027 年度阀门供货合同',
      amount: '240000.00',
      signatory: '钱总（法定代表人）',
      lines: [{ product: '闸阀', spec: 'DN100', quantity: '200', unit: '台', price: '1200' }],
      instalments: [
        { dueOn: '2027-02-28', amount: '120000.00' },
        { dueOn: '2027-05-31', amount: '120000.00' },
      ],
    });
    const page = await signedIn(browser, server, rep, 'desktop');
    await page.goto(`/sales/contracts/${k.id}`);
    // the first page of a journey loads the lazy chunks cold (slow on a loaded 2-core machine)
    await page.getByTestId('contract-no').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('contract-no').textContent()).toBe(k.contractNo);
    for (const item of ['legalStatus', 'businessScope', 'capacity', 'signatoryAuthority']) {
      await page.getByTestId(`check-${item}`).click();
      await expect.poll(() => page.getByTestId(`check-${item}`).isChecked()).toBe(true);
    }
    await page.getByTestId('contract-sign').click();
    await page.getByTestId('sign-submit').click();
    await expect.poll(() => page.getByTestId('contract-refused').textContent()).toContain('资信状况');
    await screenshot(page, 'sales-contract-refused');
    await page.getByTestId('check-credit').click();
    await expect.poll(() => page.getByTestId('check-credit').isChecked()).toBe(true);
    await page.getByTestId('contract-sign').click();
    await page.getByTestId('sign-submit').click();
    await expect.poll(() => page.getByTestId('contract-state').textContent()).toBe('已签订');
    await screenshot(page, 'sales-contract-signed');
    await page.goto('/sales/receivables');
    await page.getByTestId('receivables-filter-open').click();
    await expect.poll(async () => (await page.getByTestId('receivables-table').textContent()) ?? '').toContain(k.contractNo);
    await screenshot(page, 'sales-receivables');
    // ANA-1 the signed contract counts in this year's composition
    await page.goto('/sales/composition');
    await expect.poll(async () => (await page.getByTestId('composition-table').textContent()) ?? '').toContain('240,000.00');
    await page.getByTestId('composition-by-province').click();
    await expect.poll(async () => (await page.getByTestId('composition-table').textContent()) ?? '').toContain('未注明');
    // ANA-1 the regional distribution on the offline China map (vendored GeoJSON, nothing fetched)
    await expect.poll(async () => page.getByTestId('composition-map').locator('canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'sales-composition');
    await page.context().close();
  });

  it('SAL-2 ANA-2 a sales rep drags an opportunity from 初期沟通 to 方案定制 and the stage and probability are saved', async () => {
    const o = await api<{ id: string }>(server, 'POST', '/api/v1/opportunities', token, { customerId, title: `二期扩产项目${tag}`, expectedAmount: '800000', expectedCloseOn: '2027-06-30' });
    const page = await signedIn(browser, server, rep, 'desktop');
    await page.goto('/sales/opportunities');
    const card = page.getByTestId(`opportunity-${o.id}`);
    await card.waitFor();
    const from = (await card.boundingBox())!;
    const to = (await page.getByTestId('stage-proposal').boundingBox())!;
    // take the card by its title (the customer name is a link)
    await page.mouse.move(from.x + from.width / 2, from.y + 14);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + 14, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 12 });
    await page.mouse.up();
    await expect.poll(async () => (await api<{ stage: string; probability: number }>(server, 'GET', `/api/v1/opportunities/${o.id}`, token)).stage).toBe('proposal');
    expect((await api<{ probability: number }>(server, 'GET', `/api/v1/opportunities/${o.id}`, token)).probability).toBe(50);
    await expect.poll(async () => (await page.getByTestId('stage-proposal').textContent()) ?? '').toContain(`二期扩产项目${tag}`);
    await screenshot(page, 'sales-pipeline');
    // ANA-2 the rep's home page: tasks, receivables, the open pipeline and this month's sales
    await page.goto('/');
    for (const w of ['widget-tasks', 'widget-receivables', 'widget-pipeline', 'widget-sales-month']) await page.getByTestId(w).waitFor();
    await expect.poll(async () => (await page.getByTestId('widget-pipeline').textContent()) ?? '').toContain('400,000');
    expect(await page.getByTestId('widget-approvals').count()).toBe(0);
    await screenshot(page, 'home-sales-rep');
    const phone = await signedIn(browser, server, rep, 'phone');
    await phone.goto('/sales/opportunities');
    await phone.getByTestId(`opportunity-${o.id}`).waitFor();
    await screenshot(phone, 'sales-pipeline-phone');
    await page.context().close();
    await phone.context().close();
  });
});
