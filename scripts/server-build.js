// The server and CLI compiled to JavaScript with esbuild (issue 12 item 5): `npm start` builds
// dist/server/kedang.js when it is missing or older than its sources, and bin/kedang.js runs it
// when it is current — otherwise the TypeScript sources through tsx (development and tests).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const builtEntry = path.join(root, 'dist/server/kedang.js');

function newest(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = s.mtimeMs; // a deleted file changes its directory (bench/results, written by runs, is not a source)
  for (const f of readdirSync(p)) if (f !== 'node_modules' && f !== 'results') m = Math.max(m, newest(path.join(p, f)));
  return m;
}

/** Newest modification time of everything the server bundle is built from. */
export function sourcesTime() {
  return Math.max(...['src/server', 'src/cli', 'src/contract', 'bench', 'package-lock.json', 'tsconfig.json', 'scripts/server-build.js'].map((p) => path.join(root, p)).filter(existsSync).map(newest));
}

/** Whether dist/server/kedang.js is present and built from the current sources. */
export function serverBuildCurrent(outdir = path.join(root, 'dist/server')) {
  const stamp = path.join(outdir, 'build.json');
  if (!existsSync(path.join(outdir, 'kedang.js')) || !existsSync(stamp)) return false;
  try {
    return JSON.parse(readFileSync(stamp, 'utf8')).sources >= sourcesTime();
  } catch {
    return false;
  }
}

export async function buildServer(outdir = path.join(root, 'dist/server')) {
  const sources = sourcesTime();
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: { kedang: path.join(root, 'src/cli/main.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external', // dependencies load from node_modules as they are
    sourcemap: 'linked',
    logLevel: 'warning',
    // the bundle sits two levels below the repository like src/server/*.ts: paths derived from import.meta.url hold
    banner: { js: '// built by scripts/server-build.js from src/ — do not edit' },
  });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(outdir, 'build.json'), JSON.stringify({ sources, at: new Date().toISOString() }) + '\n');
}
