import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { CustomerListPage } from './pages/customer-pages.js';
import { ImportPage } from './pages/import-pages.js';
import { LoginPage } from './pages/login-page.js';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser, newContext } from './support/browser.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

const header = '客户名称,客户类型,电话,电子邮件,地址,统一社会信用代码';
const gbk = (lines: string[]) => iconv.encode(lines.join('\r\n') + '\r\n', 'gbk');

describe('import and export', () => {
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

  it('ARC-12 an archivist imports a GBK csv with one bad row, sees the error report, fixes it, commits, and exports the list to xlsx', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const archivist = await signUpUser(server, { username: `dangan.${tag}`, displayName: '何档案', roles: ['cs_staff', 'archivist'] });
    const page = await (await newContext(browser, server.url, 'desktop')).newPage();
    await new LoginPage(page).open();
    await new LoginPage(page).signIn(archivist.username, archivist.password);
    await new AppShell(page).waitForHome();

    const rows = [`苏州吴中精密模具有限公司,制造商,0512-6601${tag.slice(0, 4).replace(/\D/g, '1')},mold@wz-${tag}.example.cn,苏州市吴中区木渎镇,`, `无锡太湖纺织有限公司,纺织厂,0510-8501${tag.slice(0, 4).replace(/\D/g, '2')},,无锡市滨湖区,`];
    const list = new CustomerListPage(page);
    await list.open();
    await page.getByTestId('customers-import').click();
    const imports = new ImportPage(page);
    await page.getByTestId('import-upload').waitFor();
    await imports.upload('客户导入.csv', gbk([header, ...rows]));
    expect(await imports.summary()).toContain('1 行有错误');
    const issues = await imports.issues();
    expect(issues, JSON.stringify(issues)).toHaveLength(1);
    expect(issues[0]!.slice(0, 3)).toEqual(['3', 'B', '客户类型']);
    expect(issues[0]!.join(' ')).toContain('纺织厂');
    await screenshot(page, 'desktop-import-errors');
    const report = await imports.downloadReport();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await report.path());
    expect(String(wb.worksheets[0]!.getRow(3).getCell(1).value)).toContain('客户类型');
    expect(await page.getByTestId('import-commit').count()).toBe(0); // nothing can be committed while a row is wrong

    await imports.startOver();
    await imports.upload('客户导入.csv', gbk([header, rows[0]!, rows[1]!.replace('纺织厂', '经销商')]));
    expect(await imports.summary()).toContain('0 行有错误');
    expect(await imports.commit()).toContain('已导入 2 行');
    await screenshot(page, 'desktop-import-committed');

    await list.open('吴中精密');
    await expect.poll(() => list.names()).toContain('苏州吴中精密模具有限公司');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customers-export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const exported = new ExcelJS.Workbook();
    await exported.xlsx.readFile(await download.path());
    const sheet = exported.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(JSON.stringify(sheet.getRow(2).values)).toContain('苏州吴中精密模具有限公司');

    // at phone width the import page still works
    const phone = await (await newContext(browser, server.url, 'phone')).newPage();
    await new LoginPage(phone).open();
    await new LoginPage(phone).signIn(archivist.username, archivist.password);
    await new AppShell(phone).waitForHome();
    await new ImportPage(phone).open();
    await screenshot(phone, 'phone-import');
  }, 120_000);
});
