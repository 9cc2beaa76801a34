/**
 * Journeys through the evaluation screens (spec 03): the quarterly credit rating from opening the
 * quarter to the approved grade and tier, and the relationship evaluation from filling to review
 * and improvement measures; the settings of the scorecard and ABC weights. Screenshots at desktop
 * and 375 px phone width go to e2e/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleKey } from '../src/contract/roles.js';
import { CreditFormPage, EvaluationBoardPage, EvaluationSettingsPage, RelationshipFormPage } from './pages/evaluation-pages.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

type User = JourneyUser;

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('evaluation', () => {
  let server: TestServer;
  let browser: Browser;
  const tag = Date.now().toString(36).slice(-5);
  const users = {} as Record<'sales' | 'finance' | 'manager' | 'cs' | 'director', User>;
  let customer: { id: string; archiveNo: string; name: string };

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    const make = async (key: keyof typeof users, name: string, roles: RoleKey[]) => {
      users[key] = await signUpUser(server, { username: `${key}.${tag}`, displayName: name, roles });
    };
    await make('sales', '李销售', ['sales']);
    await make('finance', '冯会计', ['finance']);
    await make('manager', '王经理', ['marketing_manager']);
    await make('cs', '郑客服', ['cs_staff']);
    await make('director', '陈总监', ['marketing_director']);
    // a direct customer of the sales rep: 20.1 M CNY bought last year, 600,000 evenly in 2026Q2
    const token = await tokenOf(server, users.sales);
    const c = await api<{ id: string; archiveNo: string; name: string }>(server, 'POST', '/api/v1/customers', token, { name: `天元评定测试化工有限公司${tag}`, customerType: 'direct' });
    customer = c;
    const txs: [string, string][] = [['2025-01-10', '20000000.00'], ['2025-05-10', '100000.00'], ['2026-04-15', '200000.00'], ['2026-05-15', '200000.00'], ['2026-06-15', '200000.00']];
    for (const [i, [date, amount]] of txs.entries()) await api(server, 'POST', `/api/v1/customers/${c.id}/transactions`, token, { txNo: `EVA-${tag}-${i}`, date, amount });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('EVA-1 EVA-2 EVA-3 EVA-4 EVA-5 EVA-6 a marketing manager opens the quarter, sales and finance fill their indicators, the live total and grade show the seed band, the manager finalises through approval and the grade and tier change', async () => {
    // The marketing manager opens 2026Q2 from the board.
    const manager = await signedIn(browser, server, users.manager, 'desktop');
    const board = new EvaluationBoardPage(manager);
    await board.open();
    await board.openQuarter('2026Q2');
    expect(await board.total('opened')).toBeGreaterThanOrEqual(1);
    await screenshot(manager, 'desktop-evaluation-board');

    // The sales rep finds the customer's 客户信用等级评定表 and fills the non-financial half.
    const sales = await signedIn(browser, server, users.sales, 'desktop');
    await new EvaluationBoardPage(sales).open('evaluations');
    await new EvaluationBoardPage(sales).openEvaluationOf(customer.archiveNo);
    const evaluationId = sales.url().split('/').pop()!;
    const form = new CreditFormPage(sales);
    // computed proposals from the quarter's transactions: 600,000 ≥ the 300,000 target, +500 % growth, even months
    expect(await form.computed('purchaseAmount').innerText()).toBe('15.0');
    expect(await form.computed('purchaseGrowth').innerText()).toBe('10.0');
    expect(await form.computed('purchaseRegularity').innerText()).toBe('10.0');
    await form.score('willingness', '8');
    await form.score('loyalty', '8');
    await form.score('cooperationLength', '3');
    await form.reason('cooperationLength', '按框架合同起始日计算合作时间');
    // 8 + 8 + 3 + 15 + 10 + 10 (sales) + 15 + 15 proposed by finance's computation = 84.0: a direct customer's AA band is upper-inclusive (seed 003 "74–84分(含)")
    await expect.poll(() => form.liveTotal()).toBe('84.0');
    expect(await form.liveGrade()).toBe('AA');
    await form.score('loyalty', '8.1');
    await expect.poll(() => form.liveTotal()).toBe('84.1');
    // above 84 with full marks on 信用履约率 → AAA; 20.1 M last year ≥ 20 M → big
    expect(await form.liveGrade()).toBe('AAA');
    expect(await form.liveTier()).toBe('大客户');
    expect(await form.reasons()).toContain('直销客户得分 84.1 > 84 → AAA 级');
    await screenshot(sales, 'desktop-credit-form-sales');
    await form.submit('sales');
    await form.adjustments().getByText('按框架合同起始日计算合作时间').waitFor();

    // Finance fills the financial half on a phone: it may not read the archive, only this record.
    const finance = await signedIn(browser, server, users.finance, 'phone');
    const financeForm = new CreditFormPage(finance);
    await financeForm.open(evaluationId);
    await financeForm.score('financialStanding', '5');
    await expect.poll(() => financeForm.liveTotal()).toBe('89.1');
    expect(await overflow(finance)).toBeLessThanOrEqual(0);
    await screenshot(finance, 'phone-credit-form-finance');
    await financeForm.submit('finance');
    await expect.poll(() => financeForm.state()).toBe('已填写');

    // The sales rep asks for finalisation; the marketing manager approves it on the form.
    await form.open(evaluationId);
    await form.requestFinalisation('季度回款及时，采购达标');
    expect(await form.state()).toBe('待审定');
    const managerForm = new CreditFormPage(manager);
    await managerForm.open(evaluationId);
    await screenshot(manager, 'desktop-credit-form-approval');
    await managerForm.approve('同意评定为 AAA');
    await expect.poll(() => managerForm.state()).toBe('已审定');
    const printHref = await managerForm.printHref();
    const printed = await manager.request.get(printHref!);
    expect(printed.status()).toBe(200);
    expect(await printed.text()).toContain('KD-EVA-01');

    // The customer's grade and tier changed, with the history chart and the tier change log.
    await manager.goto(`/customers/${customer.id}?tab=evaluation`);
    await manager.getByTestId('grade-history-chart').waitFor();
    const header = await manager.getByTestId('customer-header').innerText();
    expect(header).toContain('AAA');
    expect(header).toContain('大客户');
    expect(await manager.getByTestId('customer-grade-changes').innerText()).toContain('— → 大客户');
    await screenshot(manager, 'desktop-customer-grade-history');
    await board.open('changes');
    await board.changeRow(customer.name).first().waitFor();
    expect(await board.changeRow(customer.name).first().innerText()).toContain('季度评定');
    await screenshot(manager, 'desktop-tier-change-log');
    await board.open();
    expect(await board.total('finalised')).toBeGreaterThanOrEqual(1);

    // The board on a phone: nothing wider than the screen.
    const managerPhone = await signedIn(browser, server, users.manager, 'phone');
    await new EvaluationBoardPage(managerPhone).open();
    await managerPhone.getByTestId('round-progress').waitFor();
    expect(await overflow(managerPhone)).toBeLessThanOrEqual(0);
    await screenshot(managerPhone, 'phone-evaluation-board');
    await new CreditFormPage(managerPhone).open(evaluationId);
    expect(await overflow(managerPhone)).toBeLessThanOrEqual(0);
    await screenshot(managerPhone, 'phone-credit-form-finalised');
    await new EvaluationBoardPage(managerPhone).open('abc');
    await managerPhone.getByTestId('abc-list').waitFor();
    expect(await overflow(managerPhone)).toBeLessThanOrEqual(0);
    await screenshot(managerPhone, 'phone-abc');
    for (const p of [manager, sales, finance, managerPhone]) await p.context().close();
  });

  it('EVA-8 customer service fills the relationship evaluation, the marketing director reviews it, the manager comments and records an improvement measure', async () => {
    const cs = await signedIn(browser, server, users.cs, 'desktop');
    const rel = new RelationshipFormPage(cs);
    await rel.openNew(customer.id);
    const scores: [string, string][] = [['satisfaction', '85'], ['communication', '70'], ['cooperation', '80'], ['payment', '90'], ['complaints', '60'], ['potential', '75']];
    for (const [key, value] of scores) await rel.score(key, value, key === 'satisfaction' ? '季度回访满意度调查 4.3 / 5' : undefined);
    // 25×85 + 15×70 + 20×80 + 20×90 + 10×60 + 10×75 = 7,925 → 79.3 (half up); ≥ 75 proposes 维持关系
    expect(await rel.total()).toBe('79.3');
    expect(await rel.proposed()).toBe('维持关系');
    await rel.recommend('improve');
    await screenshot(cs, 'desktop-relationship-form');
    const id = await rel.complete();
    expect(await rel.total()).toBe('79.3');

    // The marketing director reviews it on a phone.
    const director = await signedIn(browser, server, users.director, 'phone');
    const review = new RelationshipFormPage(director);
    await review.open(id);
    await review.approveReview('同意改进关系，加强高层互访');
    expect(await overflow(director)).toBeLessThanOrEqual(0);
    await screenshot(director, 'phone-relationship-reviewed');

    // The marketing manager comments and records the improvement measure (seed 000 §六).
    const manager = await signedIn(browser, server, users.manager, 'desktop');
    const follow = new RelationshipFormPage(manager);
    await follow.open(id);
    expect(await follow.state()).toBe('已审阅');
    await follow.comment('建议每两个月拜访一次对方采购总监');
    await follow.addMeasure('每两周电话回访一次，季度末上门拜访');
    expect(await follow.comments().innerText()).toContain('营销总监');
    expect(await follow.comments().innerText()).toContain('市场营销部经理');
    await screenshot(manager, 'desktop-relationship-follow-up');
    const printed = await manager.request.get((await follow.printHref())!);
    const html = await printed.text();
    expect(html).toContain('KD-EVA-02');
    expect(html).toContain('■改进关系');
    expect(html).toContain('每两周电话回访一次');
    await new EvaluationBoardPage(manager).open('relationship');
    await manager.getByTestId(`relationship-open-${id}`).waitFor();
    await screenshot(manager, 'desktop-relationship-list');
    for (const p of [cs, director, manager]) await p.context().close();
  });

  it('EVA-1 EVA-7 the marketing manager saves a new scorecard version and the ABC weights; a sales rep has no settings', async () => {
    const manager = await signedIn(browser, server, users.manager, 'desktop');
    const settings = new EvaluationSettingsPage(manager);
    await settings.open();
    await settings.saveScorecardVersion('合作意愿提高到 12 分', { willingness: '12', loyalty: '8' });
    await settings.version(2).waitFor();
    expect(await manager.getByTestId('scorecard-versions').innerText()).toContain('合作意愿提高到 12 分');
    await screenshot(manager, 'desktop-scorecard-versions');
    await settings.open('abc');
    await settings.setAbcWeights({ strength: '0.6', likelihood: '0.2', region: '0.2' }, { code: '44', weight: '0.9' });
    await manager.reload();
    await manager.getByTestId('abc-weight-strength').waitFor();
    expect(await manager.getByTestId('abc-weight-strength').inputValue()).toBe('0.600');
    await screenshot(manager, 'desktop-abc-weights');
    const sales = await signedIn(browser, server, users.sales, 'desktop');
    await sales.goto('/evaluation');
    await sales.getByTestId('evaluation-tab-rounds').waitFor();
    expect(await sales.getByTestId('evaluation-settings').count()).toBe(0);
    expect(await sales.getByTestId('round-open').count()).toBe(0);
    await sales.goto('/evaluation/settings');
    await sales.getByText('只有市场营销部经理、营销总监和总经理可以修改评价设置').waitFor();
    for (const p of [manager, sales]) await p.context().close();
  });
});
