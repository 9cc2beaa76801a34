/**
 * Journeys through the complaint screens (spec 05): customer service records a complaint on a
 * phone, the responsible department investigates and proposes a plan, the customer-service manager
 * approves it, customer service carries it out and the customer signs on the phone with a drawn
 * signature, the follow-up and closing; and a reopen of a closed complaint. Screenshots at desktop
 * and 375 px phone width go to e2e/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintIntakePage, ComplaintPage } from './pages/complaint-pages.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

type User = JourneyUser;

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('complaints', () => {
  let server: TestServer;
  let browser: Browser;
  const tag = Date.now().toString(36).slice(-5);
  const users = {} as Record<'cs' | 'manager' | 'dept', User>;
  let customer: { id: string; name: string };

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    users.cs = await signUpUser(server, { username: `cs.${tag}`, displayName: '郑客服', roles: ['cs_staff'] });
    users.manager = await signUpUser(server, { username: `csm.${tag}`, displayName: '周主管', roles: ['cs_manager'] });
    users.dept = await signUpUser(server, { username: `qa.${tag}`, displayName: '吴质检', roles: ['dept_staff'] });
    customer = await api(server, 'POST', '/api/v1/customers', await tokenOf(server, users.cs), { name: `顺达投诉测试日化有限公司${tag}`, customerType: 'direct' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('SVC-1 SVC-2 SVC-3 SVC-4 SVC-5 SVC-8 intake on a phone → department → approved plan → drawn sign-off → follow-up → closed', async () => {
    const phone = await signedIn(browser, server, users.cs, 'phone');
    const intake = new ComplaintIntakePage(phone);
    await intake.open();
    await screenshot(phone, 'phone-complaint-intake');
    expect(await overflow(phone)).toBeLessThanOrEqual(1);
    const no = await intake.record({ customer: customer.name, reason: '收到的 20 箱清洁剂外包装破损，部分受潮', demand: '更换受潮产品', phone: '13800001234' });
    expect(no).toMatch(/^TS-\d{4}-\d{6}$/);
    const id = phone.url().split('/').pop()!;
    const c = new ComplaintPage(phone);
    expect(await c.state()).toBe('已受理');

    await c.step('analysing');
    await c.step('assigned', async () => {
      await c.pickDepartment(`客户服务部-qa.${tag}`);
      await phone.getByText('较急（3 天）').click();
    });
    expect(await c.state()).toBe('已分派责任部门');
    expect(await phone.getByTestId('complaint-deadline').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    // the responsible department records the cause and proposes the plan
    const dept = await signedIn(browser, server, users.dept, 'desktop');
    const dc = new ComplaintPage(dept);
    await dc.open(id);
    await dc.step('investigating', async (p) => p.getByTestId('complaint-cause').fill('运输途中挤压，外箱强度不足'));
    await dc.step('plan_proposed', async (p) => p.getByTestId('complaint-plan').fill('补发 20 箱并承担运费'));
    expect(await dc.state()).toBe('方案待审核');
    await screenshot(dept, 'desktop-complaint-plan-waiting');

    // the customer-service manager approves it in the approval centre
    const got = await api<{ approvalId: string }>(server, 'GET', `/api/v1/complaints/${id}`, await tokenOf(server, users.manager));
    await api(server, 'POST', `/api/v1/approvals/${got.approvalId}/approve`, await tokenOf(server, users.manager), { comment: '同意补发' });

    // customer service carries it out; the customer signs on the phone
    await c.open(id);
    expect(await c.state()).toBe('方案已批准');
    await c.step('implementing');
    await c.step('resolved', async (p) => {
      await c.pickResolution('退货');
      await p.getByTestId('complaint-loss').fill('860.00');
      await p.getByTestId('signoff-kind-drawn').click();
      await p.getByTestId('signoff-name').fill('王经理');
      // (a full-page screenshot resizes the window, which clears the pad: taken before signing)
      await screenshot(p, 'phone-complaint-signoff');
      await c.drawSignature();
    });
    expect(await c.state()).toBe('已解决（客户签字）');
    expect(await phone.getByTestId('complaint-signoff').innerText()).toContain('手写签名');
    const docs = await api<{ items: { title: string }[] }>(server, 'GET', `/api/v1/customers/${customer.id}/documents`, await tokenOf(server, users.cs));
    expect(docs.items.some((d) => d.title.includes(no))).toBe(true);

    await c.step('followed_up', async (p) => {
      await p.getByTestId('complaint-satisfaction').locator('li').nth(3).click();
      await p.getByTestId('complaint-comments').fill('对处理结果满意');
    });
    await c.step('closed');
    expect(await c.state()).toBe('已结案');
    expect(await phone.getByTestId('complaint-history').innerText()).toContain('同意补发');
    await screenshot(phone, 'phone-complaint-closed');
    expect(await overflow(phone)).toBeLessThanOrEqual(1);

    const desk = await signedIn(browser, server, users.manager, 'desktop');
    await desk.goto('/complaints');
    await desk.getByTestId('complaint-tab-all').click();
    await desk.getByTestId(`complaint-row-${id}`).waitFor();
    await screenshot(desk, 'desktop-complaint-workbench');
    await desk.goto('/complaints/statistics');
    await desk.getByTestId('complaint-stat-total').waitFor();
    await screenshot(desk, 'desktop-complaint-statistics');
  });

  it('SVC-2 SVC-7 a closed complaint is reopened within 30 days with a reason and lands in investigating; the archive shows it unresolved', async () => {
    const token = await tokenOf(server, users.cs);
    const k = await api<{ id: string }>(server, 'POST', '/api/v1/complaints', token, { customerId: customer.id, channel: 'email', receivedAt: new Date().toISOString(), reason: '发票抬头错误', demand: '重开发票' });
    for (const body of [{ to: 'analysing' }, { to: 'explained', explanation: '客户提供的抬头有误，已说明' }, { to: 'closed' }]) await api(server, 'POST', `/api/v1/complaints/${k.id}/transitions`, token, body);
    const page = await signedIn(browser, server, users.cs, 'phone');
    const c = new ComplaintPage(page);
    await c.open(k.id);
    expect(await c.state()).toBe('已结案');
    await c.step('reopened', async (p) => p.getByTestId('complaint-comment').fill('客户再次来电：新发票仍有误'));
    expect(await c.state()).toBe('调查处理');
    expect(await page.getByTestId('complaint-history').innerText()).toContain('新发票仍有误');
    await screenshot(page, 'phone-complaint-reopened');
    // SVC-7 the archive counts the complaints of 12 months and the unresolved one, and lists them with links
    await page.goto(`/customers/${customer.id}`);
    const counts = page.getByTestId('customer-complaint-counts');
    expect(await counts.innerText()).toContain('近 12 个月投诉 2 件 · 未解决 1 件');
    await counts.click();
    await page.getByTestId(`customer-complaint-${k.id}`).waitFor();
    await screenshot(page, 'phone-customer-complaints');
  });
});
