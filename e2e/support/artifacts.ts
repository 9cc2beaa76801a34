/**
 * Screenshots of a journey go to e2e/artifacts/ (not committed) for a human to look at.
 * KEDANG_E2E_SCREENSHOTS: `full` (default) the whole page, `viewport` only what fits the window,
 * `off` none (the journey still reaches and checks every page it would have captured).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const artifactsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

const mode = process.env['KEDANG_E2E_SCREENSHOTS'] ?? 'full';

export const screenshot = async (page: Page, name: string): Promise<void> => {
  if (mode === 'off' || mode === '0') return;
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: mode !== 'viewport', animations: 'disabled' });
};
