/**
 * ARC-13: the printed forms, rendered by headless Chromium to PDF exactly as a user's browser
 * prints them: A4, running header with company and form number, page numbers on every page.
 */
import { chromium, type Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formNumbers, printForms } from '../../../contract/forms.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { formTitles } from './forms.labels.js';

let t: TestApp;
let browser: Browser;
let cs: { id: string; token: string };
let customerId: string;

beforeAll(async () => {
  t = await createTestApp();
  browser = await chromium.launch({ executablePath: process.env['KEDANG_CHROMIUM'] ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  cs = await t.createUser('print.cs', ['cs_staff']);
  expect((await t.request('PUT', '/api/v1/settings/archive', { token: t.adminToken, body: { companyName: '深圳客档科技有限公司' } })).statusCode).toBe(200);
  const c = (await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '打印测试贸易有限公司', customerType: 'distributor', address: '广州市天河区', registeredCapital: '5000000.00', bankName: '工商银行', companyNature: 'private_ltd', industryPosition: 'medium', advantages: '交期稳定' } })).json();
  customerId = c.id;
  await t.request('POST', `/api/v1/customers/${customerId}/contacts`, { token: cs.token, body: { role: 'legal_person', name: '陈法人', position: '董事长', birthDate: '1970-05-01', hobbies: '高尔夫', mobile: '13900001111' } });
  await t.request('POST', `/api/v1/customers/${customerId}/contacts`, { token: cs.token, body: { role: 'first', name: '李联系', position: '采购经理', mobile: '13900002222' } });
  const year = new Date().getFullYear();
  await t.database.db.insertInto('transactions').values(Array.from({ length: 70 }, (_, i) => ({ customer_id: customerId, tx_no: `T${i}`, date: `${year}-01-${String((i % 28) + 1).padStart(2, '0')}`, amount: `${1000 + i}.00`, place: '广州', remarks: '按期交付' }))).execute();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function pdfOf(html: string) {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const doc = await getDocumentProxy(new Uint8Array(bytes));
    const { totalPages, text } = await extractText(doc, { mergePages: false });
    const view = (await doc.getPage(1)).view; // [x0, y0, x1, y1] in points
    return { totalPages, pages: text as string[], widthMm: ((view[2]! - view[0]!) * 25.4) / 72, heightMm: ((view[3]! - view[1]!) * 25.4) / 72 };
  } finally {
    await page.close();
  }
}

describe('ARC-13 printable forms', () => {
  it.each(printForms)('ARC-13 %s prints on A4 with the company, the form number and page numbers on every page', async (form) => {
    const r = await t.request('GET', `/api/v1/customers/${customerId}/forms/${form}`, { token: cs.token });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const { totalPages, pages, widthMm, heightMm } = await pdfOf(r.body);
    expect([Math.round(widthMm), Math.round(heightMm)]).toEqual([210, 297]);
    expect(totalPages).toBeGreaterThanOrEqual(form === 'archive' ? 2 : 1);
    pages.forEach((text, i) => {
      expect(text).toContain('深圳客档科技有限公司');
      expect(text).toContain(formNumbers[form]);
      expect(text.replace(/\s+/g, ' ')).toContain(`第 ${i + 1} 页 / 共 ${totalPages} 页`);
    });
    expect(pages[0]).toContain(formTitles[form]);
  });

  it('ARC-13 SEC-10 printing is audited, leaves out withheld groups, and is refused for view-only levels', async () => {
    const audits = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'customer.printed').where('entity_id', '=', customerId).execute();
    expect(audits.map((a) => (a.data as { form: string }).form).sort()).toEqual([...printForms].sort());
    // a share opens basic, contacts and documents: no capital, bank, personal details, evaluation or transactions
    const sales = await t.createUser('print.sales', ['sales']);
    await t.database.db.insertInto('customer_shares').values({ customer_id: customerId, user_id: sales.id }).execute();
    const shared = await t.request('GET', `/api/v1/customers/${customerId}/forms/archive`, { token: sales.token });
    expect(shared.statusCode).toBe(200);
    for (const hidden of ['5000000', '工商银行', '1970-05-01', '高尔夫', '交期稳定', 'T12']) expect(shared.body).not.toContain(hidden);
    expect(shared.body).toContain('陈法人');
    expect(shared.body).toContain('按权限未打印');
    // confidential: view-only, no print
    const conf = (await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '机密打印测试有限公司', customerType: 'direct', secrecyLevel: 'confidential' } })).json();
    const refused = await t.request('GET', `/api/v1/customers/${conf.id}/forms/archive`, { token: cs.token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().rule).toBe('SEC-5');
    expect((await t.request('GET', `/api/v1/customers/${customerId}/forms/archive`, { token: (await t.createUser('print.nobody', ['finance'])).token })).statusCode).toBe(404);
  });

  it('ARC-13 the company name cannot break out of the page header or the page', async () => {
    await t.request('PUT', '/api/v1/settings/archive', { token: t.adminToken, body: { companyName: '"; } </style><script>alert(1)</script>' } });
    const r = await t.request('GET', `/api/v1/customers/${customerId}/forms/basic-info`, { token: cs.token });
    expect(r.body).not.toContain('<script>');
    const { pages } = await pdfOf(r.body);
    expect(pages[0]).toContain('alert(1)');
    await t.request('PUT', '/api/v1/settings/archive', { token: t.adminToken, body: { companyName: '深圳客档科技有限公司' } });
  });
});
