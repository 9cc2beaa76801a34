/**
 * Journeys through the service boards (REL-6): a customer-service clerk drags a card from 待办 to
 * 进行中 with the mouse and finds it there after a reload; then moves another with the keyboard
 * (Space, arrow, Space). Screenshots at desktop and 375 px phone width go to e2e/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/artifacts.js';
import { signUpUser } from './support/api.js';
import { launchBrowser } from './support/browser.js';
import { api, signedIn, tokenOf, type JourneyUser } from './support/journey.js';
import { startServerUnderTest, type TestServer } from './support/server.js';

type Card = { id: string; column: string };
type Board = { id: string; cards: Card[] };

describe('service boards', () => {
  let server: TestServer;
  let browser: Browser;
  let clerk: JourneyUser;
  let token: string;
  let boardId: string;
  const tag = Date.now().toString(36).slice(-5);

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    clerk = await signUpUser(server, { username: `cs.${tag}`, displayName: '孙客服', roles: ['cs_staff'] });
    token = await tokenOf(server, clerk);
    boardId = (await api<Board>(server, 'POST', '/api/v1/boards', token, { kind: 'week' })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const columnOf = async (cardId: string) => (await api<Board>(server, 'GET', `/api/v1/boards/${boardId}`, token)).cards.find((c) => c.id === cardId)?.column;

  it('REL-6 a clerk drags a card from 待办 to 进行中 and it is still there after a reload', async () => {
    const card = await api<Card>(server, 'POST', `/api/v1/boards/${boardId}/cards`, token, { title: `回访华东阀门${tag}` });
    const page = await signedIn(browser, server, clerk, 'desktop');
    await page.goto('/boards');
    const el = page.getByTestId(`board-card-${card.id}`);
    await el.waitFor({ timeout: 90_000 });
    const from = (await el.boundingBox())!;
    const to = (await page.getByTestId('board-column-doing').boundingBox())!;
    // take the card by its lower part (the title is a link that opens the editor)
    const y = from.y + from.height - 10;
    await page.mouse.move(from.x + 20, y);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, y, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
    await page.mouse.up();
    await expect.poll(() => columnOf(card.id), { timeout: 15_000 }).toBe('doing');
    await page.reload();
    await page.getByTestId('board-column-doing').getByTestId(`board-card-${card.id}`).waitFor();
    await screenshot(page, 'boards-week');
    await page.context().close();
  });

  it('REL-6 a clerk moves a card with the keyboard: Space picks it up, the right arrow moves it, Space drops it', async () => {
    const card = await api<Card>(server, 'POST', `/api/v1/boards/${boardId}/cards`, token, { title: `准备中秋礼品清单${tag}` });
    const page = await signedIn(browser, server, clerk, 'desktop');
    await page.goto('/boards');
    const el = page.getByTestId('board-column-todo').getByTestId(`board-card-${card.id}`);
    await el.waitFor({ timeout: 90_000 });
    await el.focus();
    await page.keyboard.press('Space');
    // picked up: dnd-kit marks the card pressed while it is dragged
    await expect.poll(() => el.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    // dnd-kit's keyboard sensor listens for the arrows from a setTimeout(0) queued at pick-up; a timer
    // queued now runs after it (timers of equal delay run in order), so the arrow is not lost
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    await page.keyboard.press('ArrowRight');
    // moved: dnd-kit's live region announces the card over another droppable area than its own place
    // (the 进行中 column or a card in it; the drop below is checked where it lands)
    const announced = page.locator('[id^="DndLiveRegion"]');
    await expect.poll(async () => /moved over droppable area (.+)\.$/.exec((await announced.textContent()) ?? '')?.[1], { timeout: 15_000 }).toMatch(new RegExp(`^(?!${card.id}$).+`));
    await page.keyboard.press('Space');
    await expect.poll(() => columnOf(card.id), { timeout: 15_000 }).toBe('doing');
    await page.reload();
    await page.getByTestId('board-column-doing').getByTestId(`board-card-${card.id}`).waitFor();
    const phone = await signedIn(browser, server, clerk, 'phone');
    await phone.goto('/boards');
    await phone.getByTestId(`board-card-${card.id}`).waitFor({ timeout: 60_000 });
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(phone, 'boards-week-phone');
    await page.context().close();
    await phone.context().close();
  });
});
