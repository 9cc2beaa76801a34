import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { AuditPage } from './pages/audit-page.js';
import { ChangePasswordPage } from './pages/change-password-page.js';
import { DepartmentsPage } from './pages/departments-page.js';
import { LoginPage } from './pages/login-page.js';
import { UsersPage } from './pages/users-page.js';
import { screenshot } from './support/artifacts.js';
import { launchBrowser, newContext } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

describe('first sign-in', () => {
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

  it('SEC-1 admin signs in first, creates a department and a user; the user must change the password', async () => {
    // Unique names keep the journey repeatable against a server that already has data.
    const tag = Date.now().toString(36).slice(-5);
    const department = `销售部-${tag}`;
    const team = `华东销售组-${tag}`;
    const user = { username: `zhang.${tag}`, displayName: '张三', password: `Temp-pass-${tag}-1` };
    const userNewPassword = `Zhang-new-pass-${tag}`;
    let adminPassword = server.adminPassword;

    const desktop = await newContext(browser, server.url, 'desktop');
    const page = await desktop.newPage();
    const login = new LoginPage(page);
    const shell = new AppShell(page);
    const changePassword = new ChangePasswordPage(page);

    // A wrong password is refused with the server's reason.
    await login.open();
    await screenshot(page, 'desktop-login');
    // The language choice applies at once and survives a reload.
    await login.switchLanguage('en-US');
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toMatch(/Sign in/);
    await page.reload();
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toMatch(/Sign in/);
    await screenshot(page, 'desktop-login-en');
    await login.switchLanguage('zh-CN');
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toMatch(/登\s*录/);
    await login.signIn('admin', 'not-the-password');
    expect(await login.errorText()).toContain('用户名或密码错误');

    await login.signIn('admin', adminPassword);
    await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/account/password');
    if (new URL(page.url()).pathname === '/account/password') {
      // A generated one-time password must be replaced before anything else.
      adminPassword = `Admin-new-pass-${tag}`;
      await changePassword.submit(server.adminPassword, adminPassword);
    }
    await shell.waitForHome();
    expect(await shell.greeting()).toContain('系统管理员');
    await screenshot(page, 'desktop-home');

    // Departments: a top-level one and a team under it; a duplicate name is refused on the field.
    await shell.goTo('departments');
    const departments = new DepartmentsPage(page);
    await departments.waitForLoaded();
    await departments.create(department);
    await departments.addChild(department, team);
    expect(await departments.depth(team)).toBe((await departments.depth(department)) + 1);
    expect(await departments.createRefused(department)).toContain('同名');
    await screenshot(page, 'desktop-departments');

    // A sales user in the new team.
    await shell.goTo('users');
    const users = new UsersPage(page);
    await users.waitForLoaded();
    await users.create({ ...user, department: team, roles: ['销售业务人员'] });
    await expect.poll(() => users.row(user.username).innerText()).toContain('待改密码');
    await screenshot(page, 'desktop-users');
    await shell.signOut();

    // The user's first sign-in: the password must change, and nothing else opens until it does.
    await login.signIn(user.username, user.password);
    await changePassword.waitForForced();
    await page.goto('/admin/users');
    await changePassword.waitForForced();
    await page.goto('/');
    await changePassword.waitForForced();
    await screenshot(page, 'desktop-forced-password');

    await changePassword.submit(user.password, 'short');
    expect(await changePassword.newPasswordError()).toMatch(/长度不足|10/);
    await changePassword.submit(user.password, userNewPassword);
    await shell.waitForHome();
    expect(await shell.greeting()).toContain(user.displayName);
    await expect.poll(() => page.getByTestId('nav-users').count()).toBe(0);
    await desktop.close();

    // The same user on a phone: the menu folds into a drawer and the page fits 375 px.
    const phone = await newContext(browser, server.url, 'phone');
    const phonePage = await phone.newPage();
    const phoneLogin = new LoginPage(phonePage);
    const phoneShell = new AppShell(phonePage);
    await phoneLogin.open();
    await screenshot(phonePage, 'phone-login');
    await phoneLogin.signIn(user.username, userNewPassword);
    await phoneShell.waitForHome();
    expect(await phoneShell.isCompact()).toBe(true);
    const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phonePage, 'phone-home');
    await phoneShell.openDrawer();
    await screenshot(phonePage, 'phone-menu');
    await phonePage.getByTestId('nav-sessions').click();
    await phonePage.getByTestId('sessions-card').waitFor();
    await screenshot(phonePage, 'phone-sessions');
    await phoneShell.signOut();

    // The administrator's user list on a phone.
    await phoneLogin.signIn('admin', adminPassword);
    await phoneShell.waitForHome();
    await phoneShell.goTo('users');
    await new UsersPage(phonePage).waitForLoaded();
    await screenshot(phonePage, 'phone-users');
    await phone.close();
  });

  it('SEC-10 the administrator filters the audit log by action and exports what the filter shows', async () => {
    const desktop = await newContext(browser, server.url, 'desktop');
    const page = await desktop.newPage();
    await new LoginPage(page).open();
    await new LoginPage(page).signIn('admin', server.adminPassword);
    const shell = new AppShell(page);
    await shell.waitForHome();
    await shell.goTo('audit');
    const audit = new AuditPage(page);
    await audit.waitForLoaded();
    await audit.filterByAction('auth.login');
    await expect.poll(async () => [...new Set(await audit.actions())]).toEqual(['auth.login']);
    await screenshot(page, 'desktop-audit');

    const csv = await audit.export('csv');
    expect(csv.name).toMatch(/\.csv$/);
    const lines = csv.body.toString('utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.includes('auth.login'))).toBe(true);
    await desktop.close();
  });
});
