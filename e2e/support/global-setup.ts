/**
 * Global set-up for the journeys, once per run:
 * - the server serves dist/web, so build it from the current sources (KEDANG_E2E_SKIP_BUILD=1 skips);
 * - one PostgreSQL with the migrated template: each journey file's server runs on a fresh clone
 *   (src/server/testing/start-test-server.ts), so every file still starts from an empty database.
 * Each file still starts its own server and its own Chromium (support/browser.ts).
 * With KEDANG_E2E_URL the journeys use that server instead, and no PostgreSQL is started here.
 */
import type { TestProject } from 'vitest/node';
import { startTemplateCluster } from '../../src/server/testing/template-cluster.js';
import buildWeb from './build-web.js';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eTemplate: { serverUrl: string; template: string } | null;
  }
}

export default async function setup(project: TestProject) {
  const [built, started] = await Promise.allSettled([
    buildWeb(),
    process.env['KEDANG_E2E_URL'] ? null : startTemplateCluster({ prefix: 'kedang_e2etpl', clonePrefix: 'kedang_e2e' }),
  ]);
  const cluster = started.status === 'fulfilled' ? started.value : null;
  if (built.status === 'rejected' || started.status === 'rejected') {
    await cluster?.stop();
    throw built.status === 'rejected' ? built.reason : (started as PromiseRejectedResult).reason;
  }
  project.provide('e2eTemplate', cluster ? { serverUrl: cluster.serverUrl, template: cluster.template } : null);
  return async () => {
    await cluster?.stop();
  };
}
