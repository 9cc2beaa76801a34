import { describe, expect, it } from 'vitest';
import { applyPgScheduling, schedulingPlan } from './pg-scheduling.js';

describe('PLT-7 the embedded cluster’s CPU scheduling', () => {
  it('PLT-7 batch on Linux only, and never when the operator chose normal', () => {
    expect(schedulingPlan('batch', 'linux')).toBe('batch');
    expect(schedulingPlan('batch', 'darwin')).toBe('skip-platform');
    expect(schedulingPlan('batch', 'win32')).toBe('skip-platform');
    expect(schedulingPlan('normal', 'linux')).toBe('skip-normal');
    expect(schedulingPlan('normal', 'darwin')).toBe('skip-normal');
  });

  it('PLT-7 moves the postmaster with chrt -b and says so; a failure is a line, not an error', async () => {
    const calls: [string, readonly string[]][] = [];
    const ok = await applyPgScheduling(4242, 'batch', 'linux', async (f, a) => void calls.push([f, a]));
    expect(calls).toEqual([['chrt', ['-b', '-p', '0', '4242']]]);
    expect(ok).toContain('batch tasks');
    const failed = await applyPgScheduling(4242, 'batch', 'linux', async () => {
      throw new Error('chrt: failed to set pid 4242\'s policy: Operation not permitted');
    });
    expect(failed).toContain('default CPU scheduling (chrt -b failed: chrt: failed to set pid 4242');
    const none: string[] = [];
    expect(await applyPgScheduling(4242, 'normal', 'linux', async (f) => void none.push(f))).toContain('KEDANG_PG_SCHEDULING=normal');
    expect(await applyPgScheduling(4242, 'batch', 'darwin', async (f) => void none.push(f))).toContain('this is darwin');
    expect(none).toEqual([]);
  });

  it('PLT-7 a missing chrt is reported, not thrown', async () => {
    const line = await applyPgScheduling(process.pid, 'batch', 'linux', (f, a) => import('node:child_process').then(({ execFileSync }) => void execFileSync(`${f}-that-does-not-exist`, [...a], { stdio: 'ignore' })));
    expect(line).toMatch(/^embedded PostgreSQL: default CPU scheduling \(chrt -b failed: /);
  });
});
