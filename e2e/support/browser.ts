/** Chromium for the journeys: the system browser, headless, with nothing phoning home. */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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

export const newContext = (browser: Browser, baseURL: string, device: keyof typeof viewports): Promise<BrowserContext> =>
  browser.newContext({
    baseURL,
    viewport: viewports[device],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(device === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
