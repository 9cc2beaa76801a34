import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPage } from './pages/login-page.js';
import { AppShell } from './pages/app-shell.js';
import { CustomerDetailPage, CustomerFormPage, CustomerListPage, LookupPage } from './pages/customer-pages.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser, newContext } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('the customer archive', () => {
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

  it('ARC-1 ARC-7 ARC-10 ARC-11 a customer specialist creates an archive, finds it by pinyin, edits it and sees the change in the history', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const specialist = await signUpUser(server, { username: `kefu.${tag}`, displayName: '赵客服', roles: ['cs_staff'] });
    // a distinctive name whose pinyin and initials no other archive shares
    const name = '深圳市鹏程翼飞科技有限公司';
    const phone = `0755-2878${String(Date.now()).slice(-4)}`;

    const desktop = await newContext(browser, server.url, 'desktop');
    const page = await desktop.newPage();
    await new LoginPage(page).open();
    await new LoginPage(page).signIn(specialist.username, specialist.password);
    const shell = new AppShell(page);
    await shell.waitForHome();

    // Create: the grouped form of seed 000's 客户档案表.
    const list = new CustomerListPage(page);
    await list.open();
    await list.startCreate();
    const form = new CustomerFormPage(page);
    await form.fill({ name, shortName: '鹏程翼飞', phone, address: '深圳市南山区科技园南区8栋', email: `info-${tag}@pcyf.example.cn` });
    await form.choose('customerType', '直销客户');
    await form.choose('importance', '重要');
    await screenshot(page, 'desktop-customer-new');
    await form.submit();
    const detail = new CustomerDetailPage(page);
    await page.waitForURL(/\/customers\/\d+$/);
    await detail.waitForLoaded();
    const archiveNo = await detail.archiveNo();
    expect(archiveNo).toMatch(/^KH-\d{4}-\d{6}$/);
    expect(await detail.name()).toBe(name);
    await screenshot(page, 'desktop-customer-detail');

    // A second archive with the same phone is a possible duplicate: the form says so and links to it.
    await list.open();
    await list.startCreate();
    await form.fill({ name: '鹏程翼飞（深圳）科技', phone });
    await form.choose('customerType', '经销商');
    await form.submit();
    await form.duplicates().waitFor();
    expect(await page.getByTestId(`customer-duplicate-${archiveNo}`).innerText()).toContain(name);
    await screenshot(page, 'desktop-customer-duplicate');

    // Find it by full pinyin and by initials, from the list's search box.
    await list.open();
    await list.search('pengchengyifei');
    await list.row(archiveNo).waitFor();
    await list.search('pcyf');
    await list.row(archiveNo).waitFor();
    await screenshot(page, 'desktop-customer-search-pinyin');
    await list.row(archiveNo).click();
    await detail.waitForLoaded();

    // Edit: a new phone and importance; the revision count goes up.
    await detail.edit();
    const newPhone = '0755-86001234';
    await form.fill({ phone: newPhone });
    await form.choose('importance', '非常重要');
    await form.submit();
    await page.waitForURL(/\/customers\/\d+$/);
    await detail.waitForLoaded();
    await expect.poll(() => detail.value('phone').innerText()).toBe(newPhone);
    expect(await detail.revisions()).toContain('1');

    // History: the change with old and new values, and versions 0 and 1 side by side.
    await detail.openTab('history');
    const entry = detail.historyEntry(1);
    await entry.waitFor();
    const entryText = await entry.innerText();
    expect(entryText).toContain(phone);
    expect(entryText).toContain(newPhone);
    expect(entryText).toContain('赵客服');
    const compared = await detail.comparedChanges();
    const phoneRow = compared.find((r) => r[0] === '客户电话');
    expect(phoneRow).toEqual(['客户电话', phone, newPhone]);
    expect(compared.find((r) => r[0] === '客户级别')).toEqual(['客户级别', '重要', '非常重要']);
    await screenshot(page, 'desktop-customer-history');
    await desktop.close();

    // In the field, on a phone: look it up by phone digits, then call.
    const phoneCtx = await newContext(browser, server.url, 'phone');
    const mobile = await phoneCtx.newPage();
    await new LoginPage(mobile).open();
    await new LoginPage(mobile).signIn(specialist.username, specialist.password);
    await new AppShell(mobile).waitForHome();
    const lookup = new LookupPage(mobile);
    await lookup.open();
    await lookup.find('86001234', archiveNo);
    expect(await lookup.callHref()).toBe('tel:075586001234'); // dialable digits
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(mobile, 'phone-customer-lookup');
    await phoneCtx.close();
  });
});
