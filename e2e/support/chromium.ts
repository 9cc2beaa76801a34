/** How the journeys start Chromium: the system browser (KEDANG_CHROMIUM), headless, with nothing phoning home. */
import type { LaunchOptions } from 'playwright-core';

export const chromiumPath = process.env['KEDANG_CHROMIUM'] ?? '/usr/bin/chromium';

export const launchOptions: LaunchOptions = {
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
};
