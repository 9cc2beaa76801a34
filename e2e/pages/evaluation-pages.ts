/** The evaluation screens: the quarter board and lists, the 客户信用等级评定表, the 客户关系评估表, the settings. */
import type { Locator, Page } from 'playwright-core';

export class EvaluationBoardPage {
  constructor(private readonly page: Page) {}

  async open(tab?: 'rounds' | 'evaluations' | 'abc' | 'changes' | 'relationship'): Promise<void> {
    await this.page.goto(tab && tab !== 'rounds' ? `/evaluation?tab=${tab}` : '/evaluation');
    await this.page.getByTestId(`evaluation-tab-${tab ?? 'rounds'}`).waitFor();
  }

  /** Opens a quarter from the board (marketing manager and above) and waits for its progress. */
  async openQuarter(quarter: string): Promise<void> {
    const box = this.page.getByTestId('round-new');
    await box.fill(quarter);
    await this.page.getByTestId('round-open').click();
    const [year, q] = quarter.split('Q');
    const start = `${year}-${String((Number(q) - 1) * 3 + 1).padStart(2, '0')}-01`;
    await this.page.getByTestId('round-info').filter({ hasText: start }).waitFor();
  }

  async total(kind: 'opened' | 'filled' | 'finalised'): Promise<number> {
    return Number((await this.page.getByTestId(`round-total-${kind}`).innerText()).replace(/[^\d]/g, ''));
  }

  progressTable(): Locator {
    return this.page.getByTestId('round-progress');
  }

  /** The rating form of a customer from the evaluation list, found by its archive number. */
  async openEvaluationOf(archiveNo: string): Promise<void> {
    await this.page.getByTestId('evaluations-search').locator('input').fill(archiveNo);
    await this.page.getByTestId('evaluations-search').locator('input').press('Enter');
    await this.page.getByTestId(`evaluation-open-${archiveNo}`).click();
    await this.page.getByTestId('evaluation-form').waitFor();
  }

  changeRow(customerName: string): Locator {
    return this.page.getByTestId('changes-list').locator('tr', { hasText: customerName });
  }
}

export class CreditFormPage {
  constructor(private readonly page: Page) {}

  async open(id: string): Promise<void> {
    await this.page.goto(`/evaluation/${id}`);
    await this.page.getByTestId('evaluation-form').waitFor();
  }

  async score(key: string, value: string): Promise<void> {
    const input = this.page.getByTestId(`score-${key}`);
    await input.fill('');
    await input.fill(value);
    await input.blur();
  }

  async reason(key: string, text: string): Promise<void> {
    await this.page.getByTestId(`reason-${key}`).fill(text);
  }

  computed(key: string): Locator {
    return this.page.getByTestId(`computed-${key}`);
  }

  async liveTotal(): Promise<string> {
    return (await this.page.getByTestId('live-total').innerText()).trim();
  }

  async liveGrade(): Promise<string> {
    return (await this.page.getByTestId('live-grade').innerText()).trim();
  }

  async liveTier(): Promise<string> {
    return (await this.page.getByTestId('live-tier').innerText()).trim();
  }

  async reasons(): Promise<string> {
    return this.page.getByTestId('live-reasons').innerText();
  }

  async submit(group: 'sales' | 'finance'): Promise<void> {
    await this.page.getByTestId(`fill-${group}`).click();
    await this.page.locator('.ant-message-success').first().waitFor();
  }

  async state(): Promise<string> {
    return (await this.page.getByTestId('evaluation-state').innerText()).trim();
  }

  async requestFinalisation(note: string): Promise<void> {
    await this.page.getByTestId('finalise-reason').fill(note);
    await this.page.getByTestId('finalise').click();
    await this.page.getByTestId('evaluation-approval').waitFor();
  }

  /** The approver decides on the form itself. */
  async approve(comment: string): Promise<void> {
    await this.page.getByTestId('evaluation-approval-comment').fill(comment);
    await this.page.getByTestId('evaluation-approval-approve').click();
    await this.page.getByTestId('evaluation-approval-state').filter({ hasText: '已批准' }).waitFor();
  }

  adjustments(): Locator {
    return this.page.getByTestId('evaluation-adjustments');
  }

  async printHref(): Promise<string | null> {
    return this.page.getByTestId('evaluation-print').getAttribute('href');
  }
}

export class RelationshipFormPage {
  constructor(private readonly page: Page) {}

