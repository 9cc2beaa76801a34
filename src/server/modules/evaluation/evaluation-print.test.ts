/**
 * ARC-13 for spec 03: the 客户信用等级评定表 (EVA-1) and the 客户关系评估表 (EVA-8) print on A4
 * through headless Chromium as a user's browser prints them: company name and form number in
 * the header of every page, page numbers, Chinese labels; audited; view-only levels refused.
 */
import { chromium, type Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationFormNumbers } from '../../../contract/evaluation.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let browser: Browser;
let sales: { id: string; token: string };
let finance: { id: string; token: string };
let manager: { id: string; token: string };
let cs: { id: string; token: string };
let customerId: string;
let evaluationId: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.createUser('print.gm', ['gm']); // SEC-7: an approval nobody else could decide goes up to the gm
  browser = await chromium.launch({ executablePath: process.env['KEDANG_CHROMIUM'] ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  sales = await t.createUser('print.xiaoshou', ['sales']);
  finance = await t.createUser('print.caiwu', ['finance']);
  manager = await t.createUser('print.jingli', ['marketing_manager']);
  cs = await t.createUser('print.kefu', ['cs_staff']);
  expect((await t.request('PUT', '/api/v1/settings/archive', { token: t.adminToken, body: { companyName: '天元化工有限公司' } })).statusCode).toBe(200);
  const c = await t.request('POST', '/api/v1/customers', { token: sales.token, body: { name: '评定打印测试贸易有限公司', customerType: 'distributor' } });
  customerId = c.json().id;
  const db = t.database.db;
  const tx = await db.insertInto('transactions').values({ customer_id: customerId, tx_no: 'P-1', date: '2026-02-10', amount: '480000.00' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('payments').values({ transaction_id: tx.id, due_on: '2026-03-10', paid_on: '2026-03-20', amount: '480000.00' }).execute();
  await db.updateTable('customers').set({ last_transaction_on: '2026-02-10' }).where('id', '=', customerId).execute();
  expect((await t.request('POST', '/api/v1/evaluation-rounds', { token: manager.token, body: { quarter: '2026Q1' } })).statusCode).toBe(200);
  const list = (await t.request('GET', `/api/v1/evaluations?customerId=${customerId}`, { token: sales.token })).json();
  evaluationId = list.items[0].id;
  let e = (await t.request('GET', `/api/v1/evaluations/${evaluationId}`, { token: sales.token })).json();
  const computed = Object.fromEntries(e.indicators.filter((i: { filledBy: string }) => i.filledBy === 'sales').map((i: { key: string; computed: number | null }) => [i.key, i.computed ?? 8]));
  const filled = await t.request('POST', `/api/v1/evaluations/${evaluationId}/fill`, { token: sales.token, body: { version: e.version, group: 'sales', scores: { ...computed, loyalty: 9.5 } } });
  expect(filled.statusCode, filled.body).toBe(200);
  e = filled.json();
  const fin = Object.fromEntries(e.indicators.filter((i: { filledBy: string }) => i.filledBy === 'finance').map((i: { key: string; computed: number | null }) => [i.key, i.computed ?? 4]));
  expect((await t.request('POST', `/api/v1/evaluations/${evaluationId}/fill`, { token: finance.token, body: { version: e.version, group: 'finance', scores: fin } })).statusCode).toBe(200);
}, 120_000);
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
    const view = (await doc.getPage(1)).view;
    return { totalPages, pages: (text as string[]).map((x) => x.replace(/\s+/g, ' ')), widthMm: ((view[2]! - view[0]!) * 25.4) / 72, heightMm: ((view[3]! - view[1]!) * 25.4) / 72 };
  } finally {
    await page.close();
  }
}

const expectA4WithHeader = (pdf: Awaited<ReturnType<typeof pdfOf>>, formNo: string) => {
  expect([Math.round(pdf.widthMm), Math.round(pdf.heightMm)]).toEqual([210, 297]);
  pdf.pages.forEach((text, i) => {
    expect(text).toContain('天元化工有限公司');
    expect(text).toContain(formNo);
    expect(text).toContain(`第 ${i + 1} 页 / 共 ${pdf.totalPages} 页`);
  });
};

