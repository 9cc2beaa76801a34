/** User management. */
import type { Locator, Page } from 'playwright-core';
import { expectSuccessToast, waitForModalsClosed, pickOptions, pickTreeNode } from './antd.js';

export type NewUser = { username: string; displayName: string; password: string; department: string; roles: string[] };

export class UsersPage {
  constructor(private readonly page: Page) {}

  async waitForLoaded(): Promise<void> {
    await this.page.getByTestId('users-table').waitFor();
  }

  row(username: string): Locator {
    return this.page.getByTestId(`user-row-${username}`);
  }

  async create(user: NewUser): Promise<void> {
    await this.page.getByTestId('user-create').click();
    await this.page.getByTestId('user-username').fill(user.username);
    await this.page.getByTestId('user-display-name').fill(user.displayName);
    await this.page.getByTestId('user-password').fill(user.password);
    await pickTreeNode(this.page, this.page.getByTestId('user-department'), user.department);
    await pickOptions(this.page, this.page.getByTestId('user-roles'), user.roles);
    await this.page.getByTestId('user-form-submit').click();
    await expectSuccessToast(this.page, '用户已创建');
    await waitForModalsClosed(this.page);
    await this.row(user.username).waitFor();
  }

  async search(q: string): Promise<void> {
    await this.page.getByTestId('users-filter-q').locator('input').fill(q);
    await this.page.getByTestId('users-filter-q').locator('input').press('Enter');
  }
}