  async openNew(customerId: string): Promise<void> {
    await this.page.goto(`/evaluation/relationships/new?customerId=${customerId}`);
    await this.page.getByTestId('relationship-customer-name').waitFor();
  }

  async open(id: string): Promise<void> {
    await this.page.goto(`/evaluation/relationships/${id}`);
    await this.page.getByTestId('relationship-form').waitFor();
  }

  async score(key: string, value: string, basis?: string): Promise<void> {
    await this.page.getByTestId(`rel-score-${key}`).fill(value);
    if (basis) await this.page.getByTestId(`rel-basis-${key}`).fill(basis);
  }

  async total(): Promise<string> {
    return (await this.page.getByTestId('relationship-total').innerText()).trim();
  }

  async proposed(): Promise<string> {
    return (await this.page.getByTestId('relationship-proposed').innerText()).trim();
  }

  async grade(): Promise<string> {
    return (await this.page.getByTestId('relationship-grade').innerText()).trim();
  }

  async recommend(key: 'improve' | 'maintain' | 'terminate'): Promise<void> {
    await this.page.getByTestId(`recommend-${key}`).click();
  }

  /** Completes and sends for review; resolves with the new evaluation's id. */
  async complete(): Promise<string> {
    await this.page.getByTestId('relationship-complete').click();
    await this.page.waitForURL(/\/evaluation\/relationships\/\d+$/);
    await this.page.getByTestId('relationship-state').filter({ hasText: '待审阅' }).waitFor();
    return this.page.url().split('/').pop()!;
  }

  async state(): Promise<string> {
    return (await this.page.getByTestId('relationship-state').innerText()).trim();
  }

  async approveReview(comment: string): Promise<void> {
    await this.page.getByTestId('relationship-approval-comment').fill(comment);
    await this.page.getByTestId('relationship-approval-approve').click();
    await this.page.getByTestId('relationship-state').filter({ hasText: '已审阅' }).waitFor();
  }

  async comment(text: string): Promise<void> {
    await this.page.getByTestId('relationship-comment-input').fill(text);
    await this.page.getByTestId('relationship-comment-add').click();
    await this.page.getByTestId('relationship-comments').getByText(text).waitFor();
  }

  async addMeasure(text: string): Promise<void> {
    await this.page.getByTestId('relationship-measure-input').fill(text);
    await this.page.getByTestId('relationship-measure-add').click();
    await this.page.getByTestId('relationship-measures').getByText(text).waitFor();
  }

  comments(): Locator {
    return this.page.getByTestId('relationship-comments');
  }

  async printHref(): Promise<string | null> {
    return this.page.getByTestId('relationship-print').getAttribute('href');
  }
}

export class EvaluationSettingsPage {
  constructor(private readonly page: Page) {}

  async open(tab: 'scorecard' | 'abc' | 'relationship' = 'scorecard'): Promise<void> {
    await this.page.goto(tab === 'scorecard' ? '/evaluation/settings' : `/evaluation/settings?tab=${tab}`);
    await this.page.getByTestId(`settings-tab-${tab}`).waitFor();
  }

  /** Edits the current scorecard's points and saves it as the next version. */
  async saveScorecardVersion(note: string, maxima: Record<string, string>): Promise<void> {
    await this.page.getByTestId('scorecard-edit').click();
    for (const [key, value] of Object.entries(maxima)) {
      const input = this.page.getByTestId(`scorecard-max-${key}`);
      await input.fill(value);
      await input.blur();
    }
    await this.page.getByTestId('scorecard-note').fill(note);
    await this.page.getByTestId('scorecard-save').click();
    await this.page.locator('.ant-message-success').first().waitFor();
  }

  version(n: number): Locator {
    return this.page.getByTestId(`scorecard-version-${n}`);
  }

  async setAbcWeights(w: { strength: string; likelihood: string; region: string }, region?: { code: string; weight: string }): Promise<void> {
    for (const [k, v] of Object.entries(w)) {
      const input = this.page.getByTestId(`abc-weight-${k}`);
      await input.fill(v);
      await input.blur();
    }
    if (region) {
      await this.page.getByTestId('abc-region-add').click();
      const n = (await this.page.locator('[data-testid^="abc-region-code-"]').count()) - 1;
      await this.page.getByTestId(`abc-region-code-${n}`).fill(region.code);
      const weight = this.page.getByTestId(`abc-region-weight-${n}`);
      await weight.fill(region.weight);
      await weight.blur();
    }
    await this.page.getByTestId('abc-config-save').click();
    await this.page.locator('.ant-message-success').first().waitFor();
  }
}
