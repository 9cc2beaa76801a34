/**
 * A failed journey leaves what its pages showed: a screenshot of every page still open
 * (e2e/artifacts/failed-…png) and, on the console, each page's address and its last API answers,
 * console errors and page errors. A race seen once in a full run is then readable afterwards.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { artifactsDir } from './artifacts.js';
import { openContexts, pageLog } from './browser.js';

/** Pages already shown by an earlier failure (a page a later test of the file still uses is shown again only if it changed address). */
const shown = new WeakMap<Page, string>();
let shots = 0; // numbered across the file's failures: no screenshot overwrites an earlier one

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  mkdirSync(artifactsDir, { recursive: true });
  const base = `failed-${path.basename(ctx.task.file?.name ?? 'journey', '.e2e.test.ts')}`;
  for (const context of openContexts) {
    for (const page of context.pages()) {
      if (shown.get(page) === page.url()) continue;
      shown.set(page, page.url());
      const n = ++shots;
      const file = path.join(artifactsDir, `${base}-${n}.png`);
      await page.screenshot({ path: file, animations: 'disabled', timeout: 10_000 }).catch(() => undefined);
      const log = pageLog.get(page) ?? [];
      console.error(`[failed journey] page ${n} at ${page.url()} (screenshot ${path.relative(process.cwd(), file)}); its last ${log.length} events:\n  ${log.join('\n  ')}`);
    }
  }
});
