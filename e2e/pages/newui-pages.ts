/** Issue 17's web items: the phone lookup's call button, the header search. */
import type { Locator, Page } from 'playwright-core';

export class LookupCard {
  constructor(private readonly page: Page) {}

  async openArchive(customerId: string): Promise<void> {
    await this.page.goto(`/m/lookup?c=${customerId}`);
    await this.page.getByTestId('lookup-visit').waitFor();
  }

  call(): Locator {
    return this.page.getByTestId('lookup-call');
  }

  async callHref(): Promise<string | null> {
    return this.call().getAttribute('href');
  }

  /** Clicks the call button that reveals the number first, and waits for the real dial link. */
  async revealAndCall(): Promise<string | null> {
    await this.call().click();
    await this.page.locator('a[data-testid="lookup-call"][href^="tel:"]').waitFor();
    return this.callHref();
  }
}

export class HeaderSearch {
  constructor(private readonly page: Page) {}

  async openWithSlash(): Promise<void> {
    await this.page.locator('body').press('/');
    await this.input().waitFor();
  }

  async openWithCtrlK(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.input().waitFor();
  }

  input(): Locator {
    return this.page.getByTestId('global-search-input');
  }

  async type(q: string): Promise<void> {
    await this.input().fill(q);
  }

  group(kind: 'customers' | 'contacts' | 'documents'): Locator {
    return this.page.getByTestId(`global-search-group-${kind}`);
  }

  result(kind: 'customer' | 'contact' | 'document', id: string): Locator {
    return this.page.getByTestId(`global-search-${kind}-${id}`);
  }
}

/** The archive form's 省 / 市 / 区县 picker: type part of a place name and pick the district. */
export class RegionPicker {
  constructor(private readonly page: Page) {}

  async pick(search: string, district: string): Promise<void> {
    const input = this.page.locator('input#region');
    await input.click();
    await input.fill(search);
    await this.page.locator('.ant-cascader-dropdown .ant-cascader-menu-item', { hasText: district }).first().click();
  }
}

/** The 行业分类 cascader of the archive form (GB/T 4754—2017, ARC-1): search, then pick the 大类. */
export class IndustryPicker {
  constructor(private readonly page: Page, private readonly inputId = 'industryCode') {}

  async search(text: string): Promise<void> {
    const input = this.page.locator(`input#${this.inputId}`);
    await input.click();
    await input.fill(text);
  }

  async pick(search: string, division: string): Promise<void> {
    await this.search(search);
    await this.page.locator('.ant-cascader-dropdown .ant-cascader-menu-item', { hasText: division }).first().click();
  }
}
