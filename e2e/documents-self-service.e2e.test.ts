import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentsTab, PublicFormPage, SelfServiceTab, TasksPage } from './pages/document-pages.js';
import { AppShell } from './pages/app-shell.js';
import { LoginPage } from './pages/login-page.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser, newContext } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

const api = async (server: TestServer, method: string, path: string, token?: string, body?: unknown) => {
  const r = await fetch(`${server.url}${path}`, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const json = (await r.json()) as Record<string, unknown>;
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(json)}`);
  return json;
};

describe('documents, printing and the customer self-service form', () => {
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

  it('ARC-6 ARC-13 ARC-14 ARC-8 a specialist files a business licence, prints the 客户档案表, and reviews what the customer sent from a phone', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const specialist = await signUpUser(server, { username: `zl.${tag}`, displayName: '孙专员', roles: ['cs_staff'] });
    const token = String((await api(server, 'POST', '/api/v1/auth/login', undefined, { username: specialist.username, password: specialist.password })).token);
    const admin = String((await api(server, 'POST', '/api/v1/auth/login', undefined, { username: 'admin', password: server.adminPassword })).token);
    await api(server, 'PUT', '/api/v1/settings/archive', admin, { companyName: '华南精工机械有限公司' });
    const customer = await api(server, 'POST', '/api/v1/customers', token, { name: `东莞市恒信五金制品有限公司${tag}`, customerType: 'manufacturer', phone: '0769-22001100', address: '东莞市长安镇', email: 'old@hengxin.example.cn' });
    const id = String(customer.id);

    const desktop = await newContext(browser, server.url, 'desktop');
    const page = await desktop.newPage();
    await new LoginPage(page).open();
    await new LoginPage(page).signIn(specialist.username, specialist.password);
    await new AppShell(page).waitForHome();

    // ARC-6: upload the business licence; the completeness check then lacks only the ID copy.
    const docs = new DocumentsTab(page);
    await docs.open(id);
    expect(await docs.missing().innerText()).toContain('营业执照');
    await docs.upload({ name: '营业执照副本.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') }, '营业执照', '营业执照（副本）');
    await page.getByTestId('document-row-title').first().waitFor();
    expect(await docs.titles()).toEqual(['营业执照（副本）']);
    await page.waitForFunction(() => !document.querySelector('[data-testid="documents-missing"]')?.textContent?.includes('营业执照'));
    expect(await docs.missing().innerText()).toContain('法定代表人身份证复印件');
    await screenshot(page, 'desktop-documents');

    // ARC-13: the 客户档案表 opens print-ready, with the company and the form number.
    const printed = await docs.print('archive');
    const text = await printed.locator('body').innerText();
    expect(text).toContain('客户档案表');
    expect(text).toContain('华南精工机械有限公司');
    expect(text).toContain('KD-ARC-01');
    await screenshot(printed, 'desktop-print-archive');
    await printed.close();

    // ARC-14: a link for the customer, filled in on a phone without signing in.
    const selfService = new SelfServiceTab(page);
    await selfService.open(id);
    const url = await selfService.sendLink();
    expect(url).toMatch(/\/f\/kdf_[A-Za-z0-9_-]{43}$/);
    const phone = await newContext(browser, server.url, 'phone');
    const mobile = await phone.newPage();
    const form = new PublicFormPage(mobile);
    await form.open(url);
    expect(await mobile.locator('body').innerText()).toContain('华南精工机械有限公司');
    await form.fill({ phone: '0769-22009988', address: '东莞市长安镇振安中路 88 号', email: 'sales@hengxin.example.cn' });
    const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(mobile, 'phone-self-service-form');
    await form.submit('刘经理');
    await screenshot(mobile, 'phone-self-service-done');
    // the link is single-use
    await mobile.goto(url);
    await form.refusal().waitFor();
    expect(await form.refusal().innerText()).toContain('已提交');
    await phone.close();

    // The specialist accepts two fields and rejects one; the archive changes only by those two.
    await selfService.open(id);
    await selfService.submission().waitFor();
    await selfService.decide('phone', 'accept');
    await selfService.decide('address', 'accept');
    await selfService.decide('email', 'reject');
    await screenshot(page, 'desktop-self-service-review');
    await selfService.applyReview();
    await page.locator('.ant-message-success').first().waitFor();
    const after = await api(server, 'GET', `/api/v1/customers/${id}`, token);
    expect(after).toMatchObject({ phone: '0769-22009988', address: '东莞市长安镇振安中路 88 号', email: 'old@hengxin.example.cn', revisionCount: 1 });

    // ARC-8: the submission brought an archive-update task, done by the review.
    const tasks = new TasksPage(page);
    await tasks.open();
    await tasks.show('done');
    await tasks.states().first().waitFor();
    expect(await tasks.states().allInnerTexts()).toContain('档案已更新');
    await screenshot(page, 'desktop-tasks-done');
    await desktop.close();

    // The same screens work at 375 px: nothing wider than the phone.
    const small = await newContext(browser, server.url, 'phone');
    const p2 = await small.newPage();
    await new LoginPage(p2).open();
    await new LoginPage(p2).signIn(specialist.username, specialist.password);
    await new AppShell(p2).waitForHome();
    const phoneDocs = new DocumentsTab(p2);
    await phoneDocs.open(id);
    await p2.getByTestId('document-row-title').first().waitFor();
    expect(await p2.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(p2, 'phone-documents');
    await new TasksPage(p2).open();
    expect(await p2.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(p2, 'phone-tasks');
    await small.close();
  });
});
