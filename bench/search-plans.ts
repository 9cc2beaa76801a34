/**
 * PLT-7 the search box's candidate statement planned for its parameters (custom) and once for any
 * (generic): planning and execution times from EXPLAIN (ANALYZE) EXECUTE on one connection, and
 * the plan's nodes. On a running cluster of a generated set (never on /work/bench/large itself):
 *
 *   KEDANG_DATA_DIR=DIR KEDANG_MEASURE_URL=postgres://kedang:…@127.0.0.1:PORT/kedang npx tsx bench/search-plans.ts [user …]
 *
 * Users default to one of each role that searches differently (customer service sees every
 * ordinary archive; a sales rep's visibility is a union of branches).
 */
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/server/db/schema.js';
import type { Principal } from '../src/server/modules/auth/principal.js';
import { listCustomers } from '../src/server/modules/customers/customers.service.js';
import { loadKeyring, useKeyring } from '../src/server/shared/keyring.js';

const url = process.env['KEDANG_MEASURE_URL'];
if (!url) throw new Error("set KEDANG_MEASURE_URL to the generated set's database");
const pool = new pg.Pool({ connectionString: url, max: 2 }); // one for the service, one held for EXPLAIN
// rows are opened like the server does (SEC-12): the data directory's key file, or KEDANG_SECRET_KEY
useKeyring(loadKeyring({ secretKey: process.env['KEDANG_SECRET_KEY'], dataDir: process.env['KEDANG_DATA_DIR'] ?? './data-bench-large' }));
let captured: { sql: string; params: readonly unknown[] }[] = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e: LogEvent) => void (e.level === 'query' && captured.push({ sql: e.query.sql, params: e.query.parameters })) });

const names = process.argv.slice(2);
const users = names.length
  ? await db.selectFrom('users').select(['id', 'username', 'roles']).where('username', 'in', names).execute()
  : [
      ...(await db.selectFrom('users').select(['id', 'username', 'roles']).where(sql<boolean>`'cs_staff' = ANY(roles)`).where('disabled', '=', false).orderBy('id').limit(1).execute()),
      ...(await db.selectFrom('users').select(['id', 'username', 'roles']).where(sql<boolean>`'sales' = ANY(roles)`).where('disabled', '=', false).orderBy('id').limit(1).execute()),
    ];
const sample = await db.selectFrom('customers').select('name').orderBy('id').limit(200).execute();
const city = (n: string) => n.replace(/^(.+?市)/, '');
const entries = process.env['ENTRIES'] ? process.env['ENTRIES'].split(',') : [...new Set(sample.map((c) => [...city(c.name)].slice(1, 3).join('')))].slice(0, 8);

const client = await pool.connect();
const lit = (v: unknown): string => {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return client.escapeLiteral(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (v instanceof Date) return client.escapeLiteral(v.toISOString());
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return client.escapeLiteral(String(v));
};
type Plan = { Plan: { 'Node Type': string; Plans?: Plan['Plan'][]; 'Index Name'?: string; 'Relation Name'?: string }; 'Planning Time': number; 'Execution Time': number };
const nodes = (p: Plan['Plan']): string[] => [`${p['Node Type']}${p['Index Name'] ? ` ${p['Index Name']}` : p['Relation Name'] ? ` ${p['Relation Name']}` : ''}`, ...(p.Plans ?? []).flatMap(nodes)];

for (const u of users) {
  const p = { userId: u.id, roles: u.roles, managesDepartments: false } as unknown as Principal;
  const totals = { custom: { plan: 0, exec: 0 }, generic: { plan: 0, exec: 0 } };
  let shown = false;
  for (const q of entries) {
    captured = [];
    // LIST=1: the list page (no search) sorted by each entry, e.g. ENTRIES=updatedAt:desc,name:asc
    await listCustomers(db, p, (process.env['LIST'] ? { sort: q, limit: 50 } : { q, limit: 20 }) as never);
    const stmt = captured[0]!; // the candidate statement is the search's first
    await client.query('DEALLOCATE ALL');
    await client.query(`PREPARE s AS ${stmt.sql}`);
    const args = stmt.params.length ? `(${stmt.params.map(lit).join(', ')})` : '';
    for (const mode of ['custom', 'generic'] as const) {
      await client.query(`SET plan_cache_mode = force_${mode}_plan`);
      let last: Plan | null = null;
      for (let i = 0; i < 4; i++) last = ((await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE s${args}`)).rows[0] as { 'QUERY PLAN': Plan[] })['QUERY PLAN'][0]!;
      totals[mode].plan += last!['Planning Time'] ?? 0;
      totals[mode].exec += last!['Execution Time'];
      if (!shown) console.log(`${u.username} ${mode} plan for "${q}": ${nodes(last!.Plan).join(' > ')}`);
    }
    shown = true;
  }
  const n = entries.length;
  console.log(
    `${u.username} (${(u.roles as string[]).join(',')}), ${n} entries: custom planning ${(totals.custom.plan / n).toFixed(2)} ms + execution ${(totals.custom.exec / n).toFixed(2)} ms; generic planning ${(totals.generic.plan / n).toFixed(2)} ms + execution ${(totals.generic.exec / n).toFixed(2)} ms`,
  );
  await client.query('RESET plan_cache_mode');
}
client.release();
await db.destroy();
