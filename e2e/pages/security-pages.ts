/** Archive security screens: the access request form, the bell, approvals, my access requests, the register, the archive's security parts. */
import type { Locator, Page } from 'playwright-core';
import { confirmDialog, waitForModalsClosed } from './antd.js';

export class AccessRequestForm {
  constructor(private readonly page: Page) {}

  async waitFor(): Promise<void> {
    await this.page.getByTestId('access-request-form').waitFor();
  }

  async fill(input: { groups: string[]; purpose: string; minutes: number }): Promise<void> {
    for (const g of input.groups) await this.page.getByTestId(`access-request-group-${g}`).click();
    await this.page.getByTestId('access-request-purpose').fill(input.purpose);
    await this.setMinutes(input.minutes);
  }

  async setMinutes(minutes: number): Promise<void> {
    const box = this.page.getByTestId('access-request-duration');
    await box.fill('');
    await box.fill(String(minutes));
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('access-request-submit').click();
  }

  refused(): Locator {
    return this.page.getByTestId('access-request-refused');
  }

  submitted(): Locator {
    return this.page.getByTestId('access-request-submitted');
  }
}

export class NotificationBell {
  constructor(private readonly page: Page) {}

  badge(): Locator {
    return this.page.getByTestId('notification-badge');
  }

  async open(): Promise<Locator> {
    await this.page.getByTestId('notification-bell').click();
    const list = this.page.getByTestId('notification-list');
    await list.waitFor();
    return list;
  }
}

export class ApprovalPages {
  constructor(private readonly page: Page) {}

  async openQueue(): Promise<void> {
    await this.page.goto('/approvals');
    await this.page.getByTestId('approvals-box-queue').waitFor();
  }

  row(approvalId: string): Locator {
    return this.page.getByTestId(`approval-row-${approvalId}`);
  }

  async waitForDetail(): Promise<void> {
    await this.page.getByTestId('approval-payload').waitFor();
  }

  payload(key: string): Locator {
    return this.page.getByTestId(`approval-payload-${key}`);
  }

  state(): Locator {
    return this.page.getByTestId('approval-state').first();
  }

  async approve(comment: string): Promise<void> {
    await this.page.getByTestId('approval-comment-input').fill(comment);
    await this.page.getByTestId('approval-approve').click();
    await confirmDialog(this.page);
    await waitForModalsClosed(this.page);
  }
}

export class AccessRequestsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/access-requests');
    await this.page.getByTestId('access-request-new').waitFor();
  }

  row(id: string): Locator {
    return this.page.getByTestId(`access-request-row-${id}`);
  }

  async returnEarly(id: string): Promise<void> {
    await this.page.getByTestId(`access-request-return-${id}`).click();
    await confirmDialog(this.page);
    await waitForModalsClosed(this.page);
  }
}

export class BorrowingRegisterPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/borrowing-register');
    await this.page.getByTestId('register-search').waitFor();
  }

  row(id: string): Locator {
    return this.page.getByTestId(`register-row-${id}`);
  }

  readsCount(id: string): Locator {
    return this.page.getByTestId(`register-reads-count-${id}`);
  }
}

export class ArchiveSecurity {
  constructor(private readonly page: Page) {}

  notVisible(): Locator {
    return this.page.getByTestId('customer-not-visible');
  }

  withheld(): Locator {
    return this.page.getByTestId('customer-withheld');
  }

  grant(): Locator {
    return this.page.getByTestId('customer-grant');
  }

  watermark(): Locator {
    return this.page.getByTestId('archive-watermark');
  }

  tabWithheld(group: string): Locator {
    return this.page.getByTestId(`tab-withheld-${group}`);
  }

  async requestFromNotVisible(): Promise<void> {
    await this.notVisible().waitFor();
    await this.page.getByTestId('request-access').click();
  }

  async askProtectedChange(action: 'delete' | 'lower_secrecy' | 'transfer_owner' | 'destroy', reason: string): Promise<void> {
    await this.page.getByTestId('archive-actions').click();
    await this.page.getByTestId(`archive-action-${action}`).click();
    await this.page.getByTestId('protected-change-reason').fill(reason);
  }

  async submitProtectedChange(): Promise<void> {
    await this.page.getByTestId('protected-change-submit').click();
    await waitForModalsClosed(this.page);
  }
}
