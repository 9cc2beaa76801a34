/** Page objects of the satisfaction surveys (REL-9): the send dialog on a customer page, the public survey, the results. */
import type { Page } from 'playwright-core';

export class CustomerSurveyButton {
  constructor(private readonly page: Page) {}
  /** Sends a link survey with the default template; returns the link shown once. */
  async sendLink(customerId: string): Promise<string> {
    await this.page.goto(`/customers/${customerId}`);
    await this.page.getByTestId('customer-send-survey').click();
    await this.page.getByTestId('survey-send-submit').click();
    const link = this.page.getByTestId('survey-link');
    await link.waitFor();
    return (await link.innerText()).trim();
  }
}

export class PublicSurveyPage {
  constructor(private readonly page: Page) {}
  async open(url: string) {
    await this.page.goto(url);
    await this.page.getByTestId('public-survey-form').waitFor();
  }
  async rate(questionId: string, n: number) {
    await this.page.getByTestId(`rate-${questionId}-${n}`).click();
  }
  async write(questionId: string, text: string) {
    await this.page.getByTestId(`text-${questionId}`).fill(text);
  }
  async submit() {
    await this.page.getByTestId('public-survey-submit').click();
    await this.page.getByTestId('public-survey-done').waitFor();
  }
}

export class SurveyResultsPage {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.goto('/surveys/results');
    await this.page.getByTestId('survey-results-count').waitFor();
  }
  count() {
    return this.page.getByTestId('survey-results-count');
  }
}
