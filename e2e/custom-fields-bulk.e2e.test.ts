/**
 * Issue 17 items 13 and 16 (ARC-1, ARC-11): an administrator defines a custom field on 自定义字段;
 * a rep fills it in on a new archive and reads it on the archive page; then selects archives in the
 * list and adds a tag to all of them, reading the per-row result.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerFormPage, CustomerListPage } from './pages/customer-pages.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('custom fields and bulk actions (issue 17 items 13, 16)', () => {
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

  it('ARC-1 ARC-11 the administrator adds a field, a rep fills it in and sees it; the rep tags two archives at once', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const admin = await signUpUser(server, { username: `cf.admin.${tag}`, displayName: '管理员', roles: ['admin'] });
    const rep = await signUpUser(server, { username: `cf.rep.${tag}`, displayName: '赵敏', roles: ['sales'] });

    const apage = await signedIn(browser, server, admin, 'desktop');
    await apage.goto(`${server.url}/admin/custom-fields`);
    await apage.getByTestId('custom-field-add').click();
    await apage.getByTestId('custom-field-label').fill('对接系统');
    await apage.getByTestId('custom-field-key').fill(`erp${tag}`);
    await apage.getByTestId('custom-field-save').click();
    await apage.getByTestId(`custom-field-row-erp${tag}`).waitFor();
    expect(await apage.getByTestId(`custom-field-row-erp${tag}`).innerText()).toContain('文本');
    await screenshot(apage, 'desktop-custom-fields');
    await apage.context().close();

    const page = await signedIn(browser, server, rep, 'desktop');
    const list = new CustomerListPage(page);
    await list.open();
    await list.startCreate();
    const form = new CustomerFormPage(page);
    const name = `苏州自定义${tag}科技有限公司`;
    await form.fill({ name });
    await form.choose('customerType', '直销客户');
    await page.getByTestId(`customer-custom-erp${tag}`).fill('用友 U8');
    await form.submit();
    await page.getByTestId(`customer-custom-value-erp${tag}`).waitFor();
    expect(await page.getByTestId(`customer-custom-value-erp${tag}`).innerText()).toBe('用友 U8');

    const token = await tokenOf(server, rep);
    const second = await api<{ id: string; archiveNo: string }>(server, 'POST', '/api/v1/customers', token, { name: `苏州批量${tag}贸易有限公司`, customerType: 'direct' });
    const first = (await api<{ items: { id: string; archiveNo: string; name: string }[] }>(server, 'GET', `/api/v1/customers?limit=10&q=${encodeURIComponent(name)}`, token)).items[0]!;
    await list.open();
    for (const archiveNo of [first.archiveNo, second.archiveNo]) await page.getByTestId(`customer-row-${archiveNo}`).locator('.ant-checkbox-input').check();
    await page.getByTestId('bulk-bar').waitFor();
    expect(await page.getByTestId('bulk-bar').innerText()).toContain('已选 2 项');
    await page.getByTestId('bulk-actions').hover();
    await page.getByTestId('bulk-add_tag').click();
    await page.getByTestId('bulk-tag').fill('苏州展会');
    expect(await page.getByTestId('bulk-tag').inputValue()).toBe('苏州展会');
    // the request the Apply button sends, awaited on its own: a lost click and a refused request
    // fail here with what happened, not as a missing summary (one full run in 40 lost this step)
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/customers/bulk-actions') && r.request().method() === 'POST');
    await page.getByTestId('bulk-apply').click();
    expect((await answered).status()).toBe(200);
    await page.getByTestId('bulk-summary').waitFor();
    expect(await page.getByTestId('bulk-summary').innerText()).toContain('完成 2 项');
    await screenshot(page, 'desktop-customers-bulk-result');
    const tagged = await api<{ tags: string[] }>(server, 'GET', `/api/v1/customers/${second.id}`, token);
    expect(tagged.tags).toEqual(['苏州展会']);
    await page.context().close();
  });
});
