/**
 * Global set-up for the journeys, once per run:
 * - the server serves dist/web, so build it from the current sources (KEDANG_E2E_SKIP_BUILD=1 skips);
 * - one PostgreSQL with the migrated template: each journey file's server runs on a fresh clone
 *   (src/server/testing/start-test-server.ts), so every file still starts from an empty database;
 * - one Chromium: each file connects to it and works in browser contexts of its own.
 * With KEDANG_E2E_URL the journeys use that server instead, and no PostgreSQL is started here.
 */
import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { startTemplateCluster } from '../../src/server/testing/template-cluster.js';
import buildWeb from './build-web.js';
import { launchOptions } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eTemplate: { serverUrl: string; template: string } | null;
    e2eBrowserEndpoint: string | null;
  }
}

export default async function setup(project: TestProject) {
  const [built, started, launched] = await Promise.allSettled([
    buildWeb(),
    process.env['KEDANG_E2E_URL'] ? null : startTemplateCluster({ prefix: 'kedang_e2etpl', clonePrefix: 'kedang_e2e' }),
    chromium.launchServer(launchOptions),
  ]);
  const cluster = started.status === 'fulfilled' ? started.value : null;
  const browser = launched.status === 'fulfilled' ? launched.value : null;
  const failed = [built, started, launched].find((r) => r.status === 'rejected');
  if (failed || !browser) {
    await browser?.close();
    await cluster?.stop();
    throw failed?.reason;
  }
  project.provide('e2eTemplate', cluster ? { serverUrl: cluster.serverUrl, template: cluster.template } : null);
  project.provide('e2eBrowserEndpoint', browser.wsEndpoint());
  return async () => {
    await browser.close();
    await cluster?.stop();
  };
}
