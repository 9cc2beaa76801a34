/** The signed-in frame: side menu (or the drawer on a phone), user menu. */
import type { Page } from 'playwright-core';

export type Section = 'home' | 'departments' | 'users' | 'password-policy' | 'audit' | 'change-password' | 'sessions';

export class AppShell {
  constructor(private readonly page: Page) {}

  async waitForHome(): Promise<void> {
    await this.page.getByTestId('home-greeting').waitFor();
  }

  async greeting(): Promise<string> {
    return this.page.getByTestId('home-greeting').innerText();
  }

  /** True when the menu is folded into a drawer (narrow screens). */
  async isCompact(): Promise<boolean> {
    return this.page.getByTestId('nav-toggle').isVisible();
  }

  async openDrawer(): Promise<void> {
    await this.page.getByTestId('nav-toggle').click();
    await this.page.locator('.ant-drawer-open [data-testid="nav-home"]').waitFor();
  }

  async goTo(section: Section): Promise<void> {
    if (await this.isCompact()) await this.openDrawer();
    await this.page.getByTestId(`nav-${section}`).click();
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId('user-menu').click();
    await this.page.getByTestId('user-menu-logout').click();
    await this.page.getByTestId('login-username').waitFor();
  }
}
