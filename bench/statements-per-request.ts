/**
 * Statements per request (PLT-7): how many statements (BEGIN/COMMIT included) the server's
 * run-time role sends to PostgreSQL for one request of each kind, read from pg_stat_statements.
 * The cluster must run with shared_preload_libraries=pg_stat_statements
 * (KEDANG_PG_SETTINGS=shared_preload_libraries=pg_stat_statements).
 *
 *   npx tsx bench/statements-per-request.ts --url http://127.0.0.1:4100 --data-dir DIR [--user kefu1] [--n 20]
 */
import pg from 'pg';
import { benchPgUrl } from './server.js';
import { BENCH_PASSWORD } from './large.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const url = args.get('url') ?? 'http://127.0.0.1:4100';
const n = Number(args.get('n') ?? 20);
const owner = new pg.Client({ connectionString: benchPgUrl(args.get('data-dir')!) });
await owner.connect();
await owner.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');

const login = await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: args.get('user') ?? 'kefu1', password: args.get('password') ?? BENCH_PASSWORD }) })).json() as { token: string };
const headers = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' };
const sample = ((await (await fetch(`${url}/api/v1/customers?limit=100&sort=name:asc`, { headers })).json()) as { items: { id: string; name: string }[] }).items;
let k = 0;
const kinds: Record<string, () => Promise<Response>> = {
  search: () => fetch(`${url}/api/v1/customers?limit=20&q=${encodeURIComponent([...sample[k++ % sample.length]!.name.replace(/^(.+?市)/, '')].slice(1, 3).join(''))}`, { headers }),
  list: () => fetch(`${url}/api/v1/customers?limit=50&sort=updatedAt:desc`, { headers }),
  filtered: () => fetch(`${url}/api/v1/customers?limit=50&${['customerType=direct&sort=name:asc', 'category=partner&sort=updatedAt:desc', 'importance=important&sort=archiveNo:desc', 'region=440300&sort=createdAt:desc'][k++ % 4]}`, { headers }),
  detail: () => fetch(`${url}/api/v1/customers/${sample[k++ % sample.length]!.id}`, { headers }),
  feedback: () => fetch(`${url}/api/v1/customers/${sample[k++ % sample.length]!.id}/feedback`, { method: 'POST', headers, body: JSON.stringify({ channel: 'phone', date: '2026-11-20', content: '基准压测回访', category: 'service', sentiment: 'neutral' }) }),
  create: () => fetch(`${url}/api/v1/customers`, { method: 'POST', headers, body: JSON.stringify({ name: `语句计数${process.pid}x${k++}贸易有限公司`, customerType: 'dealer', confirmDuplicate: true }) }),
};
const appStatements = async () =>
  (await owner.query<{ calls: string; rows: { q: string; calls: string }[] }>(`SELECT coalesce(sum(calls), 0)::text AS calls FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'kedang_app'`)).rows[0]!.calls;
for (const [kind, run] of Object.entries(kinds)) {
  await run(); // warm (principal cache, prepared statements)
  await owner.query('SELECT pg_stat_statements_reset()');
  for (let i = 0; i < n; i++) {
    const r = await run();
    if (r.status >= 400) throw new Error(`${kind} ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  }
  await new Promise((r) => setTimeout(r, 300)); // the statistics are written at statement end; let them settle
  const calls = Number(await appStatements());
  const top = (await owner.query<{ calls: string; q: string }>(`SELECT calls::text, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'kedang_app' ORDER BY calls DESC LIMIT 14`)).rows;
  console.log(JSON.stringify({ kind, requests: n, statementsPerRequest: +(calls / n).toFixed(2) }));
  for (const t of top) console.log(`   ${(Number(t.calls) / n).toFixed(2)}  ${t.q}`);
}
await owner.end();
