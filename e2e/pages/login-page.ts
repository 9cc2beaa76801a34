/** The sign-in page. */
import type { Page } from 'playwright-core';

export class LoginPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/login');
    await this.page.getByTestId('login-username').waitFor();
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }

  async errorText(): Promise<string> {
    const alert = this.page.getByTestId('login-error');
    await alert.waitFor();
    return alert.innerText();
  }

  async switchLanguage(language: 'zh-CN' | 'en-US'): Promise<void> {
    await this.page.getByTestId('language-switch').click();
    await this.page.getByTestId(`language-${language}`).click();
  }
}
