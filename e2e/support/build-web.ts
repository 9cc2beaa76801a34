/** The journeys serve dist/web, so global-setup.ts builds it from the current sources first (KEDANG_E2E_SKIP_BUILD=1 skips). */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function buildWeb(): Promise<void> {
  if (process.env['KEDANG_E2E_SKIP_BUILD'] === '1') return;
  // Vitest sets NODE_ENV=test, which would give React's and antd's development builds.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
}
