/**
 * Issue 17, what a new user trips over in the web client: the phone lookup's call button never
 * dials a masked number; the header search on every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPage } from './pages/login-page.js';
import { AppShell } from './pages/app-shell.js';
import { HeaderSearch, LookupCard } from './pages/newui-pages.js';
import { screenshot } from './support/artifacts.js';
import { createUsers } from './support/api-client.js';
import { launchBrowser, newContext } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('issue 17: what a new user trips over (web client)', () => {
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

  const signedIn = async (user: { username: string; password: string }, device: 'desktop' | 'phone'): Promise<Page> => {
    const context = await newContext(browser, server.url, device);
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.open();
    await login.signIn(user.username, user.password);
    await new AppShell(page).waitForHome();
    return page;
  };

  it('SEC-4 SEC-12 ARC-3 the lookup card never dials a masked mobile: the owner\'s call button reveals it (audited), a borrower who may not reveal it gets no call button', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const { owner, borrower, csm } = await createUsers(server, {
      owner: { username: `xs.${tag}`, displayName: '李销售', roles: ['sales'] },
      borrower: { username: `cw.${tag}`, displayName: '钱财务', roles: ['finance'] },
      csm: { username: `kfjl.${tag}`, displayName: '孙经理', roles: ['cs_manager'] },
    });
    const created = await owner.api.post('/api/v1/customers', { name: '东莞市长安精工五金有限公司', customerType: 'direct', confirmDuplicate: true });
    const id = String(created['id']);
    await owner.api.post(`/api/v1/customers/${id}/contacts`, { role: 'primary', name: '陈国栋', position: '采购经理', mobile: '18443073307' });

    // The owner may reveal: the button is no dial link until the number is revealed, then dials it in full.
    const phone = await signedIn(owner, 'phone');
    const card = new LookupCard(phone);
    await card.openArchive(id);
    await phone.getByTestId('contact-card').waitFor();
    expect(await phone.getByTestId('contact-card').innerText()).toContain('184****3307');
    expect(await card.callHref()).toBeNull();
    expect(await card.revealAndCall()).toBe('tel:18443073307');
    expect(await card.call().innerText()).toContain('18443073307');
    await screenshot(phone, 'phone-lookup-call-revealed');
    const viewers = (await owner.api.get(`/api/v1/customers/${id}/viewers`))['items'] as { action: string; actorName: string | null }[];
    expect(viewers).toContainEqual(expect.objectContaining({ action: 'personal.revealed', actorName: '李销售' }));

    // A borrower granted the contacts (not the personal information) sees the masked mobile and no call button.
    const request = await borrower.api.post('/api/v1/access-requests', { customerId: id, groups: ['contacts'], purpose: '核对对接人', durationMinutes: 60 });
    expect(request['approverRole']).toBe('cs_manager');
    await csm.api.post(`/api/v1/approvals/${String(request['approvalId'])}/approve`, {});
    const other = await signedIn(borrower, 'phone');
    const borrowed = new LookupCard(other);
    await borrowed.openArchive(id);
    await other.getByTestId('contact-card').waitFor();
    expect(await other.getByTestId('contact-card').innerText()).toContain('184****3307');
    expect(await borrowed.call().count()).toBe(0);
    expect(await other.locator('a[href^="tel:"]').count()).toBe(0);
    await screenshot(other, 'phone-lookup-no-call');
  });
});
