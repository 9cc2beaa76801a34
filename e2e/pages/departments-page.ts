/** Department management. */
import type { Locator, Page } from 'playwright-core';
import { expectSuccessToast, waitForModalsClosed, pickTreeNode } from './antd.js';

export class DepartmentsPage {
  constructor(private readonly page: Page) {}

  async waitForLoaded(): Promise<void> {
    await this.page.getByTestId('department-create').waitFor();
    await this.page.locator('[data-testid="departments-table"], [data-testid="departments-empty"]').first().waitFor();
  }

  row(name: string): Locator {
    return this.page.getByTestId(`department-row-${name}`);
  }

  /** Depth of a department in the tree table (0 = top level). */
  async depth(name: string): Promise<number> {
    const classes = (await this.row(name).getAttribute('class')) ?? '';
    return Number(/ant-table-row-level-(\d+)/.exec(classes)?.[1] ?? Number.NaN);
  }

  async create(name: string, parent?: string): Promise<void> {
    await this.page.getByTestId('department-create').click();
    await this.page.getByTestId('department-name').fill(name);
    if (parent) await pickTreeNode(this.page, this.page.getByTestId('department-parent'), parent);
    await this.page.getByTestId('department-form-submit').click();
    await expectSuccessToast(this.page, '部门已创建');
    await waitForModalsClosed(this.page);
    await this.row(name).waitFor();
  }

  async addChild(parent: string, name: string): Promise<void> {
    await this.row(parent).getByTestId('department-add-child').click();
    await this.page.getByTestId('department-name').fill(name);
    await this.page.getByTestId('department-form-submit').click();
    await expectSuccessToast(this.page, '部门已创建');
    await waitForModalsClosed(this.page);
    await this.row(name).waitFor();
  }

  /** Submits a new department expecting a refusal; returns the error shown. */
  async createRefused(name: string): Promise<string> {
    await this.page.getByTestId('department-create').click();
    await this.page.getByTestId('department-name').fill(name);
    await this.page.getByTestId('department-form-submit').click();
    const explain = this.page.locator('.ant-modal .ant-form-item-explain-error').first();
    await explain.waitFor();
    const text = await explain.innerText();
    await this.page.keyboard.press('Escape');
    await waitForModalsClosed(this.page);
    return text;
  }
}
