/**
 * The real server for browser journeys (e2e/). Given a migrated template (the journeys' global set-up,
 * e2e/support/global-setup.ts), it runs on a fresh database cloned from it, in the run's one cluster;
 * without one, on a throwaway embedded PostgreSQL of its own (initdb and every migration: seconds more).
 * Either way the database is new and empty but for the administrator, and is dropped at stop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { startServer } from '../main.js';
import { cloneTemplate } from './template-cluster.js';

export type TestTemplate = { serverUrl: string; template: string };

export async function startTestServer(from?: TestTemplate): Promise<{ url: string; adminPassword: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-e2e-'));
  const adminPassword = 'Admin-e2e-pass-2026';
  const clone = from ? await cloneTemplate(from.serverUrl, from.template, 'kedang_e2e') : null;
  const config = { ...loadConfig({ LOG_LEVEL: 'warn', KEDANG_DATA_DIR: dataDir, KEDANG_ADMIN_PASSWORD: adminPassword }), port: 0, host: '127.0.0.1', databaseUrl: clone?.url };
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(config, () => {});
  } catch (e) {
    await clone?.drop();
    throw e;
  }
  const address = running.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    adminPassword,
    stop: async () => {
      await running.stop();
      await clone?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
