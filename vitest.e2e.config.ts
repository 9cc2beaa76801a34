/**
 * Browser journeys (e2e/): two files at a time, long timeouts. The global set-up builds the web
 * client and starts one PostgreSQL (with the migrated template) and one Chromium for the run; each
 * file starts its own server on a fresh clone of the template and its own browser contexts, so
 * files share nothing but the cluster and the browser process (e2e/support/global-setup.ts).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 240_000, // two files share the cores: a journey of 20 s alone may take several times that on a loaded machine
    hookTimeout: 180_000,
    // expect.poll without its own timeout waits up to 10 s (Vitest's default is 1 s): what a journey
    // waits for is the same, only a loaded machine gets longer to show it
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
