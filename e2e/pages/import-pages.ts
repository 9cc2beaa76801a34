/** The import page (ARC-12): choose the entity, upload, read the findings, commit. */
import type { Download, Page } from 'playwright-core';

export class ImportPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/customers/import');
    await this.page.getByTestId('import-upload').waitFor();
  }

  /** Uploads a file through the drop zone's file input and waits for the dry run to finish. */
  async upload(name: string, data: Buffer): Promise<void> {
    await this.page.locator('[data-testid="import-upload"] input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: data });
    await this.page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
  }

  summary(): Promise<string> {
    return this.page.getByTestId('import-summary').innerText();
  }

  /**
   * Rows of the findings table as [row, column, header, kind, message, value]. The table loads its
   * page after the summary shows, so this waits for its first row (call it when there are findings).
   */
  async issues(): Promise<string[][]> {
    const rows = this.page.locator('[data-testid="import-issues"] tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 10_000 });
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).locator('td').allInnerTexts());
    return out;
  }

  async downloadReport(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('import-report').click()]);
    return download;
  }

  async startOver(): Promise<void> {
    await this.page.getByRole('button', { name: /导入另一个文件/ }).click();
    await this.page.getByTestId('import-upload').waitFor();
  }

  async commit(): Promise<string> {
    await this.page.getByTestId('import-commit').click();
    await this.page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await this.page.getByTestId('import-committed').waitFor({ timeout: 60_000 });
    return this.page.getByTestId('import-committed').innerText();
  }
}
