/**
 * Screenshots of a journey go to e2e/artifacts/ (not committed) for a human to look at.
 * KEDANG_E2E_SCREENSHOTS: `viewport` (default) what fits the window; `full` the whole page (about
 * 0.8 s more CPU each, some 130 s over the 155 of a run: `KEDANG_E2E_SCREENSHOTS=full npm run test:e2e`);
 * `off` none. The journey reaches and checks every page either way.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const artifactsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

const mode = process.env['KEDANG_E2E_SCREENSHOTS'] ?? 'viewport';

export const screenshot = async (page: Page, name: string): Promise<void> => {
  if (mode === 'off' || mode === '0') return;
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: mode === 'full', animations: 'disabled' });
};
