/**
 * Chromium for the journeys (chromium.ts): one per run, launched by global-setup.ts; each journey file
 * connects to it, and closing that connection closes the file's contexts. Run outside that set-up
 * (no endpoint provided), a file launches its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download } from 'playwright-core';
import { inject } from 'vitest';
import { launchOptions } from './chromium.js';

export { chromiumPath } from './chromium.js';

export const launchBrowser = (): Promise<Browser> => {
  const endpoint = inject('e2eBrowserEndpoint');
  return endpoint ? chromium.connect(endpoint) : chromium.launch(launchOptions);
};

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
} as const;

export const newContext = (browser: Browser, baseURL: string, device: keyof typeof viewports): Promise<BrowserContext> =>
  browser.newContext({
    baseURL,
    viewport: viewports[device],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(device === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });

let downloadsDir: string | null = null;
let downloads = 0;

/**
 * A finished download as a local file. Over the shared browser's connection Playwright cannot hand
 * out its own path (Download.path() throws when connected remotely), so the file is saved here.
 */
export const downloadedFile = async (download: Download): Promise<string> => {
  if (!downloadsDir) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-e2e-downloads-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    downloadsDir = dir;
  }
  const file = path.join(downloadsDir, `${++downloads}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return file;
};
