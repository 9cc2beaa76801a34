/**
 * `npm run chaos` (PLT-8): kill -9 of the server during 1,000 concurrent writes (archive creates,
 * updates, feedback, document uploads), N rounds in a row (default 20; `--rounds N` or
 * CHAOS_ROUNDS). After each restart: every acknowledged (2xx) write is present, none is
 * half-applied (an archive without its history, search rows or audit event; a document without
 * its file), and `kedang audit verify` passes. Exits 1 at the first violation.
 *
 *   npm run chaos -- --rounds 5 [--writes 1000] [--data-dir DIR] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchPgUrl, startBenchServer, type BenchServer } from '../bench/server.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({ options: { rounds: { type: 'string' }, writes: { type: 'string' }, 'data-dir': { type: 'string' }, keep: { type: 'boolean' } } });
const rounds = Number(values.rounds ?? process.env.CHAOS_ROUNDS ?? 20);
const writes = Number(values.writes ?? 1000);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(writes) || writes < 10) {
  console.error('usage: npm run chaos -- [--rounds N (≥ 1)] [--writes N (≥ 10)] [--data-dir DIR] [--keep]');
  process.exit(2);
}
const dataDir = path.resolve(values['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'kedang-chaos-')));
const port = 3800 + Math.floor(Math.random() * 100);
const ADMIN = 'Chaos-admin-pass-2026';
const SALES = 'Chaos-sales-pass-2026';
const env = { KEDANG_ADMIN_PASSWORD: ADMIN, LOG_LEVEL: 'fatal' };

type Ack =
  | { kind: 'create'; id: string; name: string }
  | { kind: 'update'; id: string; marker: string }
  | { kind: 'feedback'; id: string; marker: string }
  | { kind: 'document'; id: string };

async function api(s: BenchServer, method: string, p: string, token: string | null, body?: unknown) {
  const r = await fetch(`${s.url}${p}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: r.status, json: (await r.json().catch(() => null)) as Record<string, unknown> | null };
}

function fail(message: string): never {
  console.error(`\nFAIL: ${message}\n(data kept in ${dataDir})`);
  process.exit(1);
}

const t0 = Date.now();
console.log(`chaos: ${rounds} rounds of kill -9 during ${writes} concurrent writes; data in ${dataDir}`);
let server = await startBenchServer(root, dataDir, port, env);
const admin = (await api(server, 'POST', '/api/v1/auth/login', null, { username: 'admin', password: ADMIN })).json!.token as string;
const dept = (await api(server, 'GET', '/api/v1/departments', admin)).json as { items?: { id: string }[] } | null;
const departmentId = dept?.items?.[0]?.id ?? ((await api(server, 'POST', '/api/v1/departments', admin, { name: '混沌测试部' })).json!.id as string);
const u = await api(server, 'POST', '/api/v1/users', admin, { username: 'chaos.sales', displayName: '混沌销售', password: SALES, departmentId, roles: ['sales'], mustChangePassword: false });
if (u.status !== 201) fail(`could not create the sales user: ${u.status} ${JSON.stringify(u.json)}`);
const token = (await api(server, 'POST', '/api/v1/auth/login', null, { username: 'chaos.sales', password: SALES })).json!.token as string;
const seed: string[] = [];
for (let i = 0; i < 200; i++) {
  const r = await api(server, 'POST', '/api/v1/customers', token, { name: `混沌种子${i}商贸有限公司`, customerType: 'dealer', confirmDuplicate: true });
  if (r.status !== 201) fail(`seed customer: ${r.status}`);
  seed.push(r.json!.id as string);
}

const acked: Ack[] = [];
const figures: { round: number; sent: number; acked: number; refused: number; cut: number; killAfterMs: number; restartMs: number }[] = [];
for (let round = 1; round <= rounds; round++) {
  const owner = new pg.Client({ connectionString: benchPgUrl(dataDir) });
  owner.on('error', () => {});
  await owner.connect();
  const versions = new Map((await owner.query<{ id: string; version: number }>('SELECT id, version FROM customers WHERE id = ANY($1)', [seed])).rows.map((r) => [r.id, r.version]));
  await owner.end();
  let ok = 0;
  let refused = 0;
  // the kill comes after a random share (10–60 %) of the writes were acknowledged: in the thick of them, whatever the machine's speed
  const killAt = Math.floor(writes * (0.1 + Math.random() * 0.5));
  let reached: () => void = () => {};
  const killPoint = new Promise<void>((r) => (reached = r));
  const acknowledged = () => {
    ok++;
    if (ok >= killAt) reached();
  };
  let cut = 0;
  const s = server;
  const one = async (i: number): Promise<void> => {
    const tag = `r${round}w${i}`;
    try {
      const kind = i % 20 < 8 ? 'create' : i % 20 < 12 ? 'update' : i % 20 < 17 ? 'feedback' : 'document';
      const target = seed[i % seed.length]!;
      if (kind === 'create') {
        const name = `混沌${tag}科技有限公司`;
        const r = await api(s, 'POST', '/api/v1/customers', token, { name, customerType: 'direct', confirmDuplicate: true });
        if (r.status === 201) (acked.push({ kind, id: r.json!.id as string, name }), acknowledged());
        else refused++;
      } else if (kind === 'update') {
        const marker = `混沌更新 ${tag}`;
        const r = await api(s, 'PATCH', `/api/v1/customers/${target}`, token, { version: versions.get(target), remarks: marker });
        if (r.status === 200) (acked.push({ kind, id: target, marker }), acknowledged());
        else refused++; // 409: another write of this round took the version first
      } else if (kind === 'feedback') {
        const marker = `混沌回访 ${tag}`;
        const r = await api(s, 'POST', `/api/v1/customers/${target}/feedback`, token, { channel: 'phone', date: '2026-11-20', content: marker, category: 'service', sentiment: 'neutral' });
        if (r.status === 201) (acked.push({ kind, id: r.json!.id as string, marker }), acknowledged());
        else refused++;
      } else {
        const form = new FormData();
        form.set('kind', 'original');
        form.set('title', `混沌文件 ${tag}`);
        form.set('file', new Blob([`chaos document ${tag}\n`.repeat(50)], { type: 'text/plain' }), `${tag}.txt`);
        const r = await fetch(`${s.url}/api/v1/customers/${target}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
        if (r.status === 201) (acked.push({ kind, id: ((await r.json()) as { id: string }).id }), acknowledged());
        else refused++;
      }
    } catch {
      cut++; // the connection died with the server: not acknowledged
    }
  };
  const started = Date.now();
  const all = Promise.all(Array.from({ length: writes }, (_, i) => one(i)));
  await Promise.race([killPoint, all]);
  const killAfterMs = Date.now() - started;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGKILL');
  await exited;
  await all;
  const r0 = Date.now();
  server = await startBenchServer(root, dataDir, port, env);
  const restartMs = Date.now() - r0;

  // every acknowledged write is there, whole
  const c = new pg.Client({ connectionString: benchPgUrl(dataDir) });
  c.on('error', () => {});
  await c.connect();
  const q = async (sql: string, p: unknown[]) => Number((await c.query<{ n: string }>(sql, p)).rows[0]!.n);
  const byKind = (k: Ack['kind']) => acked.filter((a) => a.kind === k);
  const creates = byKind('create') as Extract<Ack, { kind: 'create' }>[];
  const found = await q(`SELECT count(*) AS n FROM customers WHERE id = ANY($1::bigint[]) AND name = ANY($2)`, [creates.map((a) => a.id), creates.map((a) => a.name)]);
  if (found !== creates.length) fail(`round ${round}: ${creates.length - found} acknowledged archive creates are missing`);
  const updates = byKind('update') as Extract<Ack, { kind: 'update' }>[];
  const updFound = await q(`SELECT count(DISTINCT h.changes::text) AS n FROM customer_history h WHERE h.customer_id = ANY($1::bigint[]) AND EXISTS (SELECT 1 FROM unnest($2::text[]) m WHERE h.changes::text LIKE '%' || m || '%')`, [updates.map((a) => a.id), updates.map((a) => a.marker)]);
  if (updFound < updates.length) fail(`round ${round}: ${updates.length - updFound} acknowledged updates are missing from the history`);
  const fb = byKind('feedback') as Extract<Ack, { kind: 'feedback' }>[];
  const fbFound = await q(`SELECT count(*) AS n FROM feedback WHERE id = ANY($1::bigint[]) AND content = ANY($2)`, [fb.map((a) => a.id), fb.map((a) => a.marker)]);
  if (fbFound !== fb.length) fail(`round ${round}: ${fb.length - fbFound} acknowledged feedback records are missing`);
  const docs = byKind('document');
  const docFound = await q(`SELECT count(*) AS n FROM documents d WHERE d.id = ANY($1::bigint[]) AND EXISTS (SELECT 1 FROM document_files f WHERE f.document_id = d.id)`, [docs.map((a) => a.id)]);
  if (docFound !== docs.length) fail(`round ${round}: ${docs.length - docFound} acknowledged documents are missing`);
  // nothing half-applied, acknowledged or not
  const pinyinTable = (await c.query<{ t: string | null }>(`SELECT to_regclass('customer_pinyin')::text AS t`)).rows[0]!.t !== null;
  const half = await q(`SELECT count(*) AS n FROM customers c WHERE NOT EXISTS (SELECT 1 FROM customer_history h WHERE h.customer_id = c.id AND h.version = 0)
      ${pinyinTable ? 'OR NOT EXISTS (SELECT 1 FROM customer_pinyin p WHERE p.customer_id = c.id)' : ''} OR NOT EXISTS (SELECT 1 FROM customer_terms t WHERE t.customer_id = c.id)
      OR NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.entity_type = 'customer' AND a.entity_id = c.id::text AND a.action = 'customer.created')`, []);
  if (half) fail(`round ${round}: ${half} archives lack their history, search rows or creation audit event`);
  const storage = path.join(dataDir, 'storage');
  const files = (await c.query<{ document_id: string; storage_key: string }>(`SELECT document_id, storage_key FROM document_files`)).rows;
  const lost = files.filter((f) => !existsSync(path.join(storage, f.storage_key)) && !existsSync(f.storage_key));
  if (lost.length) fail(`round ${round}: ${lost.length} document files are missing from storage (first: document ${lost[0]!.document_id}, ${lost[0]!.storage_key})`);
  await c.end();
  const verify = spawnSync(process.execPath, [path.join(root, 'bin/kedang.js'), 'audit', 'verify'], { env: { ...process.env, KEDANG_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'fatal' }, encoding: 'utf8' });
  if (verify.status !== 0) fail(`round ${round}: kedang audit verify: ${verify.stdout}${verify.stderr}`);
  figures.push({ round, sent: writes, acked: ok, refused, cut, killAfterMs, restartMs });
  console.log(`round ${String(round).padStart(2)}: killed after ${killAfterMs} ms at ${killAt} acknowledged — ${ok} acknowledged, ${refused} refused (409 on a taken version), ${cut} cut by the kill; restart ${restartMs} ms; all present, none half-applied; ${verify.stdout.trim()}`);
}
const exited = new Promise((r) => server.child.once('exit', r));
server.child.kill('SIGTERM');
await exited;
const total = figures.reduce((a, f) => ({ acked: a.acked + f.acked, cut: a.cut + f.cut }), { acked: 0, cut: 0 });
console.log(`\nchaos passed: ${rounds} rounds, ${total.acked} acknowledged writes all present (${acked.length} checked again every round), ${total.cut} cut by kills, restart max ${Math.max(...figures.map((f) => f.restartMs))} ms, ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
if (!values.keep && !values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
