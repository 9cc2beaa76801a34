/**
 * REL-10 target: 50 concurrent redemptions on one customer leave the balance exact and never
 * negative. Over HTTP, from this process, against the real server in another process: either a
 * running one (`--url … --user … --password …`, a customer-service or marketing user) or, without
 * --url, a throwaway server started as a child process on a temporary data directory.
 *
 *   npx tsx bench/points-concurrency.ts [--redemptions 50] [--points 30] [--start 1000] [--rounds 3]
 *
 * Each round: a new customer earns `start` points, then `redemptions` requests of `points` each
 * are sent at once. Exactly floor(start / points) may succeed; the rest must answer 422. Prints one
 * JSON line per round (final balance vs expected, statuses, wall time) and exits 1 on any mismatch.
 * `pointsRound` is also a row of `kedang bench --only targets` (issue 16), against the 1M set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBenchServer, stopBenchServer, type BenchServer } from './server.js';

async function json<T>(url: string, method: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(url, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: (await r.json()) as T };
}
export const login = async (url: string, username: string, password: string) => {
  const r = await json<{ token: string }>(`${url}/api/v1/auth/login`, 'POST', null, { username, password });
  if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
};

export type PointsRound = { round: number; redemptions: number; pointsEach: number; start: number; finalBalance: number; expected: number; ledgerSum: number; lowestBalanceAnswered: number; statuses: Record<string, number>; exact: boolean; wallMs: number };

/**
 * One round as a user who may write points (the owner, customer service, marketing): a new
 * customer earns `start` points, then `redemptions` redemptions of `each` are sent at once.
 */
export async function pointsRound(url: string, token: string, o: { round: number; redemptions: number; each: number; start: number }): Promise<PointsRound> {
  const c = await json<{ id: string }>(`${url}/api/v1/customers`, 'POST', token, { name: `积分并发压测客户${Date.now().toString(36)}${o.round}`, customerType: 'direct', confirmDuplicate: true });
  if (c.status !== 201) throw new Error(`customer: ${c.status} ${JSON.stringify(c.body)}`);
  const id = c.body.id;
  const e = await json(`${url}/api/v1/customers/${id}/points`, 'POST', token, { kind: 'earn', points: o.start, reason: '压测期初积分' });
  if (e.status !== 201) throw new Error(`earn: ${e.status} ${JSON.stringify(e.body)}`);
  const t0 = performance.now();
  const answers = await Promise.all(Array.from({ length: o.redemptions }, (_, i) => json<{ balance?: number }>(`${url}/api/v1/customers/${id}/points`, 'POST', token, { kind: 'redeem', points: o.each, reason: `并发兑换 ${i + 1}` })));
  const wallMs = Math.round(performance.now() - t0);
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const ok = statuses['201'] ?? 0;
  const ledger = await json<{ balance: number; items: { kind: string; points: number }[] }>(`${url}/api/v1/customers/${id}/points?limit=1000`, 'GET', token);
  const ledgerSum = ledger.body.items.reduce((n, x) => n + (x.kind === 'earn' ? x.points : x.kind === 'adjust' ? x.points : -x.points), 0);
  const granted = Math.min(o.redemptions, Math.floor(o.start / o.each));
  const expected = o.start - granted * o.each;
  const lowest = Math.min(...answers.filter((a) => a.status === 201).map((a) => a.body.balance ?? Infinity));
  const exact = ledger.body.balance === expected && ledgerSum === expected && ok === granted && ok + (statuses['422'] ?? 0) === o.redemptions && lowest >= 0;
  return { round: o.round, redemptions: o.redemptions, pointsEach: o.each, start: o.start, finalBalance: ledger.body.balance, expected, ledgerSum, lowestBalanceAnswered: lowest, statuses, exact, wallMs };
}

async function main() {
  const args = new Map<string, string>();
  for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
  const redemptions = Number(args.get('redemptions') ?? 50);
  const each = Number(args.get('points') ?? 30);
  const start = Number(args.get('start') ?? 1000);
  const rounds = Number(args.get('rounds') ?? 3);
  const ADMIN = 'Bench-points-2026!';
  let server: BenchServer | null = null;
  let dataDir: string | null = null;
  let url = args.get('url');
  let token: string;
  try {
    if (url) {
      token = await login(url, args.get('user') ?? 'zheng.kefu', args.get('password') ?? 'Demo-pass-2026');
    } else {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-bench-points-'));
      server = await startBenchServer(path.resolve(import.meta.dirname, '..'), dataDir, 4100 + Math.floor(Math.random() * 800), { KEDANG_ADMIN_PASSWORD: ADMIN });
      url = server.url;
      const admin = await login(url, 'admin', ADMIN);
      const root = (await json<{ items: { id: string }[] }>(`${url}/api/v1/departments`, 'GET', admin)).body.items[0]!.id;
      const u = await json(`${url}/api/v1/users`, 'POST', admin, { username: 'kefu.bench', displayName: '客服（压测）', password: 'Bench-kefu-2026!', departmentId: root, roles: ['cs_staff'], mustChangePassword: false });
      if (u.status !== 201) throw new Error(`user: ${u.status} ${JSON.stringify(u.body)}`);
      token = await login(url, 'kefu.bench', 'Bench-kefu-2026!');
    }
    let failed = false;
    for (let round = 1; round <= rounds; round++) {
      const r = await pointsRound(url, token, { round, redemptions, each, start });
      if (!r.exact) failed = true;
      console.log(JSON.stringify({ scenario: 'points-concurrency', ...r }));
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    if (server) await stopBenchServer(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
