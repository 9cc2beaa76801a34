import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickSearched, waitForModalsClosed } from './pages/antd.js';
import { AppShell } from './pages/app-shell.js';
import { CustomerDetailPage } from './pages/customer-pages.js';
import { LoginPage } from './pages/login-page.js';
import { AccessRequestForm, AccessRequestsPage, ApprovalPages, ArchiveSecurity, BorrowingRegisterPage, NotificationBell } from './pages/security-pages.js';
import { createUsers } from './support/api-client.js';
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
    const { keeper, finance, gm } = await createUsers(server, {
      keeper: { username: `kf.${tag}`, displayName: '孙客服', roles: ['cs_staff'] },
      finance: { username: `cw.${tag}`, displayName: '钱财务', roles: ['finance'] },
      gm: { username: `zjl.${tag}`, displayName: '周总', roles: ['gm'] },
    });
    const api = keeper.api;
    const secret = await api.post('/api/v1/customers', { name: '杭州云栖精密仪器有限公司', customerType: 'direct', secrecyLevel: 'secret', phone: '0571-88001234', registeredCapital: '50000000.00', confirmDuplicate: true });
    const secretId = String(secret['id']);
    await api.post(`/api/v1/customers/${secretId}/contacts`, { role: 'primary', name: '王立新', position: '采购经理', mobile: '13812345678', hobbies: '围棋' });

    // The finance user cannot see it at all: the archive page says so and offers a request.
    const fin = await signedIn(finance);
    await fin.goto(`/customers/${secretId}`);
    const archive = new ArchiveSecurity(fin);
    await archive.requestFromNotVisible();
    await fin.waitForURL(/\/access-requests\/new$/);
    const form = new AccessRequestForm(fin);
    await form.waitFor();
    // an unseen archive is asked for by the number given on the complaint (SEC-6), never by its id
    await fin.getByTestId('access-request-customer-id').fill(String(secret['archiveNo']));
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
    const [request] = (await finance.api.get(`/api/v1/access-requests?customerId=${secretId}`))['items'] as { id: string; approvalId: string }[];
    expect(request).toBeDefined();

    // The gm sees it on the bell and in the queue, opens it and approves it.
    const boss = await signedIn(gm);
    const bell = new NotificationBell(boss);
    await expect.poll(() => bell.badge().innerText(), { timeout: 10_000 }).toContain('1');
    const approvals = new ApprovalPages(boss);
    await approvals.openQueue();
    await approvals.row(request!.approvalId).waitFor();
    await screenshot(boss, 'desktop-approvals-queue');
    const notifications = await bell.open();
    await dialogShot(boss, 'desktop-notification-bell');
    await notifications.locator('[data-unread="true"]').first().click();
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

    // The same at phone width: no sideways scrolling.
    const finPhone = fin;
    await finPhone.setViewportSize(viewports.phone);
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
    await fin.setViewportSize(viewports.desktop);

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

    const bossPhone = boss;
    await bossPhone.setViewportSize(viewports.phone);
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
    const { keeper, gm } = await createUsers(server, {
      keeper: { username: `kf2.${tag}`, displayName: '孙客服', roles: ['cs_staff'] },
      gm: { username: `zjl2.${tag}`, displayName: '吴总经理', roles: ['gm'] },
    });
    const api = keeper.api;
    const confidential = await api.post('/api/v1/customers', { name: '苏州工业园区星海新材料股份有限公司', customerType: 'manufacturer', secrecyLevel: 'confidential', confirmDuplicate: true });
    const id = String(confidential['id']);
    await api.post(`/api/v1/customers/${id}/contacts`, { role: 'legal_person', name: '陈海星', mobile: '13988887777', family: '已婚，一子' });

    const gmPage = await signedIn(gm);
    for (const device of ['desktop', 'phone'] as const) {
      const page = gmPage;
      await page.setViewportSize(viewports[device]);
      await page.goto(`/customers/${id}`);
      const detail = new CustomerDetailPage(page);
      await detail.waitForLoaded();
      const archive = new ArchiveSecurity(page);
      await archive.watermark().waitFor({ state: 'attached' });
      expect(await archive.watermark().getAttribute('data-watermark')).toContain('吴总经理');
      // Ant Design's Watermark draws a layer (a repeating background image) over the content that lets the pointer through
      expect(await archive.watermark().evaluate((e) => {
        const layer = [...e.querySelectorAll('div')].find((d) => d.style.backgroundImage.startsWith('url('));
        return layer ? getComputedStyle(layer).pointerEvents : 'no watermark layer';
      })).toBe('none');
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
    }
    await gmPage.context().close();

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
    // no customer-service manager exists yet in this company, so the request goes up to the gm (SEC-7: no approval waits for nobody)
    expect(mine).toEqual([expect.objectContaining({ state: 'pending', approverRole: 'gm', customerId: id })]);
    expect((await api.get(`/api/v1/customers/${id}`))['lifecycle']).toBe('active');
    await page.context().close();
  });
  it('SEC-5 SEC-8 SEC-9 SEC-12 labels renamed, a deleted archive destroyed through the register, a data-subject export downloaded, a deputy named', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const { keeper, csm, gm, archivist, admin, deputy } = await createUsers(server, {
      keeper: { username: `kf3.${tag}`, displayName: '李客服', roles: ['cs_staff'] },
      csm: { username: `kfzg.${tag}`, displayName: '赵主管', roles: ['cs_manager'] },
      gm: { username: `zjl3.${tag}`, displayName: '郑总', roles: ['gm'] },
      archivist: { username: `dag.${tag}`, displayName: '钱档案', roles: ['archivist'] },
      admin: { username: `gly.${tag}`, displayName: '管理员小何', roles: ['admin'] },
      deputy: { username: `bzr.${tag}`, displayName: '办公室孙主任', roles: ['office_head'] },
    });
    const keeperApi = keeper.api;
    const csmApi = csm.api;
    const gmApi = gm.api;
    const gone = await keeperApi.post('/api/v1/customers', { name: '宁波北仑港务物流有限公司', customerType: 'distributor', secrecyLevel: 'secret', confirmDuplicate: true });
    const kept = await keeperApi.post('/api/v1/customers', { name: '厦门鹭岛食品有限公司', customerType: 'direct', confirmDuplicate: true });
    const mobile = `137${String(Date.now()).slice(-8)}`;
    await keeperApi.post(`/api/v1/customers/${String(kept['id'])}/contacts`, { role: 'primary', name: '林美华', mobile });
    const deletion = await keeperApi.post(`/api/v1/customers/${String(gone['id'])}/protected-changes`, { change: 'delete', reason: '重复建档' });
    await csmApi.post(`/api/v1/approvals/${String(deletion['approvalId'])}/approve`, {});

    // The administrator renames the levels; the badges use the company's names.
    const adm = await signedIn(admin);
    await adm.goto('/admin/secrecy-labels');
    await adm.getByTestId('secrecy-label-secret').fill('普通商密');
    await adm.getByTestId('secrecy-label-confidential').fill('核心商密');
    await adm.getByTestId('secrecy-labels-save').click();
    await adm.locator('.ant-message-success').first().waitFor();
    await screenshot(adm, 'desktop-secrecy-labels');

    // The bin's keeper asks to destroy the deleted archive from the recycle bin.
    const keeperPage = await signedIn(csm);
    await keeperPage.goto('/recycle-bin');
    const binRow = keeperPage.getByTestId(`recycle-row-${String(gone['archiveNo'])}`);
    await binRow.waitFor();
    // the row can show before the company's level names have loaded (a fresh sign-in): wait for them
    await binRow.getByText('普通商密').waitFor();
    expect(await binRow.innerText()).toContain('普通商密');
    await screenshot(keeperPage, 'desktop-recycle-bin');
    await keeperPage.getByTestId(`recycle-destroy-${String(gone['archiveNo'])}`).click();
    await keeperPage.getByTestId('protected-change-reason').fill('重复建档，无保存价值（档案管理制度 八）');
    await keeperPage.getByTestId('protected-change-submit').click();
    await waitForModalsClosed(keeperPage);
    const [destruction] = (await csmApi.get('/api/v1/destructions'))['items'] as { id: string; approvalId: string }[];
    await gmApi.post(`/api/v1/approvals/${destruction!.approvalId}/approve`, { comment: '同意销毁' });
    await keeperPage.context().close();

    // The archivist executes it; the register keeps who asked, approved and executed.
    const arch = await signedIn(archivist);
    await arch.goto('/destructions');
    const row = arch.getByTestId(`destruction-row-${String(gone['archiveNo'])}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('待执行');
    await arch.getByTestId(`destruction-execute-${destruction!.id}`).click();
    // the row changes once the execution has been answered and the register reloaded: wait for that answer
    const executed = arch.waitForResponse((r) => r.url().endsWith(`/api/v1/destructions/${destruction!.id}/execute`) && r.request().method() === 'POST');
    await arch.locator('.ant-modal-confirm .ant-btn-dangerous').click();
    expect((await executed).status()).toBeLessThan(300);
    await row.getByText('已销毁').waitFor();
    const text = await row.innerText();
    for (const name of ['赵主管', '郑总', '钱档案']) expect(text).toContain(name);
    await screenshot(arch, 'desktop-destruction-register');
    const archPhone = arch;
    await archPhone.setViewportSize(viewports.phone);
    await archPhone.goto('/destructions');
    await archPhone.getByTestId(`destruction-row-${String(gone['archiveNo'])}`).waitFor();
    await noOverflow(archPhone);
    await screenshot(archPhone, 'phone-destruction-register');
    await archPhone.context().close();

    // A data subject asks for their data: the administrator finds the contact by mobile, asks, the gm approves, the export downloads.
    await adm.goto('/admin/personal-data');
    await adm.getByTestId('personal-find-mobile').fill(mobile);
    await adm.getByTestId('personal-find').click();
    const exportButton = adm.locator('[data-testid^="personal-export-"]').first();
    await exportButton.waitFor();
    await exportButton.click();
    await adm.getByTestId('personal-request-reason').fill('本人来函，信函编号 2026-015');
    await adm.getByTestId('personal-request-submit').click();
    await waitForModalsClosed(adm);
    const [asked] = (await admin.api.get('/api/v1/approvals?box=mine&type=personal_data_export'))['items'] as { id: string }[];
    await gmApi.post(`/api/v1/approvals/${asked!.id}/approve`, {});
    await adm.reload();
    const download = adm.getByTestId(`personal-download-${asked!.id}`);
    await download.waitFor();
    await screenshot(adm, 'desktop-personal-data');
    const [file] = await Promise.all([adm.waitForEvent('download'), download.click()]);
    const json = readFileSync((await file.path())!, 'utf8');
    expect(json).toContain('林美华');
    expect(json).toContain(mobile);
    await adm.context().close();

    // The gm names a deputy for secret-level borrowing, found by name in the colleague directory.
    const boss = await signedIn(gm);
    await boss.goto('/approvals/delegations');
    await boss.getByTestId('delegation-create').click();
    await pickSearched(boss, boss.locator('.ant-modal').getByTestId('user-field'), deputy.username, '办公室孙主任');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const range = boss.locator('.ant-modal .ant-picker-range input');
    await range.first().click();
    await range.first().fill(today);
    await range.first().press('Enter');
    await range.last().fill(today);
    await range.last().press('Enter');
    await boss.getByTestId('delegation-submit').click();
    await waitForModalsClosed(boss);
    await boss.getByTestId(`delegation-revoke-${String(((await gmApi.get('/api/v1/approval-delegations'))['items'] as { id: string }[])[0]!.id)}`).waitFor();
    expect(await boss.locator('.ant-table-row').first().innerText()).toContain('办公室孙主任');
    await screenshot(boss, 'desktop-delegations');
    await boss.context().close();

    // English is complete too.
    const en = await browser.newContext({ baseURL: server.url, viewport: viewports.desktop, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    await en.addInitScript(() => window.localStorage.setItem('kedang.language', 'en-US'));
    const enPage = await en.newPage();
    await new LoginPage(enPage).open();
    await new LoginPage(enPage).signIn(gm.username, gm.password);
    await new AppShell(enPage).waitForHome();
    await enPage.goto('/approvals?box=decided');
    await enPage.getByTestId('approvals-box-decided').waitFor();
    expect(await enPage.getByTestId('approvals-box-decided').innerText()).toBe('Decided by me');
    await enPage.goto(`/approvals/${asked!.id}`);
    await new ApprovalPages(enPage).waitForDetail();
    expect(await enPage.getByTestId('approval-title').innerText()).toBe('Personal data export');
    await screenshot(enPage, 'desktop-approval-detail-en');
    await en.close();
  });
});
