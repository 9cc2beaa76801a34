import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForModalsClosed } from './pages/antd.js';
import { AppShell } from './pages/app-shell.js';
import { CustomerDetailPage } from './pages/customer-pages.js';
import { LoginPage } from './pages/login-page.js';
import { AccessRequestForm, AccessRequestsPage, ApprovalPages, ArchiveSecurity, BorrowingRegisterPage, NotificationBell } from './pages/security-pages.js';
import { apiAs } from './support/api-client.js';
import { signUpUser } from './support/api.js';
import path from 'node:path';
import { artifactsDir, screenshot } from './support/artifacts.js';
import { launchBrowser, newContext, viewports } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

type Viewport = keyof typeof viewports;

describe('archive security', () => {
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

  const signedIn = async (user: { username: string; password: string }, device: Viewport = 'desktop'): Promise<Page> => {
    const context = await newContext(browser, server.url, device);
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.open();
    await login.signIn(user.username, user.password);
    await new AppShell(page).waitForHome();
    return page;
  };
  /** A dialog is shot in the viewport: a full-page shot stretches the page under the fixed mask. */
  const dialogShot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDir, `${name}.png`), animations: 'disabled' });
  const noOverflow = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  it('SEC-5 SEC-6 SEC-7 a finance user borrows a secret archive for an hour on the gm\'s approval, reads it with the rest still withheld, returns it early, and the register lists the reads', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const keeper = await signUpUser(server, { username: `kf.${tag}`, displayName: '孙客服', roles: ['cs_staff'] });
    const finance = await signUpUser(server, { username: `cw.${tag}`, displayName: '钱财务', roles: ['finance'] });
    const gm = await signUpUser(server, { username: `zjl.${tag}`, displayName: '周总', roles: ['gm'] });
    const api = await apiAs(server, keeper.username, keeper.password);
    const secret = await api.post('/api/v1/customers', { name: '杭州云栖精密仪器有限公司', customerType: 'direct', secrecyLevel: 'secret', phone: '0571-88001234', registeredCapital: '50000000.00', confirmDuplicate: true });
    const secretId = String(secret['id']);
    await api.post(`/api/v1/customers/${secretId}/contacts`, { role: 'primary', name: '王立新', position: '采购经理', mobile: '13812345678', hobbies: '围棋' });

    // The finance user cannot see it at all: the archive page says so and offers a request.
    const fin = await signedIn(finance);
    await fin.goto(`/customers/${secretId}`);
    const archive = new ArchiveSecurity(fin);
    await archive.requestFromNotVisible();
    await fin.waitForURL(new RegExp(`/access-requests/new\\?customerId=${secretId}$`));
    const form = new AccessRequestForm(fin);
    await form.waitFor();
    expect(await fin.getByTestId('access-request-customer-id').inputValue()).toBe(secretId);
    // Five hours is more than a secret archive is ever lent: refused with the rule, nothing filed.
    await form.fill({ groups: ['contacts'], purpose: '核对投诉 TS-2026-0012 的对接人', minutes: 300 });
    await form.submit();
    await form.refused().waitFor();
    expect(await form.refused().innerText()).toContain('SEC-5');
    await screenshot(fin, 'desktop-access-request-refused');
    await form.setMinutes(60);
    await form.submit();
    await form.submitted().waitFor();
    expect(await form.submitted().innerText()).toContain('总经理');
    await screenshot(fin, 'desktop-access-request-submitted');
    const [request] = (await (await apiAs(server, finance.username, finance.password)).get(`/api/v1/access-requests?customerId=${secretId}`))['items'] as { id: string; approvalId: string }[];
    expect(request).toBeDefined();

    // The gm sees it on the bell and in the queue, opens it and approves it.
    const boss = await signedIn(gm);
    const bell = new NotificationBell(boss);
    await expect.poll(() => bell.badge().innerText(), { timeout: 10_000 }).toContain('1');
    const approvals = new ApprovalPages(boss);
    await approvals.openQueue();
    await approvals.row(request!.approvalId).waitFor();
    await screenshot(boss, 'desktop-approvals-queue');
    await bell.openFirstUnread();
    await boss.waitForURL(new RegExp(`/approvals/${request!.approvalId}$`));
    await approvals.waitForDetail();
    expect(await approvals.payload('groups').innerText()).toContain('联系人');
    expect(await approvals.payload('durationMinutes').innerText()).toBe('1 小时');
    expect(await boss.getByTestId('approval-rule').innerText()).toContain('SEC-5');
    expect(await boss.getByTestId('approval-approver-role').innerText()).toBe('总经理');
    await screenshot(boss, 'desktop-approval-detail');
    await approvals.approve('同意，限一小时内核对');
    await expect.poll(() => approvals.state().innerText()).toBe('已批准');
    expect(await boss.getByTestId('approval-decision-comment').innerText()).toBe('同意，限一小时内核对');

    // The finance user now reads the archive under the grant: contacts open, the rest still withheld.
    await fin.goto(`/customers/${secretId}`);
    const detail = new CustomerDetailPage(fin);
    await detail.waitForLoaded();
    await archive.grant().waitFor();
    const withheld = await archive.withheld().innerText();
    for (const g of ['个人信息', '财务信息', '档案资料', '评价信息']) expect(withheld).toContain(g);
    expect(withheld).not.toContain('联系人');
    await detail.openTab('contacts');
    const contact = fin.getByTestId('contact-王立新');
    await contact.waitFor();
    expect(await contact.innerText()).toContain('138****5678');
    expect(await contact.innerText()).not.toContain('围棋');
    await fin.getByTestId('contacts-personal-withheld').waitFor();
    await screenshot(fin, 'desktop-archive-under-grant');
    await detail.openTab('transactions');
    await archive.tabWithheld('financial').waitFor();
    // its request names the withheld group, the secret level's limit and who decides
    await fin.getByRole('tabpanel').getByTestId('request-access').click();
    await fin.getByTestId('access-request-form').waitFor();
    expect(await fin.locator('.ant-checkbox-wrapper-checked', { has: fin.getByTestId('access-request-group-financial') }).count()).toBe(1);
    expect(await fin.getByTestId('access-request-limit').innerText()).toContain('4 小时');
    expect(await fin.getByTestId('access-request-approver').innerText()).toContain('总经理');
    await dialogShot(fin, 'desktop-access-request-dialog');
    await fin.keyboard.press('Escape');
    await waitForModalsClosed(fin);

    // The same on a phone: no sideways scrolling.
    const finPhone = await signedIn(finance, 'phone');
    await finPhone.goto(`/customers/${secretId}`);
    await new CustomerDetailPage(finPhone).waitForLoaded();
    await new ArchiveSecurity(finPhone).grant().waitFor();
    await noOverflow(finPhone);
    await screenshot(finPhone, 'phone-archive-under-grant');
    const mineOnPhone = new AccessRequestsPage(finPhone);
    await mineOnPhone.open();
    await mineOnPhone.row(request!.id).waitFor();
    await noOverflow(finPhone);
    await screenshot(finPhone, 'phone-my-access-requests');
    await finPhone.context().close();

    // Early return: the grant stops at once and the archive is gone again.
    const mine = new AccessRequestsPage(fin);
    await mine.open();
    expect(await mine.row(request!.id).innerText()).toContain('借阅中');
    await screenshot(fin, 'desktop-my-access-requests');
    await mine.returnEarly(request!.id);
    await expect.poll(() => mine.row(request!.id).innerText()).toContain('已归还');
    await fin.goto(`/customers/${secretId}`);
    await archive.notVisible().waitFor();

    // The register shows the request, the decision, the period and the reads made under the grant.
    const register = new BorrowingRegisterPage(boss);
    await register.open();
    await register.row(request!.id).waitFor();
    const rowText = await register.row(request!.id).innerText();
    expect(rowText).toContain('钱财务');
    expect(rowText).toContain('已归还');
    expect(rowText).toContain('周总');
    expect(Number((await register.readsCount(request!.id).innerText()).replace(/\D/g, ''))).toBeGreaterThanOrEqual(1);
    await register.row(request!.id).locator('.ant-table-row-expand-icon').click();
    await boss.getByTestId(`register-reads-${request!.id}`).waitFor();
    await screenshot(boss, 'desktop-borrowing-register');
    const [download] = await Promise.all([boss.waitForEvent('download'), boss.getByTestId('register-export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(String(secret['archiveNo']));
    expect(csv).toContain('钱财务');
    await boss.context().close();

    const bossPhone = await signedIn(gm, 'phone');
    await new BorrowingRegisterPage(bossPhone).open();
    await new BorrowingRegisterPage(bossPhone).row(request!.id).waitFor();
    await noOverflow(bossPhone);
    await screenshot(bossPhone, 'phone-borrowing-register');
    await new ApprovalPages(bossPhone).openQueue();
    await bossPhone.getByTestId('approvals-box-decided').click();
    await new ApprovalPages(bossPhone).row(request!.approvalId).waitFor();
    await noOverflow(bossPhone);
    await screenshot(bossPhone, 'phone-approvals-decided');
    await bossPhone.context().close();
    await fin.context().close();
  });

  it('SEC-5 SEC-4 SEC-8 a confidential archive shows the viewer\'s watermark and no print; personal data is revealed on request; deletion is asked for, not done', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const keeper = await signUpUser(server, { username: `kf2.${tag}`, displayName: '孙客服', roles: ['cs_staff'] });
    const gm = await signUpUser(server, { username: `zjl2.${tag}`, displayName: '吴总经理', roles: ['gm'] });
    const api = await apiAs(server, keeper.username, keeper.password);
    const confidential = await api.post('/api/v1/customers', { name: '苏州工业园区星海新材料股份有限公司', customerType: 'manufacturer', secrecyLevel: 'confidential', confirmDuplicate: true });
    const id = String(confidential['id']);
    await api.post(`/api/v1/customers/${id}/contacts`, { role: 'legal_person', name: '陈海星', mobile: '13988887777', family: '已婚，一子' });

    for (const device of ['desktop', 'phone'] as const) {
      const page = await signedIn(gm, device);
      await page.goto(`/customers/${id}`);
      const detail = new CustomerDetailPage(page);
      await detail.waitForLoaded();
      const archive = new ArchiveSecurity(page);
      await archive.watermark().waitFor({ state: 'attached' });
      expect(await archive.watermark().getAttribute('data-watermark')).toContain('吴总经理');
      expect(await archive.watermark().evaluate((e) => getComputedStyle(e).pointerEvents)).toBe('none');
      await page.getByTestId('customer-view-only').waitFor();
      expect(await page.getByTestId('customer-print').count()).toBe(0);
      if (device === 'desktop') {
        // masked until revealed (the reveal is audited on the server)
        await detail.openTab('contacts');
        const contact = page.getByTestId('contact-陈海星');
        await contact.waitFor();
        expect(await contact.innerText()).toContain('139****7777');
        await page.getByTestId('contacts-reveal').click();
        await expect.poll(() => contact.innerText()).toContain('13988887777');
        expect(await contact.innerText()).toContain('已婚，一子');
      } else {
        await noOverflow(page);
      }
      await screenshot(page, `${device}-confidential-watermark`);
      await page.context().close();
    }

    // The archive's keeper asks to delete it: an approval for customer service's manager, nothing deleted yet.
    const page = await signedIn(keeper);
    await page.goto(`/customers/${id}`);
    await new CustomerDetailPage(page).waitForLoaded();
    const archive = new ArchiveSecurity(page);
    await archive.askProtectedChange('delete', '客户已注销，重复建档');
    await dialogShot(page, 'desktop-protected-change-delete');
    await archive.submitProtectedChange();
    await waitForModalsClosed(page);
    const mine = (await api.get('/api/v1/approvals?box=mine&type=customer_delete'))['items'] as { state: string; approverRole: string; customerId: string }[];
    expect(mine).toEqual([expect.objectContaining({ state: 'pending', approverRole: 'cs_manager', customerId: id })]);
    expect((await api.get(`/api/v1/customers/${id}`))['lifecycle']).toBe('active');
    await page.context().close();
  });
});
