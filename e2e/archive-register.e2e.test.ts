/**
 * ANA-2 SEC-4 ARC-6: the archivist signs in, clicks the home page's documents-missing figure and
 * lands on the 档案登记簿 filtered to archives missing a required document — by number, name and
 * level only; top secret never listed. Screenshots at desktop and 375 px go to e2e/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('archive register', () => {
  let server: TestServer;
  let browser: Browser;
  let archivist: JourneyUser;
  const tag = Date.now().toString(36).slice(-5);
  const names = { complete: `登记齐全有限公司${tag}`, missing: `登记缺件有限公司${tag}`, confidential: `登记机密有限公司${tag}`, topSecret: `登记绝密有限公司${tag}` };

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    const rep = await signUpUser(server, { username: `reg.rep.${tag}`, displayName: '孙销售', roles: ['sales'] });
    archivist = await signUpUser(server, { username: `reg.arc.${tag}`, displayName: '何档案', roles: ['archivist'] });
    const token = await tokenOf(server, rep);
    const create = async (name: string, secrecyLevel: string) => api<{ id: string }>(server, 'POST', '/api/v1/customers', token, { name, customerType: 'direct', secrecyLevel });
    const complete = await create(names.complete, 'none');
    await create(names.missing, 'secret');
    await create(names.confidential, 'confidential');
    await create(names.topSecret, 'top_secret').catch(() => undefined);
    for (const category of ['business_licence', 'legal_rep_id']) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ kind: 'original', category, title: category, pages: '1', receivedOn: '2026-01-05' })) form.set(k, v);
      form.set('file', new Blob(['%PDF-1.4\n%e2e\n'], { type: 'application/pdf' }), `${category}.pdf`);
      const r = await fetch(`${server.url}/api/v1/customers/${complete.id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(r.status, await r.clone().text()).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('ANA-2 SEC-4 ARC-6 the archivist clicks the documents-missing widget and sees the register filtered to archives missing documents', async () => {
    for (const device of ['desktop', 'phone'] as const) {
      const page = await signedIn(browser, server, archivist, device);
      await page.goto('/');
      await page.getByTestId('widget-documents-missing-docs').click();
      await page.waitForURL(/\/archive-register\?missingDocuments=true/);
      const table = page.getByTestId('archive-register-table');
      await expect.poll(async () => await table.textContent()).toContain(names.missing);
      const text = (await table.textContent()) ?? '';
      expect(text).toContain(names.confidential);
      expect(text).not.toContain(names.complete); // it holds every required document
      expect(text).not.toContain(names.topSecret); // top secret is never in the register
      expect(text).toContain('法定代表人身份证复印件');
      expect(await page.getByTestId('archive-register-missing').isChecked()).toBe(true);
      await screenshot(page, `archive-register-${device}`);
      if (device === 'desktop') {
        // the whole register, then searched by name; reachable from the menu
        await page.getByTestId('archive-register-missing').click();
        await expect.poll(async () => await table.textContent()).toContain(names.complete);
        const search = page.getByPlaceholder('档案编号或客户名称');
        await search.fill(`齐全有限公司${tag}`);
        await search.press('Enter');
        // wait for the searched page itself (while it loads the table is briefly empty, which also lacks names.missing)
        await expect.poll(async () => { const t = (await table.textContent()) ?? ''; return t.includes(names.complete) && !t.includes(names.missing); }).toBe(true);
        const href = await page.getByTestId('archive-register-export-xlsx').getAttribute('href');
        expect(href).toContain('/api/v1/archive-register/export');
        await page.goto('/');
        // the entry in the 档案安全 menu (the open 我的账户 submenu may cover it: the click is dispatched)
        const entry = page.getByTestId('nav-archive-register');
        expect(await entry.getAttribute('href')).toBe('/archive-register');
        await entry.dispatchEvent('click');
        await page.waitForURL(/\/archive-register$/);
        await table.waitFor();
      }
      await page.close();
    }
  });
});
