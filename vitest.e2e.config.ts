/**
 * Browser journeys (e2e/): one file at a time, one worker, long timeouts. The global set-up builds the
 * web client and starts one PostgreSQL with the migrated template for the run; each file starts its own
 * server on a fresh clone of the template and its own Chromium (e2e/support/global-setup.ts).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
