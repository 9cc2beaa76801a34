/** Page objects of the complaint screens (spec 05). */
import type { Page } from 'playwright-core';
import { expectSuccessToast, pickOptions, pickSearched } from './antd.js';

export class ComplaintIntakePage {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.goto('/complaints/new');
    await this.page.getByTestId('complaint-intake-form').waitFor();
  }
  async record(c: { customer: string; reason: string; demand: string; phone: string }) {
    await pickSearched(this.page, this.page.getByTestId('complaint-customer'), c.customer, c.customer);
    await this.page.getByTestId('complaint-reason').fill(c.reason);
    await this.page.getByTestId('complaint-demand').fill(c.demand);
    await this.page.getByTestId('complaint-contact-phone').fill(c.phone);
    await this.page.getByTestId('complaint-submit').click();
    await this.page.getByTestId('complaint-no').waitFor();
    return (await this.page.getByTestId('complaint-no').innerText()).trim();
  }
}

export class ComplaintPage {
  constructor(private readonly page: Page) {}
  async open(id: string) {
    await this.page.goto(`/complaints/${id}`);
    await this.page.getByTestId('complaint-no').waitFor();
  }
  async state() {
    return (await this.page.getByTestId('complaint-state').first().innerText()).trim();
  }
  /** Opens the step's form, lets `fill` fill it, submits, and waits for the new state. */
  async step(to: string, fill: (page: Page) => Promise<void> = async () => undefined, stateText?: string) {
    await this.page.getByTestId(`complaint-action-${to}`).click();
    await this.page.getByTestId(`complaint-step-${to}`).waitFor();
    await fill(this.page);
    await this.page.getByTestId('complaint-step-submit').click();
    if (stateText) await expectSuccessToast(this.page, stateText);
    try {
      await this.page.getByTestId(`complaint-step-${to}`).waitFor({ state: 'detached', timeout: 15_000 });
    } catch (e) {
      const alert = await this.page.getByTestId('complaint-step-error').innerText().catch(() => '(no alert)');
      throw new Error(`the ${to} step stayed open: ${alert}`, { cause: e });
    }
  }
  async pickDepartment(name: string) {
    await pickOptions(this.page, this.page.getByTestId('complaint-department'), [name]);
  }
  async pickResolution(label: string) {
    await pickOptions(this.page, this.page.getByTestId('complaint-resolution-kind'), [label]);
  }
  /** Draws a signature on the pad with the pointer, as a finger would. */
  async drawSignature() {
    const pad = this.page.getByTestId('signoff-pad').locator('canvas');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await this.page.mouse.move(box.x + 20, box.y + box.height / 2);
    await this.page.mouse.down();
    for (let i = 1; i <= 12; i++) await this.page.mouse.move(box.x + 20 + i * ((box.width - 40) / 12), box.y + box.height / 2 + (i % 2 ? -30 : 30), { steps: 3 });
    await this.page.mouse.up();
  }
}
