/**
 * Browser journeys (e2e/): two files at a time (one per core), long timeouts. The global set-up builds
 * the web client and starts one PostgreSQL with the migrated template for the run; each file starts its
 * own server on a fresh clone of the template and its own Chromium (e2e/support/global-setup.ts), so
 * two files share nothing but that cluster. One at a time the 22 files took 427–629 s, the machine
 * ~60 % busy; two at a time 363 s (2026-12-07, idle), keeping `npm test` within its 15 minutes.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits for what the page shows after a request and a render, like Playwright's own
    // waits (30 s): Vitest's 1 s default made it a race with the machine's load (a destruction's row
    // showed 已销毁 after 1 s; 41 polls leave the bound to this default)
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    maxWorkers: 2,
  },
});
