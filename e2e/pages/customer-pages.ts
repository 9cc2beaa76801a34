/** The customer archive screens: list with search, the grouped form, the detail page and its tabs, the phone lookup. */
import type { Locator, Page } from 'playwright-core';
import { pickOptions } from './antd.js';

export class CustomerListPage {
  constructor(private readonly page: Page) {}

  async open(q?: string): Promise<void> {
    await this.page.goto(q ? `/customers?q=${encodeURIComponent(q)}` : '/customers');
    await this.page.getByTestId('customers-count').waitFor();
  }

  /** Types into the search box and waits until the list shows the archive. */
  async search(q: string): Promise<void> {
    const box = this.page.getByTestId('customers-search').locator('input');
    await box.fill(q);
    await box.press('Enter');
  }

  row(archiveNo: string): Locator {
    return this.page.getByTestId(`customer-row-${archiveNo}`);
  }

  /** Names in the order the list shows them. */
  async names(): Promise<string[]> {
    return this.page.locator('[data-testid^="customer-row-"] a, [data-testid^="customer-row-"] strong').allInnerTexts();
  }

  async startCreate(): Promise<void> {
    await this.page.getByTestId('customer-create').click();
    await this.page.getByTestId('customer-form-basic').waitFor();
  }
}

export class CustomerFormPage {
  constructor(private readonly page: Page) {}

  field(name: string): Locator {
    return this.page.getByTestId(`customer-field-${name}`);
  }

  async fill(values: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(values)) {
      const field = this.field(name);
      await field.fill('');
      await field.fill(value);
    }
  }

  async choose(name: string, label: string): Promise<void> {
    await pickOptions(this.page, this.field(name), [label]);
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('customer-form-submit').click();
  }

  duplicates(): Locator {
    return this.page.getByTestId('customer-duplicates');
  }
}

export class CustomerDetailPage {
  constructor(private readonly page: Page) {}

  async waitForLoaded(): Promise<void> {
    await this.page.getByTestId('customer-header').waitFor();
  }

  async archiveNo(): Promise<string> {
    return (await this.page.getByTestId('customer-archive-no').innerText()).trim();
  }

  async name(): Promise<string> {
    return (await this.page.getByTestId('customer-name').innerText()).trim();
  }

  async revisions(): Promise<string> {
    return this.page.getByTestId('customer-revisions').innerText();
  }

  value(field: string): Locator {
    return this.page.getByTestId(`customer-value-${field}`);
  }

  async edit(): Promise<void> {
    await this.page.getByTestId('customer-edit').click();
    await this.page.getByTestId('customer-form-basic').waitFor();
  }

  async openTab(key: 'basic' | 'contacts' | 'profile' | 'transactions' | 'feedback' | 'history' | 'timeline'): Promise<void> {
    const tab = this.page.getByTestId(`customer-tab-${key}`);
    if (!(await tab.isVisible())) {
      // narrow screens fold the last tabs into the "more" menu
      await this.page.locator('.ant-tabs-nav-more').click();
      await this.page.locator('.ant-tabs-dropdown-menu-item', { has: this.page.getByTestId(`customer-tab-${key}`) }).click();
      return;
    }
    await tab.click();
  }

  historyEntry(version: number): Locator {
    return this.page.getByTestId(`history-entry-customer-${version}`);
  }

  /** Rows of the side-by-side comparison that differ: [field label, left value, right value]. */
  async comparedChanges(): Promise<string[][]> {
    const table = this.page.getByTestId('history-compare-table');
    await table.waitFor();
    const rows = table.locator('tr[data-changed="true"]');
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).locator('td').allInnerTexts());
    return out;
  }
}

export class LookupPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/m/lookup');
    await this.page.getByTestId('lookup-search').waitFor();
  }

  async find(q: string, archiveNo: string): Promise<void> {
    await this.page.getByTestId('lookup-search').fill(q);
    await this.page.getByTestId(`lookup-result-${archiveNo}`).click();
    await this.page.getByTestId('lookup-call').waitFor();
  }

  async callHref(): Promise<string | null> {
    return this.page.getByTestId('lookup-call').getAttribute('href');
  }
}
