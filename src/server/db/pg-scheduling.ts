/**
 * The embedded PostgreSQL's CPU scheduling (PLT-7). On Linux its postmaster is moved to SCHED_BATCH
 * once it has started, and every backend it forks afterwards inherits the policy. A batch task is
 * never run ahead of the task that woke it: a query sent by the server's event loop no longer
 * preempts that loop in the middle of its write (the kernel's wake-up preemption) — the backend runs
 * on the other core, or when the loop waits. Both still share the CPU by the same fair weights.
 *
 * Measured on the 2-core machine at 1M customers (`bench/cpu-per-request.ts --mix archive`, 25 s
 * runs alternating the policy on one running server, 2026-12-07): 453 / 490 / 454 / 476 req/s with
 * the default policy, 527 / 507 / 573 / 543 / 497 with the backends batch; CPU per request
 * 3.16–3.45 ms against 2.82–3.22 ms (fewer context switches). The server itself stays a normal task:
 * with both batch it fell to 350 req/s.
 *
 * `KEDANG_PG_SCHEDULING=normal` leaves the default policy. A cluster Kedang did not start
 * (DATABASE_URL, or one already running) is never touched: one left running by an earlier start
 * keeps the policy it was given then, until it is restarted. Without `chrt` (util-linux) or on
 * another system the start says so once and goes on.
 */
import { execFile } from 'node:child_process';

export type PgScheduling = 'batch' | 'normal';

/** What to do with the embedded cluster's scheduling on this system. */
export function schedulingPlan(choice: PgScheduling, platform: NodeJS.Platform): 'batch' | 'skip-normal' | 'skip-platform' {
  if (choice === 'normal') return 'skip-normal';
  return platform === 'linux' ? 'batch' : 'skip-platform';
}

export type Runner = (file: string, args: readonly string[]) => Promise<void>;

const runFile: Runner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 5_000 }, (error, _stdout, stderr) => (error ? reject(new Error(String(stderr).trim() || error.message)) : resolve()));
  });

/**
 * Moves the postmaster `pid` to SCHED_BATCH (backends forked later inherit it). Returns the line the
 * start prints; never throws: the cluster runs either way.
 */
export async function applyPgScheduling(pid: number, choice: PgScheduling, platform: NodeJS.Platform = process.platform, run: Runner = runFile): Promise<string> {
  const plan = schedulingPlan(choice, platform);
  if (plan === 'skip-normal') return 'embedded PostgreSQL: default CPU scheduling (KEDANG_PG_SCHEDULING=normal)';
  if (plan === 'skip-platform') return `embedded PostgreSQL: default CPU scheduling (batch scheduling is for Linux; this is ${platform})`;
  try {
    await run('chrt', ['-b', '-p', '0', String(pid)]); // short options: util-linux's and BusyBox's chrt both take them
    return 'embedded PostgreSQL: backends scheduled as batch tasks, so a query does not preempt the server that sent it (KEDANG_PG_SCHEDULING=normal to leave the default)';
  } catch (e) {
    return `embedded PostgreSQL: default CPU scheduling (chrt -b failed: ${e instanceof Error ? e.message : String(e)})`;
  }
}
