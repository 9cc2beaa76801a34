/**
 * The server under test: a fresh one on a throwaway database (src/server/testing/start-test-server.ts),
 * cloned from the run's migrated template (global-setup.ts).
 * KEDANG_E2E_URL (with KEDANG_E2E_ADMIN_PASSWORD) points the journeys at one already running instead.
 */
import { inject } from 'vitest';
import { startTestServer } from '../../src/server/testing/start-test-server.js';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export const startServerUnderTest = async (): Promise<TestServer> => {
  const url = process.env['KEDANG_E2E_URL'];
  if (url) {
    return { url, adminPassword: process.env['KEDANG_E2E_ADMIN_PASSWORD'] ?? 'Admin-pass-2026', stop: async () => undefined };
  }
  return startTestServer(inject('e2eTemplate') ?? undefined);
};
