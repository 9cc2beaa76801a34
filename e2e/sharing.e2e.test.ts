import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPage } from './pages/login-page.js';
import { AppShell } from './pages/app-shell.js';
import { CustomerFormPage, CustomerListPage } from './pages/customer-pages.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser, newContext } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('撞单 and sharing', () => {
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

  it('ARC-10 SEC-2 a rep filing a colleague’s customer is told who owns it and asks for a share; the owner shares it from the archive', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const owner = await signUpUser(server, { username: `li.${tag}`, displayName: '李娜', roles: ['sales'] });
    const rep = await signUpUser(server, { username: `wang.${tag}`, displayName: '王强', roles: ['sales'] });
    const name = `杭州云栖${tag}数据有限公司`;
    const ownerToken = String(((await (await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: owner.username, password: owner.password }) })).json()) as { token: string }).token);
    const created = (await (await fetch(`${server.url}/api/v1/customers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` }, body: JSON.stringify({ name, customerType: 'direct' }) })).json()) as { id: string; archiveNo: string };

    const ctx = await newContext(browser, server.url, 'desktop');
    const page = await ctx.newPage();
    await new LoginPage(page).open();
    await new LoginPage(page).signIn(rep.username, rep.password);
    await new AppShell(page).waitForHome();
    const list = new CustomerListPage(page);
    await list.open();
    await list.startCreate();
    const form = new CustomerFormPage(page);
    await form.fill({ name });
    await form.choose('customerType', '直销客户');
    await form.submit();
    await form.duplicates().waitFor();
    const owned = await page.getByTestId('customer-duplicate-owner').innerText();
    expect(owned).toContain(created.archiveNo);
    expect(owned).toContain('李娜');
    await page.getByTestId('customer-duplicate-ask-share').click();
    await page.getByText('已通知 李娜').waitFor();
    await screenshot(page, 'desktop-customer-duplicate-colleague');
    await ctx.close();

    const octx = await newContext(browser, server.url, 'desktop');
    const opage = await octx.newPage();
    await new LoginPage(opage).open();
    await new LoginPage(opage).signIn(owner.username, owner.password);
    await new AppShell(opage).waitForHome();
    await opage.goto(`${server.url}/customers/${created.id}`);
    await opage.getByTestId('customer-share').click();
    await opage.getByTestId('share-user').locator('input').fill('王强');
    await opage.locator('.ant-select-item-option', { hasText: '王强' }).first().click();
    await opage.getByTestId('share-add').click();
    await opage.getByTestId(`share-${rep.id}`).waitFor();
    await screenshot(opage, 'desktop-customer-share-dialog');
    await octx.close();
  });
});
