/**
 * CPU cost per request (PLT-7 profile): drives a running server with autocannon from this
 * process (not the server's) and divides the CPU time the server's Node process and its
 * PostgreSQL cluster used by the requests answered. CPU time, unlike req/s, does not depend on
 * what else the shared machine runs.
 *
 *   npx tsx bench/cpu-per-request.ts --url http://127.0.0.1:4100 --server-pid N --pg-pid N \
 *     --user zheng.kefu --password Demo-pass-2026 --mix search|list|filtered|detail|feedback|create|mixed|archive [--seconds 20]
 *
 * `archive` is the archive scenario's mixed load (40 searches, 4 filtered lists, 30 details, 10 feedback writes, 5 creates)
 *
 * The server-pid is the Node process listening on url; pg-pid the postmaster (first line of
 * <data>/pg/postmaster.pid). Prints one JSON line per run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import autocannon from 'autocannon';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const url = args.get('url') ?? 'http://127.0.0.1:4100';
const serverPid = Number(args.get('server-pid'));
const pgPid = Number(args.get('pg-pid'));
const seconds = Number(args.get('seconds') ?? 20);
const connections = Number(args.get('connections') ?? 50);
const mixName = args.get('mix') ?? 'mixed';

const TICK = 100; // USER_HZ on Linux
function ticksOf(pid: number, children: boolean): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').slice(readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2).split(' ');
    // fields after ')' start at state (3): utime 14, stime 15, cutime 16, cstime 17
    const n = (k: number) => Number(f[k - 3]);
    return n(14) + n(15) + (children ? n(16) + n(17) : 0);
  } catch {
    return 0;
  }
}
/** CPU seconds of the postmaster, its live children and the children it reaped. */
function pgTicks(): number {
  let t = ticksOf(pgPid, true);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pgPid) t += ticksOf(Number(d), false);
    } catch {
      /* gone */
    }
  }
  return t;
}

async function json<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const r = await fetch(url + path, { ...init, headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) } });
  if (!r.ok) throw new Error(`${path} → ${r.status} ${await r.text()}`);
  return r.json() as Promise<T>;
}

const login = await json<{ token: string }>('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username: args.get('user') ?? 'zheng.kefu', password: args.get('password') ?? 'Demo-pass-2026' }) });
const token = login.token;
const page = await json<{ items: { id: string; name: string }[] }>('/api/v1/customers?limit=100&sort=name:asc', { token });
const sample = page.items;
const city = (n: string) => n.replace(/^(.+?市)/, '');
const { pinyin } = await import('pinyin-pro');
const q = {
  two: sample.map((c) => [...city(c.name)].slice(1, 3).join('')),
  full: sample.map((c) => pinyin([...city(c.name)].slice(0, 2).join(''), { toneType: 'none', type: 'array' }).join('')),
};
type Req = { method: 'GET' | 'POST'; path: string; body?: string };
const lists = ['customerType=direct&sort=name:asc', 'sort=updatedAt:desc', 'importance=important&sort=archiveNo:desc', 'sort=createdAt:desc'];
const filteredLists = ['customerType=direct&sort=name:asc', 'category=partner&sort=updatedAt:desc', 'importance=important&sort=archiveNo:desc', 'region=440300&sort=createdAt:desc'];
let n = 0;
const create = (): Req => ({ method: 'POST', path: '/api/v1/customers', body: JSON.stringify({ name: `压测新建${process.pid}x${n++}贸易有限公司`, customerType: 'dealer', phone: `021-6${String(n % 10_000_000).padStart(7, '0')}`, confirmDuplicate: true }) });
const kinds: Record<string, () => Req> = {
  healthz: () => ({ method: 'GET', path: '/healthz' }),
  search: () => ({ method: 'GET', path: `/api/v1/customers?limit=20&q=${encodeURIComponent(q.two[n++ % q.two.length]!)}` }),
  pinyin: () => ({ method: 'GET', path: `/api/v1/customers?limit=20&q=${encodeURIComponent(q.full[n++ % q.full.length]!)}` }),
  list: () => ({ method: 'GET', path: `/api/v1/customers?limit=50&${lists[n++ % lists.length]}` }),
  detail: () => ({ method: 'GET', path: `/api/v1/customers/${sample[n++ % sample.length]!.id}` }),
  create,
  // the archive scenario's filtered list pages and feedback writes (bench/archive.ts)
  filtered: () => ({ method: 'GET', path: `/api/v1/customers?limit=50&${filteredLists[n++ % filteredLists.length]}` }),
  feedback: () => ({ method: 'POST', path: `/api/v1/customers/${sample[n++ % sample.length]!.id}/feedback`, body: JSON.stringify({ channel: 'phone', date: '2026-11-20', content: '基准压测回访', category: 'service', sentiment: 'neutral' }) }),
};
/** The archive scenario's mixed load (bench/archive.ts): 40 searches, 4 filtered lists, 30 details, 10 feedback writes, 5 creates. */
const archiveMix: [number, string][] = [[40, 'search'], [4, 'filtered'], [30, 'detail'], [10, 'feedback'], [5, 'create']];
const archiveTotal = archiveMix.reduce((a, [w]) => a + w, 0);
const mixed = () => {
  const r = Math.random();
  return r < 0.6 ? kinds.search!() : r < 0.8 ? kinds.list!() : r < 0.95 ? kinds.detail!() : create();
};
const archive = () => {
  let r = Math.random() * archiveTotal;
  for (const [w, k] of archiveMix) if ((r -= w) < 0) return kinds[k]!();
  return kinds.search!();
};
const next = mixName === 'mixed' ? mixed : mixName === 'archive' ? archive : kinds[mixName]!;

const failures: string[] = [];
const ticks0 = { node: ticksOf(serverPid, true), pg: pgTicks(), self: ticksOf(process.pid, true) };
const cpu0 = process.cpuUsage();
const result = await autocannon({
  url,
  connections,
  duration: seconds,
  requests: [{ setupRequest: (req: Record<string, unknown>) => {
    const r = next();
    // each request whole: a body (and its length) left over from a previous request corrupts the next
    return { ...req, ...r, body: r.body, headers: r.body ? { authorization: `Bearer ${token}`, 'content-type': 'application/json' } : { authorization: `Bearer ${token}` } };
  }, onResponse: (status: number, body: string) => { if (status >= 400 && failures.length < 3) failures.push(`${status} ${body.slice(0, 200)}`); } }] as never,
});
const cpu1 = process.cpuUsage(cpu0);
const ticks1 = { node: ticksOf(serverPid, true), pg: pgTicks() };
const done = result.requests.total;
const ms = (t: number) => (t * 1000) / TICK / done;
console.log(JSON.stringify({
  mix: mixName,
  requests: done,
  reqPerSec: Math.round(result.requests.average),
  non2xx: result.non2xx + result.errors + result.timeouts,
  status: { "4xx": result["4xx"], "5xx": result["5xx"] },
  p50: result.latency.p50,
  p97_5: result.latency.p97_5,
  p99: result.latency.p99,
  cpuMsPerRequest: { node: +ms(ticks1.node - ticks0.node).toFixed(3), postgres: +ms(ticks1.pg - ticks0.pg).toFixed(3), total: +ms(ticks1.node - ticks0.node + ticks1.pg - ticks0.pg).toFixed(3) },
  loadGeneratorCpuMsPerRequest: +((cpu1.user + cpu1.system) / 1000 / done).toFixed(3),
  failures,
}));
