/** Chromium for the journeys: the system browser, headless, with nothing phoning home. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env['KEDANG_CHROMIUM'] ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
} as const;

/** The contexts still open, and what their pages said lately: a failed journey shows them (e2e/support/on-failure.ts). */
export const openContexts = new Set<BrowserContext>();
export const pageLog = new WeakMap<Page, string[]>();
const remember = (page: Page, line: string) => {
  const log = pageLog.get(page) ?? [];
  log.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  if (log.length > 40) log.shift();
  pageLog.set(page, log);
};

export const newContext = async (browser: Browser, baseURL: string, device: keyof typeof viewports): Promise<BrowserContext> => {
  const ctx = await browser.newContext({
    baseURL,
    viewport: viewports[device],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(device === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  openContexts.add(ctx);
  ctx.on('close', () => openContexts.delete(ctx));
  ctx.on('page', (page) => {
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning' ? remember(page, `console.${m.type()}: ${m.text().slice(0, 300)}`) : undefined));
    page.on('pageerror', (e) => remember(page, `pageerror: ${e.message.slice(0, 300)}`));
    page.on('response', (r) => (r.url().includes('/api/') ? remember(page, `${r.request().method()} ${r.url().replace(baseURL, '')} ${r.status()}`) : undefined));
  });
  return ctx;
};
