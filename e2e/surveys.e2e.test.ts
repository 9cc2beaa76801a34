import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerSurveyButton, PublicSurveyPage, SurveyResultsPage } from './pages/survey-pages.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser, newContext } from './support/browser.js';
import { api, signedIn, tokenOf } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('satisfaction surveys', () => {
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

  it('REL-9 a customer fills the survey from the public link on a 375 px phone; the results show it and the low score gives the owner a task', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const manager = await signUpUser(server, { username: `kf.${tag}`, displayName: '周客服经理', roles: ['cs_manager'] });
    const rep = await signUpUser(server, { username: `xs.${tag}`, displayName: '吴业务员', roles: ['sales'] });
    const repToken = await tokenOf(server, rep);
    const customer = await api<{ id: string }>(server, 'POST', '/api/v1/customers', repToken, { name: `佛山市南海区顺达五金有限公司${tag}`, shortName: '顺达五金', customerType: 'manufacturer', phone: '0757-86001234' });

    // the customer-service manager sends a link from the customer's page
    const desk = await signedIn(browser, server, manager, 'desktop');
    const link = await new CustomerSurveyButton(desk).sendLink(customer.id);
    expect(link).toMatch(/\/s\/kds_[A-Za-z0-9_-]{43}$/);
    await screenshot(desk, 'desktop-survey-link');

    // the customer opens it on a phone, without signing in, and answers low
    const phone = await (await newContext(browser, server.url, 'phone')).newPage();
    const survey = new PublicSurveyPage(phone);
    await survey.open(link);
    const body = await phone.locator('body').innerText();
    expect(body).toContain('顺达五金');
    expect(body).not.toContain('0757-86001234');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await survey.rate('service', 1);
    await survey.rate('product', 2);
    await survey.rate('communication', 2);
    await survey.write('comments', '交货太慢，电话也经常打不通');
    await screenshot(phone, 'phone-survey-filled');
    await survey.submit();
    await screenshot(phone, 'phone-survey-done');
    // single use: opening it again says it was submitted
    await phone.goto(link);
    await phone.getByTestId('public-survey-refused').waitFor();
    expect(await phone.getByTestId('public-survey-refused').innerText()).toContain('已提交');

    // the staff results show it
    const results = new SurveyResultsPage(desk);
    await results.open();
    expect(await results.count().innerText()).toContain('1');
    await desk.getByTestId('survey-chart-distribution').locator('canvas').first().waitFor();
    expect(await desk.getByTestId('survey-results-owners').innerText()).toContain('吴业务员');
    await screenshot(desk, 'desktop-survey-results');

    // the list and the results are usable on a phone too
    const mgrPhone = await signedIn(browser, server, manager, 'phone');
    for (const path of ['/surveys', '/surveys/results']) {
      await mgrPhone.goto(path);
      await mgrPhone.getByTestId(path === '/surveys' ? 'survey-table' : 'survey-results-count').waitFor();
      expect(await mgrPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await screenshot(mgrPhone, `phone-${path.slice(1).replace('/', '-')}`);
    }

    // an administrator keeps the templates and the periodic schedule, on a phone as well
    const admin = await signUpUser(server, { username: `gly.${tag}`, displayName: '郑管理员', roles: ['admin'] });
    const adminPhone = await signedIn(browser, server, admin, 'phone');
    await adminPhone.goto('/surveys/templates');
    await adminPhone.getByTestId('survey-schedule').getByText('每季度').waitFor();
    expect(await adminPhone.locator('body').innerText()).toContain('服务质量');
    expect(await adminPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(adminPhone, 'phone-survey-templates');

    // the manager's home shows the low score; the owner has an open follow-up task
    await desk.goto('/');
    await desk.getByTestId('widget-low-satisfaction').getByText('佛山市南海区顺达五金有限公司', { exact: false }).waitFor();
    const tasks = await api<{ items: { kind: string; customerId: string }[] }>(server, 'GET', '/api/v1/tasks?state=open', repToken);
    expect(tasks.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'survey_follow_up', customerId: customer.id })]));
    const repPhone = await signedIn(browser, server, rep, 'phone');
    await repPhone.goto('/tasks');
    // on a phone the task list shows the customer (the task column is for wider screens)
    await repPhone.getByText(`佛山市南海区顺达五金有限公司${tag}`).first().waitFor();
    await screenshot(repPhone, 'phone-owner-follow-up-task');
  });
});
