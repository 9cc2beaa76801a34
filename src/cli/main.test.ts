import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../server/main.js';

const run = async (...args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/kedang.js'), ...args], { env: { ...process.env, DATABASE_URL: '', KEDANG_DATA_DIR: '/nonexistent/never-used' } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
};

describe('PLT-4 the kedang command', () => {
  it.each(['start', 'migrate', 'users', 'audit', 'bench'])('PLT-4 kedang %s --help explains the command', async (cmd) => {
    const r = await run(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: kedang');
  });
  it.each([
    [['frobnicate']],
    [['users', 'delete']],
    [['users', 'create', '--roles', 'emperor']],
    [['users', 'list', '--colour', 'red']],
    [['audit']],
    [['bench', '--only', 'everything']],
  ])('PLT-4 bad arguments %j → a clear message and exit code 2', async (args) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.out.length).toBeGreaterThan(20);
    expect(r.out).not.toMatch(/at .*\.ts:\d+/);
  });
  it('PLT-5 a bad configuration value is named, exit 2', async () => {
    const r = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/kedang.js'), 'migrate'], { env: { ...process.env, PORT: 'eighty', LOG_LEVEL: 'loud' } }).catch((e) => e);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('LOG_LEVEL');
  });
});