describe('EVA-1 ARC-13 客户信用等级评定表 prints', () => {
  it('EVA-1 ARC-13 the credit rating form prints on A4 with the categories, indicators, points, who fills, scores, total, grade and the header on every page', async () => {
    const r = await t.request('GET', `/api/v1/evaluations/${evaluationId}/print`, { token: sales.token });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const pdf = await pdfOf(r.body);
    expectA4WithHeader(pdf, evaluationFormNumbers.credit);
    const all = pdf.pages.join(' ');
    for (const s of ['客户信用等级评定表', '评定打印测试贸易有限公司', '品质特性评价', '偿债能力评价', '合作意愿', '信用履约率', '计划财务部', '销售部', '合计', '评定等级', '评定标准（分销商）', '2026Q1', '9.5']) expect(all).toContain(s);
    const e = (await t.request('GET', `/api/v1/evaluations/${evaluationId}`, { token: sales.token })).json();
    expect(all).toContain(`${e.total.toFixed(1)}`);
    expect(all).toContain(e.grade);
    // finance prints the record it fills by duty, without reading the archive
    expect((await t.request('GET', `/api/v1/evaluations/${evaluationId}/print`, { token: finance.token })).statusCode).toBe(200);
    const audits = await t.database.db.selectFrom('audit_events').select(['data', 'actor_id']).where('action', '=', 'customer.printed').where('entity_id', '=', customerId).execute();
    expect(audits.filter((a) => (a.data as { form: string }).form === 'credit-rating').map((a) => a.actor_id).sort()).toEqual([sales.id, finance.id].sort());
  });

  it('EVA-1 SEC-5 SEC-2 a view-only archive does not print (403) and an invisible one is 404', async () => {
    expect((await t.request('GET', `/api/v1/evaluations/${evaluationId}/print`, { token: (await t.createUser('print.other', ['sales'])).token })).statusCode).toBe(404);
    await t.database.db.updateTable('customers').set({ secrecy_level: 'confidential' }).where('id', '=', customerId).execute();
    try {
      const r = await t.request('GET', `/api/v1/evaluations/${evaluationId}/print`, { token: manager.token });
      expect(r.statusCode).toBe(403);
      expect(r.json().rule).toBe('SEC-5');
    } finally {
      await t.database.db.updateTable('customers').set({ secrecy_level: 'none' }).where('id', '=', customerId).execute();
    }
  });
});

describe('EVA-8 ARC-13 客户关系评估表 prints', () => {
  it('EVA-8 ARC-13 the relationship evaluation prints with weights, scores, basis, total, the ticked recommendation, review comments and measures', async () => {
    const tpl = (await t.request('GET', '/api/v1/relationship-template', { token: cs.token })).json();
    const items = tpl.indicators.map((i: { key: string }, n: number) => ({ key: i.key, score: 60 + n, basis: `依据${n}` }));
    const created = await t.request('POST', '/api/v1/relationship-evaluations', { token: cs.token, body: { customerId, evaluatedOn: '2026-04-10', items, recommendation: 'improve', complete: true } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await t.request('POST', `/api/v1/relationship-evaluations/${id}/comments`, { token: manager.token, body: { body: '加强高层拜访' } })).statusCode).toBe(200);
    expect((await t.request('POST', `/api/v1/relationship-evaluations/${id}/measures`, { token: manager.token, body: { measure: '每两周电话回访一次', dueOn: '2026-05-31' } })).statusCode).toBe(200);
    const r = await t.request('GET', `/api/v1/relationship-evaluations/${id}/print`, { token: cs.token });
    expect(r.statusCode, r.body).toBe(200);
    const pdf = await pdfOf(r.body);
    expectA4WithHeader(pdf, evaluationFormNumbers.relationship);
    const all = pdf.pages.join(' ');
    for (const s of ['客户关系评估表', '分析指标', '指标权重', '指标得分', '得分依据', tpl.indicators[0].label, '依据0', '■改进关系', '□维持关系', '□终止关系', '加强高层拜访', '市场营销部经理', '每两周电话回访一次', '2026-05-31', `${created.json().total.toFixed(1)}`]) expect(all).toContain(s);
    expect((await t.request('GET', `/api/v1/relationship-evaluations/${id}/print`, { token: finance.token })).statusCode).toBe(404);
  });
});
