/**
 * Journey through the service-request screens (SVC-10): customer service records a request from
 * someone not yet filed on a 375 px phone, replies (the first response puts it in progress), and
 * escalates it into a complaint that names the request. Screenshots go to e2e/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { signedIn, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('service requests', () => {
  let server: TestServer;
  let browser: Browser;
  const tag = Date.now().toString(36).slice(-5);
  let cs: JourneyUser;

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    cs = await signUpUser(server, { username: `fw.${tag}`, displayName: '钱客服', roles: ['cs_staff'] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('SVC-10 a request recorded on a phone, answered, then escalated into a complaint keeping its history', async () => {
    const phone = await signedIn(browser, server, cs, 'phone');
    await phone.goto(`${server.url}/service-requests/new`);
    await phone.getByTestId('service-intake-form').waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(1);
    await phone.getByTestId('service-unfiled').click();
    await phone.getByTestId('service-customer-name').fill(`王先生${tag}`);
    await phone.getByText('报修', { exact: true }).click();
    await phone.getByTestId('service-subject').fill('清洗机无法启动');
    await phone.getByTestId('service-description').fill('上周购买的清洗机通电后无反应');
    await phone.getByTestId('service-contact-phone').fill('13900001111');
    await screenshot(phone, 'phone-service-request-intake');
    await phone.getByTestId('service-submit').click();
    await phone.getByTestId('service-no').waitFor();
    const no = await phone.getByTestId('service-no').innerText();
    expect(no).toMatch(/^FW-\d{4}-\d{6}$/);
    expect(await phone.getByTestId('service-status').first().innerText()).toBe('待响应');

    await phone.getByTestId('service-note-body').fill('您好，明天上午安排上门检修');
    await phone.getByTestId('service-note-submit').click();
    await phone.getByText('处理中').first().waitFor();
    expect(await phone.getByTestId('service-notes').innerText()).toContain('明天上午安排上门检修');
    expect(await overflow(phone)).toBeLessThanOrEqual(1);
    await screenshot(phone, 'phone-service-request');

    await phone.getByTestId('service-escalate').click();
    await phone.getByTestId('service-escalate-demand').fill('要求退货');
    await phone.getByTestId('service-escalate-submit').click();
    await phone.getByTestId('complaint-no').waitFor();
    expect(await phone.getByTestId('complaint-no').innerText()).toMatch(/^TS-\d{4}-\d{6}$/);
    await phone.getByTestId('complaint-service-request').click();
    await phone.getByTestId('service-no').waitFor();
    expect(await phone.getByTestId('service-no').innerText()).toBe(no);
    expect(await phone.getByTestId('service-status').first().innerText()).toBe('已升级为投诉');
    expect(await phone.getByTestId('service-notes').innerText()).toContain('明天上午安排上门检修');

    await phone.goto(`${server.url}/service-requests`);
    await phone.getByTestId('service-tab-all').click();
    await phone.getByText(no).waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(1);
    await screenshot(phone, 'phone-service-requests');
  });
});
