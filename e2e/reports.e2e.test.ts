/**
 * Journeys through the analyses (spec 07): a rep's home page with the contact widget; the reports
 * page (ANA-3) showing the receivables aging as a chart and a table, usable at 375 px.
 * Screenshots at desktop and 375 px phone width go to e2e/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('reports', () => {
  let server: TestServer;
  let browser: Browser;
  let rep: JourneyUser;
  const tag = Date.now().toString(36).slice(-5);

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    rep = await signUpUser(server, { username: `rpt.${tag}`, displayName: '钱销售', roles: ['sales'] });
    const token = await tokenOf(server, rep);
    const c = await api<{ id: string }>(server, 'POST', '/api/v1/customers', token, { name: `华南报表测试有限公司${tag}`, customerType: 'direct' });
    const k = await api<{ id: string }>(server, 'POST', '/api/v1/contracts', token, {
      customerId: c.id, title: '报表合同', amount: '5000.00', signatory: '孙总',
      instalments: [{ dueOn: '2026-01-31', amount: '2000.00' }, { dueOn: '2099-12-31', amount: '3000.00' }],
    });
    await api(server, 'PATCH', `/api/v1/contracts/${k.id}/checklist`, token, { version: 0, legalStatus: true, businessScope: true, capacity: true, credit: true, signatoryAuthority: true });
    await api(server, 'POST', `/api/v1/contracts/${k.id}/sign`, token, { signedOn: '2026-01-05' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('ANA-2 a rep’s home page shows the contact dues widget', async () => {
    const page = await signedIn(browser, server, rep, 'desktop');
    await page.goto('/');
    await page.getByTestId('widget-contacts').waitFor();
    await page.getByTestId('widget-target').waitFor();
    await page.getByTestId('widget-evaluations').waitFor();
    await screenshot(page, 'home-rep-contacts');
    await page.close();
  });

  it('ANA-2 the customer-service manager’s, marketing director’s and archivist’s home pages show their widgets, each a link to its list', async () => {
    const homes = [
      ['cs_manager', '吴主管', ['widget-complaints', 'widget-approvals', 'widget-borrowing']],
      ['marketing_director', '陈总监', ['widget-grade-movement', 'widget-key-at-risk', 'widget-grades', 'widget-approvals']],
      ['archivist', '何档案', ['widget-borrowing', 'widget-documents-missing']],
    ] as const;
    for (const [role, name, widgets] of homes) {
      const user = await signUpUser(server, { username: `home.${role}.${tag}`, displayName: name, roles: [role] });
      const page = await signedIn(browser, server, user, role === 'archivist' ? 'phone' : 'desktop');
      await page.goto('/');
      for (const w of widgets) await page.getByTestId(w).waitFor();
      expect(await page.getByTestId('widget-contacts').count()).toBe(0); // no portfolio of their own
      await screenshot(page, `home-${role}`);
      if (role === 'archivist') {
        await page.getByTestId('widget-documents-missing-docs').click();
        await page.waitForURL(/archive-register\?missingDocuments=true/); // the register, not the completeness report (empty for the archivist)
      }
      await page.close();
    }
  });

  it('ANA-3 the receivables aging report as chart and table, with totals, at desktop and 375 px', async () => {
    for (const device of ['desktop', 'phone'] as const) {
      const page = await signedIn(browser, server, rep, device);
      await page.goto('/sales/reports?report=receivables-aging');
      const table = page.getByTestId('report-table');
      await table.waitFor();
      await expect.poll(async () => await table.textContent()).toContain('钱销售');
      expect(await table.textContent()).toContain('2,000.00');
      if (device === 'desktop') await page.getByTestId('report-chart').waitFor();
      await screenshot(page, `reports-aging-${device}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (device === 'phone') expect(width).toBeLessThanOrEqual(400);
      await page.close();
    }
  });
});
