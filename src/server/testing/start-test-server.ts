/** The real server on a throwaway embedded PostgreSQL, for browser journeys (e2e/). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { startServer } from '../main.js';

export async function startTestServer(): Promise<{ url: string; adminPassword: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-e2e-'));
  const adminPassword = 'Admin-e2e-pass-2026';
  const config = { ...loadConfig({ LOG_LEVEL: 'warn', KEDANG_DATA_DIR: dataDir, KEDANG_ADMIN_PASSWORD: adminPassword }), port: 0, host: '127.0.0.1', databaseUrl: undefined };
  const running = await startServer(config, () => {});
  const address = running.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    adminPassword,
    stop: async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
