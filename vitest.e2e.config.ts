/**
 * Browser journeys (e2e/): one file at a time, one worker, long timeouts. The global set-up builds the
 * web client and starts one PostgreSQL with the migrated template for the run; each file starts its own
 * server on a fresh clone of the template and its own Chromium (e2e/support/global-setup.ts).
 * Two files at a time (a browser each) took 323–363 s instead of 427–629 s, but lost a race in two of
 * six full runs (2026-12-07), each a click before the page had what it needed: the survey dialog's Send
 * before its templates had loaded, the archivist's documents-missing figure before the figures said
 * where it leads. Both pages are mended; two at a time comes back after several clean full runs.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    setupFiles: ['e2e/support/on-failure.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits for what the page shows after a request and a render, like Playwright's own
    // waits (30 s): Vitest's 1 s default made it a race with the machine's load (a destruction's row
    // showed 已销毁 after 1 s; 41 polls leave the bound to this default)
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
