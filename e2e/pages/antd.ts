/** Driving antd widgets the way a user does: open, type, pick from the visible popup. */
import type { Locator, Page } from 'playwright-core';

const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const visiblePopup = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

/** Picks a node of a TreeSelect by its title. */
export const pickTreeNode = async (page: Page, select: Locator, title: string): Promise<void> => {
  await select.click();
  await select.locator('input').fill(title);
  await visiblePopup(page).locator('.ant-select-tree-title', { hasText: exact(title) }).first().click();
};

/** Picks options of a (multiple) Select by their labels, then closes the popup. */
export const pickOptions = async (page: Page, select: Locator, labels: readonly string[]): Promise<void> => {
  for (const label of labels) {
    await select.click();
    const input = select.locator('input');
    // a searchable select narrows the list as one types; a plain one shows every option
    if (await input.isEditable()) await input.fill(label);
    await visiblePopup(page).locator('.ant-select-item-option', { hasText: exact(label) }).first().click();
  }
  await page.keyboard.press('Escape');
};

/** Types into a searching Select (its options come from the server) and picks the option containing `text`. */
export const pickSearched = async (page: Page, select: Locator, typed: string, text: string): Promise<void> => {
  await select.click();
  await select.locator('input').fill(typed);
  await visiblePopup(page).locator('.ant-select-item-option', { hasText: text }).first().click();
};

/** Waits for an antd success toast containing the text. */
export const expectSuccessToast = async (page: Page, text: string): Promise<void> => {
  await page.locator('.ant-message-success', { hasText: text }).first().waitFor();
};

/** The OK button of the confirmation dialog on top. */
export const confirmDialog = async (page: Page): Promise<void> => {
  await page.locator('.ant-modal-confirm .ant-btn-primary, .ant-modal-confirm .ant-btn-dangerous').last().click();
};

/** Waits until no modal dialog is showing (they animate out after a submit or Escape). */
export const waitForModalsClosed = async (page: Page): Promise<void> => {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.ant-modal-wrap')].every((e) => getComputedStyle(e).display === 'none'),
  );
};
