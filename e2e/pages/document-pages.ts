/** Page objects for documents (ARC-6), printing (ARC-13), the self-service form (ARC-14) and tasks (ARC-8). */
import type { Locator, Page } from 'playwright-core';

const visiblePopup = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

export class DocumentsTab {
  constructor(private readonly page: Page) {}

  async open(customerId: string): Promise<void> {
    await this.page.goto(`/customers/${customerId}?tab=documents`);
    await this.page.getByTestId('documents-table').waitFor();
  }

  missing(): Locator {
    return this.page.getByTestId('documents-missing');
  }

  async titles(): Promise<string[]> {
    return (await this.page.getByTestId('document-row-title').allInnerTexts()).map((s) => s.trim());
  }

  /** Upload through the form: pick the file, choose the category, submit. */
  async upload(file: { name: string; mimeType: string; buffer: Buffer }, category: string, title: string): Promise<void> {
    await this.page.getByTestId('document-upload').click();
    await this.page.locator('.ant-modal input[type=file]').setInputFiles(file);
    await this.page.getByTestId('document-category').click();
    await visiblePopup(this.page).locator('.ant-select-item-option', { hasText: category }).first().click();
    await this.page.getByTestId('document-title').fill(title);
    await this.page.getByTestId('document-upload-submit').click();
    await this.page.locator('.ant-modal').waitFor({ state: 'hidden' });
  }

  /** Opens one printed form from the print menu; the form opens in a new tab. */
  async print(form: string): Promise<Page> {
    await this.page.getByTestId('customer-print').click();
    const [popup] = await Promise.all([this.page.context().waitForEvent('page'), this.page.getByTestId(`print-${form}`).click()]);
    await popup.waitForLoadState('load');
    return popup;
  }
}

export class SelfServiceTab {
  constructor(private readonly page: Page) {}

  async open(customerId: string): Promise<void> {
    await this.page.goto(`/customers/${customerId}?tab=selfService`);
    await this.page.getByTestId('self-service-send').waitFor();
  }

  /** Creates a link with the default fields and returns its URL. */
  async sendLink(): Promise<string> {
    await this.page.getByTestId('self-service-send').click();
    const submit = this.page.getByTestId('self-service-link-submit');
    // A click that lands while the modal is still opening can be lost (seen twice in full runs): if no
    // POST went out within 10 s and the button is still there, click once more.
    const posted = this.page.waitForResponse((r) => r.url().includes('/self-service-links') && r.request().method() === 'POST', { timeout: 10_000 }).catch(() => null);
    await submit.click();
    if (!(await posted) && (await submit.isVisible())) await submit.click();
    const url = this.page.getByTestId('self-service-link-url');
    await url.waitFor();
    const text = (await url.innerText()).trim();
    await this.page.keyboard.press('Escape');
    return text;
  }

  submission(): Locator {
    return this.page.getByTestId('self-service-submission').first();
  }

  async decide(field: string, decision: 'accept' | 'reject'): Promise<void> {
    // the radio group of the field: 采纳 first, 不采纳 second
    await this.page.getByTestId(`review-${field}`).locator('.ant-radio-button-wrapper').nth(decision === 'accept' ? 0 : 1).click();
  }

  async applyReview(): Promise<void> {
    await this.page.getByTestId('self-service-review-submit').click();
  }
}

export class PublicFormPage {
  constructor(private readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('public-form').waitFor();
  }

  async fill(values: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(values)) await this.page.getByTestId(`public-field-${k}`).fill(v);
  }

  async submit(name: string): Promise<void> {
    await this.page.getByTestId('public-submitter-name').fill(name);
    await this.page.getByTestId('public-form-submit').click();
    await this.page.getByTestId('public-form-done').waitFor();
  }

  refusal(): Locator {
    return this.page.getByTestId('public-form-refused');
  }
}

export class TasksPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/tasks');
    await this.page.getByTestId('tasks-table').waitFor();
  }

  async show(filter: 'pending' | 'overdue' | 'done'): Promise<void> {
    await this.page.getByTestId(`tasks-filter-${filter}`).click();
  }

  states(): Locator {
    return this.page.getByTestId('task-state');
  }
}
