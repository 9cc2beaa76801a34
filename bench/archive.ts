/**
 * Archive figures at 1M customers (issue: customer archive, PLT-7): search kinds, filtered list
 * pages with visibility, detail, create/update, and 60 s of mixed load with 50 connections.
 * Queries are derived from real rows of the data set, so every one finds something.
 */
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { pinyin } from 'pinyin-pro';
import { percentile, timeEach, type Figure } from './harness.js';
import { benchPgUrl, freePort, machineBusySeconds, startBenchServer, stopBenchServer, rssMb, type BenchServer } from './server.js';
import { BENCH_PASSWORD } from './large.js';


const pickAt = <T>(xs: T[], i: number) => xs[i % xs.length]!;

/** A search figure is void when more than a tenth of its queries (each taken from a real row) found nothing. */
export const emptyShareInvalid = (empty: number, n: number) => empty * 10 > n;

export async function benchArchive(root: string, dataDir: string): Promise<Figure[]> {
  const s = await startBenchServer(root, dataDir, await freePort(), { NODE_ENV: 'production' });
  try {
    return await measureArchive(s, dataDir);
  } finally {
    await stopBenchServer(s); // also when a step fails: no server is left on the data set
  }
}

async function measureArchive(s: BenchServer, dataDir: string): Promise<Figure[]> {
  const pgUrl = benchPgUrl(dataDir);
  const owner = new pg.Client({ connectionString: pgUrl });
  await owner.connect();
  const sample = (await owner.query<{ id: string; name: string; short_name: string; phone: string; archive_no: string; version: number }>(
    `SELECT id, name, short_name, phone, archive_no, version FROM customers TABLESAMPLE SYSTEM (0.15) WHERE abc_class IS DISTINCT FROM 'A' AND phone IS NOT NULL LIMIT 300` /* A-class archives open in full to their owner and managers only (SEC-3): cs_staff reads the others whole */)).rows;
  const salesUser = 'sales3.7';
  // SEC-6: a sales rep holding 20 active borrowing grants (lists and search must keep their targets)
  const granted = (await owner.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [salesUser])).rows[0]!.id;
  const grantedTo = (await owner.query<{ id: string }>(`SELECT id FROM customers WHERE owner_id <> $1 AND secrecy_level = 'none' ORDER BY id DESC LIMIT 20`, [granted])).rows;
  await owner.query(`DELETE FROM access_requests WHERE requester_id = $1 AND purpose = 'bench'`, [granted]);
  for (const c of grantedTo) {
    const a = await owner.query<{ id: string }>(
      `INSERT INTO approvals (type, state, subject_type, subject_id, customer_id, summary, requester_id, approver_role, approver_rule, expires_at)
       VALUES ('access_request', 'approved', 'customer', $1::text, $1::bigint, 'bench', $2, 'cs_manager', 'SEC-6', now() + interval '1 day') RETURNING id`, [c.id, granted]);
    await owner.query(
      `INSERT INTO access_requests (approval_id, customer_id, requester_id, groups, purpose, duration_minutes, secrecy_level, starts_at, ends_at)
       VALUES ($1, $2, $3, '{basic,contacts}', 'bench', 10080, 'none', now() - interval '1 hour', now() + interval '6 days')`, [a.rows[0]!.id, c.id, granted]);
  }
  // the rep's own search queries come from archives the rep may read (own and granted), not from
  // customer service's sample: a name the rep cannot see rightly finds nothing (SEC-3)
  const repSample = (await owner.query<{ name: string }>(
    `(SELECT name FROM customers WHERE owner_id = $1 AND merged_into IS NULL AND lifecycle IN ('active', 'dormant') ORDER BY id LIMIT 280)
     UNION ALL (SELECT name FROM customers WHERE id = ANY($2::bigint[]))`, [granted, grantedTo.map((c) => c.id)])).rows;
  await owner.end();

  const login = async (username: string) => {
    const r = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
    return ((await r.json()) as { token: string }).token;
  };
  const cs = await login('kefu1');
  const sales = await login(salesUser);
  const get = async (token: string, p: string) => {
    const r = await fetch(`${s.url}${p}`, { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`${p} → ${r.status} ${await r.text()}`);
    return r.json() as Promise<{ items?: unknown[] }>;
  };
  const city = (n: string) => n.replace(/^(.+?市)/, '');
  const brand = (c: (typeof sample)[number]) => [...city(c.name)].slice(0, 2).join('');
  const queries = {
    two: sample.map((c) => [...city(c.name)].slice(1, 3).join('')),
    repTwo: repSample.map((c) => [...city(c.name)].slice(1, 3).join('')),
    one: sample.map((c) => [...city(c.name)][0]!),
    initials: sample.map((c) => pinyin(brand(c), { pattern: 'first', toneType: 'none', type: 'array' }).join('') + pinyin([...city(c.name)].slice(2, 4).join(''), { pattern: 'first', toneType: 'none', type: 'array' }).join('')),
    full: sample.map((c) => pinyin(brand(c), { toneType: 'none', type: 'array' }).join('')),
    phone: sample.map((c) => c.phone.replace(/\D/g, '').slice(-8)),
    archiveNo: sample.map((c) => c.archive_no),
  };
  const search = async (token: string, kind: keyof typeof queries, n = 100) => {
    for (let i = 0; i < 10; i++) await get(token, `/api/v1/customers?limit=20&q=${encodeURIComponent(pickAt(queries[kind], i))}`); // warm
    let empty = 0;
    const t = await timeEach(n, async (i) => {
      const r = await get(token, `/api/v1/customers?limit=20&q=${encodeURIComponent(pickAt(queries[kind], i + 7))}`);
      if (!r.items?.length) empty++;
    });
    return { p95: percentile(t, 95), p50: percentile(t, 50), empty, n };
  };
  const figures: Figure[] = [];
  const add = (name: string, r: { p95: number; p50: number; empty?: number; n?: number }, target: number) =>
    figures.push({
      name, value: r.p95, unit: 'ms', target, better: 'lower', note: `p50 ${r.p50.toFixed(1)} ms${r.empty ? `, ${r.empty} empty results` : ''}`,
      // every query is taken from a real row: a search that mostly finds nothing measured an empty path (issue 12 item 3)
      ...(r.n && emptyShareInvalid(r.empty ?? 0, r.n) ? { invalid: `${r.empty} of ${r.n} queries found nothing` } : {}),
    });

  add('search: 2-character Chinese substring p95', await search(cs, 'two'), 50);
  add('search: 1 Chinese character p95', await search(cs, 'one'), 50);
  add('search: pinyin initials p95', await search(cs, 'initials'), 50);
  add('search: full pinyin p95', await search(cs, 'full'), 50);
  add('search: phone digits (8) p95', await search(cs, 'phone'), 50);
  add('search: archive number p95', await search(cs, 'archiveNo'), 50);
  add('search: 2 characters as a sales rep with 20 active grants p95', await search(sales, 'repTwo'), 50);

  const lists = ['customerType=direct&sort=name:asc', 'category=partner&sort=updatedAt:desc', 'importance=important&sort=archiveNo:desc', 'region=440300&sort=createdAt:desc'];
  for (const [who, token] of [['sales', sales], ['cs_staff', cs]] as const) {
    const t = await timeEach(200, async (i) => void (await get(token, `/api/v1/customers?limit=50&${pickAt(lists, i)}`)));
    add(`filtered sorted list page of 50, ${who}${who === 'sales' ? ' with 20 active grants' : ''} p95`, { p95: percentile(t, 95), p50: percentile(t, 50) }, 30);
  }

  const detail = await timeEach(200, async (i) => {
    const id = pickAt(sample, i).id;
    await Promise.all([get(cs, `/api/v1/customers/${id}`), get(cs, `/api/v1/customers/${id}/contacts`), get(cs, `/api/v1/customers/${id}/transactions?limit=5`)]);
  });
  add('customer detail + contacts + last transactions (audited) p95', { p95: percentile(detail, 95), p50: percentile(detail, 50) }, 20);

  const headers = { authorization: `Bearer ${cs}`, 'content-type': 'application/json' };
  const creates = await timeEach(200, async (i) => {
    const r = await fetch(`${s.url}/api/v1/customers`, { method: 'POST', headers, body: JSON.stringify({ name: `基准新建${Date.now()}${i}贸易有限公司`, customerType: 'dealer', phone: `021-6${String(i).padStart(7, '0')}`, confirmDuplicate: true }) });
    if (r.status !== 201) throw new Error(`create ${r.status}`);
  });
  add('create a customer p95', { p95: percentile(creates, 95), p50: percentile(creates, 50) }, 25);
  const versions = new Map(sample.map((c) => [c.id, c.version]));
  const updates = await timeEach(200, async (i) => {
    const c = pickAt(sample, i);
    const r = await fetch(`${s.url}/api/v1/customers/${c.id}`, { method: 'PATCH', headers, body: JSON.stringify({ version: versions.get(c.id), remarks: `基准更新 ${i}` }) });
    if (r.status !== 200) throw new Error(`update ${r.status} ${await r.text()}`);
    versions.set(c.id, ((await r.json()) as { version: number }).version);
  });
  add('update a customer p95', { p95: percentile(updates, 95), p50: percentile(updates, 50) }, 25);

  // 60 s mixed load, 50 connections: searches, lists, details, feedback writes
  let maxRss = 0;
  const rssTimer = setInterval(() => (maxRss = Math.max(maxRss, rssMb(s.child.pid!))), 500);
  const mix = [
    ...sample.slice(0, 40).map((c, i) => ({ method: 'GET' as const, path: `/api/v1/customers?limit=20&q=${encodeURIComponent(pickAt(queries.two, i))}` })),
    ...lists.map((l) => ({ method: 'GET' as const, path: `/api/v1/customers?limit=50&${l}` })),
    ...sample.slice(0, 30).map((c) => ({ method: 'GET' as const, path: `/api/v1/customers/${c.id}` })),
    ...sample.slice(0, 10).map((c) => ({ method: 'POST' as const, path: `/api/v1/customers/${c.id}/feedback`, body: JSON.stringify({ channel: 'phone', date: '2026-11-20', content: '基准压测回访', category: 'service', sentiment: 'neutral' }) })),
    // archive creates (issue 12: concurrent creates wait on the gap-free archive number)
    ...Array.from({ length: 5 }, (_, i) => ({ method: 'POST' as const, path: '/api/v1/customers', body: JSON.stringify({ name: `压测新建${i}贸易有限公司`, customerType: 'dealer', confirmDuplicate: true }) })),
  ];
  // the load generator runs in this process, not the server's: its CPU share is reported beside the
  // server's (Node and PostgreSQL: the rest of the machine's busy time) per request
  const busy0 = machineBusySeconds();
  const self0 = process.cpuUsage();
  // issue 12: "creates must stop queueing: ≤ 100 ms p95 under that load". Beside the 50 connections,
  // one create at a time (every 200 ms) is timed on its own, and a detail read the same way: what
  // any request waits under this load, for comparison. Their CPU counts in the load generator's share.
  let probing = true;
  const probe = async (run: (i: number) => Promise<void>) => {
    const times: number[] = [];
    for (let i = 0; probing; i++) {
      const t0 = performance.now();
      await run(i);
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 200));
    }
    return times;
  };
  const createProbe = probe(async (i) => {
    const r = await fetch(`${s.url}/api/v1/customers`, { method: 'POST', headers, body: JSON.stringify({ name: `压测探针${Date.now()}${i}贸易有限公司`, customerType: 'dealer', confirmDuplicate: true }) });
    if (r.status !== 201) throw new Error(`create under load ${r.status} ${await r.text()}`);
  });
  const readProbe = probe(async (i) => void (await get(cs, `/api/v1/customers/${pickAt(sample, i + 7).id}`)));
  for (const p of [createProbe, readProbe]) p.catch(() => undefined); // a failed probe fails the run below, after the load
  let load: autocannon.Result;
  try {
    load = await autocannon({ url: s.url, connections: 50, duration: 60, headers, requests: mix.sort(() => 0.5 - Math.random()) as never });
  } finally {
    probing = false;
  }
  const [probedCreates, probedReads] = await Promise.all([createProbe, readProbe]);
  const self = process.cpuUsage(self0);
  const busy = machineBusySeconds() - busy0;
  clearInterval(rssTimer);
  const selfSeconds = (self.user + self.system) / 1e6;
  const serverMsPerRequest = load.requests.total > 0 ? ((busy - selfSeconds) * 1000) / load.requests.total : 0;
  const errors = load.errors + load.non2xx + load.timeouts;
  figures.push({
    name: 'mixed load, 50 connections, 60 s', value: load.requests.average, unit: 'req/s', target: 1000, better: 'higher',
    note: `${errors} errors/non-2xx, latency p50 ${load.latency.p50} ms p99 ${load.latency.p99} ms; load generator ${busy > 0 ? ((100 * selfSeconds) / busy).toFixed(0) : '?'} % of the CPU used, server and PostgreSQL ${serverMsPerRequest.toFixed(2)} ms CPU per request`,
  });
  figures.push({ name: 'errors under mixed load', value: errors, unit: '', target: 0, better: 'lower' });
  figures.push({
    name: 'create a customer p95 under the mixed load', value: percentile(probedCreates, 95), unit: 'ms', target: 100, better: 'lower',
    note: `p50 ${percentile(probedCreates, 50).toFixed(1)} ms, ${probedCreates.length} creates one at a time beside the 50 connections; a detail read timed the same way: p95 ${percentile(probedReads, 95).toFixed(1)} ms, p50 ${percentile(probedReads, 50).toFixed(1)} ms`,
  });
  figures.push({ name: 'server RSS under load (max)', value: maxRss, unit: 'MB', target: 300, better: 'lower' });
  return figures;
}
