import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript module of the build scripts
import { buildServer, root, serverBuildCurrent, sourcesTime } from './server-build.js';

// inside the repository (dependencies resolve from its node_modules), never dist/server itself (other tests run it)
mkdirSync(path.join(root, 'dist'), { recursive: true });
const out = mkdtempSync(path.join(root, 'dist/server-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('issue 12 item 5: the server and CLI run as compiled JavaScript in production', () => {
  it('PLT-1 esbuild bundles the CLI and server; the bundle loads every command; it is current until a source changes', async () => {
    expect(serverBuildCurrent(out)).toBe(false);
    await buildServer(out);
    expect(serverBuildCurrent(out)).toBe(true);
    const help = execFileSync(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(path.join(out, 'kedang.js'))}); process.exitCode = await main(['bench', '--help']);`], { encoding: 'utf8' });
    expect(help).toMatch(/kedang bench --scale large \[--customers N\]/);
    // built from older sources than the newest one: stale
    writeFileSync(path.join(out, 'build.json'), JSON.stringify({ sources: sourcesTime() - 1 }));
    expect(serverBuildCurrent(out)).toBe(false);
  }, 60_000);
});
