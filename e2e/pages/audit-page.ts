/** The audit log. */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

export class AuditPage {
  constructor(private readonly page: Page) {}

  async waitForLoaded(): Promise<void> {
    await this.page.locator('[data-testid="audit-table"] .ant-table-row').first().waitFor();
  }

  async filterByAction(action: string): Promise<void> {
    await this.page.getByTestId('audit-filter-action').locator('input').fill(action);
    await this.page.keyboard.press('Escape');
    await this.page.getByTestId('audit-search').click();
  }

  /** The action codes of the rows shown. */
  async actions(): Promise<string[]> {
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="audit-table"] .ant-spin-spinning'));
    return this.page.locator('[data-testid="audit-table"] .ant-table-row [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? ''));
  }

  /** Clicks an export button and returns the downloaded file's text. */
  async export(format: 'csv' | 'xlsx'): Promise<{ name: string; body: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`audit-export-${format}`).click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), body: await readFile(file) };
  }
}
