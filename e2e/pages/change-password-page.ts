/** Changing one's own password (also the forced step after the first sign-in). */
import type { Page } from 'playwright-core';

export class ChangePasswordPage {
  constructor(private readonly page: Page) {}

  async waitForForced(): Promise<void> {
    await this.page.waitForURL('**/account/password');
    await this.page.getByTestId('forced-password-alert').waitFor();
  }

  async submit(current: string, next: string, confirm = next): Promise<void> {
    await this.page.getByTestId('password-current').fill(current);
    await this.page.getByTestId('password-new').fill(next);
    await this.page.getByTestId('password-confirm').fill(confirm);
    await this.page.getByTestId('password-submit').click();
  }

  /** The error shown under the new-password field. */
  async newPasswordError(): Promise<string> {
    const explain = this.page.locator('.ant-form-item:has([data-testid="password-new"]) .ant-form-item-explain-error');
    await explain.first().waitFor();
    return explain.first().innerText();
  }
}
