/**
 * ARC-1 / ARC-11 (issue 17): the customer's industry picked as a GB/T 4754—2017 门类 → 大类 in the
 * archive form (searchable, Chinese names), shown on the archive as 'C 制造业 / 39 …', and the list
 * filtered by the 门类.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPage } from './pages/login-page.js';
import { AppShell } from './pages/app-shell.js';
import { IndustryPicker } from './pages/newui-pages.js';
import { CustomerDetailPage, CustomerFormPage } from './pages/customer-pages.js';
import path from 'node:path';
import { artifactsDir, screenshot } from './support/artifacts.js';
import { createUsers } from './support/api-client.js';
import { launchBrowser, newContext } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('ARC-1 industry as a GB/T 4754 code (web client)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signedIn = async (user: { username: string; password: string }): Promise<Page> => {
    const context = await newContext(browser, server.url, 'desktop');
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.open();
    await login.signIn(user.username, user.password);
    await new AppShell(page).waitForHome();
    return page;
  };

  it('ARC-1 ARC-11 the form picks 门类 → 大类 by searching a Chinese name; the archive reads "C 制造业 / 39 …"; the list filters by the 门类', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const { keeper } = await createUsers(server, { keeper: { username: `hy.${tag}`, displayName: '郑客服', roles: ['cs_staff'] } });
    const created = await keeper.api.post('/api/v1/customers', { name: `东莞市行业${tag}电子有限公司`, customerType: 'manufacturer', industry: '电子元器件制造', tags: [`hy${tag}`], confirmDuplicate: true });
    const id = String(created['id']);
    await keeper.api.post('/api/v1/customers', { name: `东莞市行业${tag}软件有限公司`, customerType: 'direct', industryCode: '65', tags: [`hy${tag}`], confirmDuplicate: true });

    const page = await signedIn(keeper);
    await page.setViewportSize({ width: 1440, height: 900 });
    const detail = new CustomerDetailPage(page);
    await page.goto(`/customers/${id}`);
    await detail.waitForLoaded();
    await detail.edit();
    // 门类 first, then its 大类, all in Chinese
    await page.locator('input#industryCode').click();
    await page.locator('.ant-cascader-dropdown .ant-cascader-menu-item', { hasText: 'C 制造业' }).first().click();
    await page.locator('.ant-cascader-dropdown .ant-cascader-menu-item', { hasText: '39 计算机、通信和其他电子设备制造业' }).first().waitFor();
    expect(await page.locator('.ant-cascader-dropdown .ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item').count()).toBe(31);
    await page.locator('input#industryCode').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifactsDir, 'desktop-industry-cascader.png'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    // or by searching a part of the name
    const picker = new IndustryPicker(page);
    await picker.search('电子设备');
    const option = page.locator('.ant-cascader-dropdown .ant-cascader-menu-item', { hasText: '计算机、通信和其他电子设备制造业' }).first();
    await option.waitFor();
    expect(await option.innerText()).toContain('C 制造业');
    await screenshot(page, 'desktop-industry-search');
    await option.click();
    await expect.poll(() => page.getByTestId('customer-form-profile').innerText()).toContain('C 制造业 / 39 计算机、通信和其他电子设备制造业');
    await screenshot(page, 'desktop-industry-picked');
    await new CustomerFormPage(page).submit();
    await page.waitForURL(new RegExp(`/customers/${id}$`));
    await detail.waitForLoaded();
    await detail.openTab('profile');
    await expect.poll(() => detail.value('industryCode').innerText()).toBe('C 制造业 / 39 计算机、通信和其他电子设备制造业');
    expect(await detail.value('industry').innerText()).toBe('电子元器件制造');
    expect((await keeper.api.get(`/api/v1/customers/${id}`))['industryCode']).toBe('39');

    // the list, filtered by the 门类 from the address, shows only the manufacturer
    await page.goto(`/customers?tag=hy${tag}&industryCode=C`);
    const table = page.getByTestId('customers-table');
    await table.waitFor();
    await expect.poll(() => table.innerText()).toContain(`东莞市行业${tag}电子有限公司`);
    expect(await table.innerText()).not.toContain(`东莞市行业${tag}软件有限公司`);
  });
});
