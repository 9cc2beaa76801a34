/** Page objects of the rewards screens (REL-10): the points tab of an archive and the plans page. */
import type { Page } from 'playwright-core';

export class PointsTab {
  constructor(private readonly page: Page) {}

  async open(customerId: string) {
    await this.page.goto(`/customers/${customerId}?tab=points`);
    await this.page.getByTestId('points-ledger').waitFor();
    // the balance shows once the ledger has loaded (a skeleton before)
    await this.page.getByTestId('points-balance').locator('.ant-statistic-content').waitFor();
  }

  async balance(): Promise<number> {
    const text = await this.page.getByTestId('points-balance').innerText();
    return Number(text.replace(/[^\d-]/g, '').replace(/^-$/, ''));
  }

  /** Opens the redeem dialog, fills points and reason, submits. */
  async redeem(points: number, reason: string) {
    await this.page.getByTestId('points-redeem').click();
    await this.page.getByTestId('points-amount').fill(String(points));
    await this.page.getByTestId('points-reason').fill(reason);
    await this.page.getByTestId('points-form-submit').click();
  }

  async retry(points: number) {
    await this.page.getByTestId('points-amount').fill(String(points));
    await this.page.getByTestId('points-form-submit').click();
  }

  refusal() {
    return this.page.getByTestId('points-not-enough');
  }

  async ledgerRows(): Promise<string[]> {
    return this.page.getByTestId('points-ledger').locator('tbody tr.ant-table-row').allInnerTexts();
  }
}
