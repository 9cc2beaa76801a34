/**
 * Import and export figures (ARC-12): 100,000 customers from an .xlsx generated here (upload →
 * dry run → commit through the HTTP resource) with the server's peak RSS, the CLI's dry run of
 * the same file with its peak RSS, the server's /healthz latency while the import runs, and the
 * export of the 100,000 rows as xlsx and csv. Own data directory (./data-bench-imports).
 */
import { spawn } from 'node:child_process';
import { openAsBlob, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { company, seededRng } from '../src/server/seed/generate.js';
import { percentile, type Figure } from './harness.js';
import { freePort, rssMb, startBenchServer, stopBenchServer } from './server.js';

const ADMIN_PASSWORD = 'Bench-admin-pass-2026';
const ROWS = 100_000;
const typesZh = { distributor: '分销商', direct: '直销客户', manufacturer: '制造商', dealer: '经销商' } as Record<string, string>;

function sampleRss(pid: number) {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  return () => (clearInterval(timer), peak);
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU ticks of a process (user + system), with those of the children it has reaped when asked. */
function ticksOf(pid: number, reaped: boolean): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on: utime 14, stime 15, cutime 16, cstime 17
    const n = (k: number) => Number(f[k - 3]);
    return n(14) + n(15) + (reaped ? n(16) + n(17) : 0);
  } catch {
    return 0;
  }
}

/** CPU ticks of a PostgreSQL cluster: the postmaster, its live children and the children it reaped. */
function clusterTicks(postmaster: number): number {
  let t = ticksOf(postmaster, true);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) t += ticksOf(Number(d), false);
    } catch {
      /* gone */
    }
  }
  return t;
}

/** CPU seconds of the server's Node process and of its cluster since the call, read from /proc (Linux; 0 elsewhere). */
function cpuMeter(serverPid: number, dataDir: string) {
  let postmaster = 0;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    /* an external cluster: not measured */
  }
  const read = () => ({ node: ticksOf(serverPid, true), pg: postmaster ? clusterTicks(postmaster) : 0 });
  const start = read();
  return () => {
    const now = read();
    return { node: (now.node - start.node) / TICKS_PER_SECOND, pg: (now.pg - start.pg) / TICKS_PER_SECOND };
  };
}
const cpuText = (c: { node: number; pg: number }) => `CPU server ${c.node.toFixed(1)} s + PostgreSQL ${c.pg.toFixed(1)} s`;

/** 100,000 realistic customers with the template's Chinese headers, written with exceljs' streaming writer. */
export async function writeXlsx(file: string, rows = ROWS) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: true });
  const ws = wb.addWorksheet('客户档案');
  ws.addRow(['客户名称', '简称', '客户类型', '电话', '电子邮件', '地址', '地区代码', '成立日期', '注册资金', '职工人数', '所属行业', '客户类别']).commit();
  const rng = seededRng(20260301);
  for (let i = 0; i < rows; i++) {
    const g = company(rng, 5_000_000 + i);
    ws.addRow([`${g.name}${i}`, g.shortName, typesZh[g.customerType] ?? '经销商', g.phone, g.email, g.address, g.region, g.foundedOn, g.registeredCapital, g.employeeCount, g.industry, '潜在客户']).commit();
  }
  ws.commit();
  await wb.commit();
}

export async function benchImports(root: string, dataDir: string): Promise<Figure[]> {
  rmSync(dataDir, { recursive: true, force: true });
  const file = path.join(dataDir + '-files', 'customers-100k.xlsx');
  rmSync(path.dirname(file), { recursive: true, force: true });
  (await import('node:fs')).mkdirSync(path.dirname(file), { recursive: true });
  let t0 = performance.now();
  await writeXlsx(file);
  const genSeconds = (performance.now() - t0) / 1000;
  const port = await freePort(); // another session's benchmark server may hold any fixed port
  const s = await startBenchServer(root, dataDir, port, { KEDANG_ADMIN_PASSWORD: ADMIN_PASSWORD });
  try {
    const post = (p: string, body: unknown, token?: string) => fetch(`${s.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const admin = ((await (await post('/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).json()) as { token: string }).token;
    const dept = (await (await fetch(`${s.url}/api/v1/departments?limit=1`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { items: { id: string }[] };
    await post('/api/v1/users', { username: 'bench.archivist', displayName: '档案员', password: 'Bench-archivist-2026', departmentId: dept.items[0]!.id, roles: ['cs_staff', 'archivist'], mustChangePassword: false }, admin);
    const token = ((await (await post('/api/v1/auth/login', { username: 'bench.archivist', password: 'Bench-archivist-2026' })).json()) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };

    // the server's responsiveness while the import runs
    const pings: number[] = [];
    let pinging = true;
    let failures = 0;
    const pinger = (async () => {
      while (pinging) {
        const p0 = performance.now();
        const ok = await fetch(`${s.url}/healthz`).then((r) => r.arrayBuffer().then(() => true), () => false);
        if (!ok) {
          failures++;
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        pings.push(performance.now() - p0);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const peak = sampleRss(s.child.pid!);
    const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const dryCpu = cpuMeter(s.child.pid!, dataDir);
    t0 = performance.now();
    const form = new FormData();
    form.set('entity', 'customers');
    form.set('file', await openAsBlob(file), 'customers-100k.xlsx');
    const created = (await (await fetch(`${s.url}/api/v1/imports`, { method: 'POST', headers: auth, body: form })).json()) as { id: string; status: string };
    if (!created.id) throw new Error(`upload: ${JSON.stringify(created)}`);
    const until = async (done: (j: { status: string }) => boolean) => {
      for (;;) {
        const j = (await (await fetch(`${s.url}/api/v1/imports/${created.id}`, { headers: auth })).json()) as { status: string; errorRows: number; committedRows: number; skippedRows: number; message: string | null };
        if (done(j)) return j;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const validated = await until((j) => j.status !== 'validating');
    const dryRunSeconds = (performance.now() - t0) / 1000;
    const dryRunCpu = dryCpu();
    if (validated.status !== 'validated' || validated.errorRows) throw new Error(`dry run: ${JSON.stringify(validated)}`);
    const c0 = performance.now();
    const commitMeter = cpuMeter(s.child.pid!, dataDir);
    await post(`/api/v1/imports/${created.id}/commit`, {}, token);
    const committed = await until((j) => j.status !== 'committing');
    const commitSeconds = (performance.now() - c0) / 1000;
    const commitCpu = commitMeter();
    const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const importSeconds = (performance.now() - t0) / 1000;
    const serverPeak = peak();
    pinging = false;
    await pinger;
    if (committed.status !== 'committed' || committed.committedRows + committed.skippedRows !== ROWS) throw new Error(`commit: ${JSON.stringify(committed)}`);

    // the CLI's dry run of the same file, attached to the running server's database
    const c1 = performance.now();
    const cli = spawn(process.execPath, [path.join(root, 'bin/kedang.js'), 'import', file, '--entity', 'customers', '--dry-run', '--duplicates', 'create'], { env: { ...process.env, KEDANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const cliPeak = sampleRss(cli.pid!);
    let cliOut = '';
    cli.stdout!.on('data', (d) => (cliOut += d));
    const cliCode = await new Promise<number>((r) => cli.once('exit', (c) => r(c ?? -1)));
    const cliRss = cliPeak();
    const cliSeconds = (performance.now() - c1) / 1000;

    const exportTime = async (format: string) => {
      const e0 = performance.now();
      const r = await fetch(`${s.url}/api/v1/exports/customers?format=${format}&columns=archiveNo,name,customerType,phone,email,address,region,foundedOn,registeredCapital,employeeCount,industry,category`, { headers: auth });
      const bytes = (await r.arrayBuffer()).byteLength;
      return { seconds: (performance.now() - e0) / 1000, bytes };
    };
    // the first read of 100,000 rows just committed also sets their hint bits (PostgreSQL writes each
    // page once): that first export is reported in the note, the figure is the export of settled rows
    const first = await exportTime('xlsx');
    const xlsx = await exportTime('xlsx');
    const csv = await exportTime('csv');
    return [
      { name: 'import 100,000 customers from xlsx (upload → dry run → commit)', value: importSeconds, unit: 's', target: 60, better: 'lower', note: `dry run ${dryRunSeconds.toFixed(1)} s (${cpuText(dryRunCpu)}), commit ${commitSeconds.toFixed(1)} s (${cpuText(commitCpu)}); load average ${load0} → ${load1}; file ${(statSync(file).size / 1048576).toFixed(1)} MB generated in ${genSeconds.toFixed(1)} s` },
      { name: 'server RSS peak during the import', value: serverPeak, unit: 'MB', target: 500, better: 'lower' },
      { name: 'CLI dry run of the 100,000-row xlsx: peak RSS', value: cliRss, unit: 'MB', target: 500, better: 'lower', note: `${cliSeconds.toFixed(1)} s, exit ${cliCode}${cliCode === 0 ? '' : ' ' + cliOut.slice(-200)}` },
      { name: 'GET /healthz p95 while importing', value: percentile(pings, 95), unit: 'ms', target: 1000, better: 'lower', note: `max ${Math.round(Math.max(...pings))} ms over ${pings.length} requests${failures ? `, ${failures} failed` : ''}` },
      { name: 'export 100,000 customers as xlsx', value: xlsx.seconds, unit: 's', target: 20, better: 'lower', note: `${(xlsx.bytes / 1048576).toFixed(1)} MB; the first export straight after the import took ${first.seconds.toFixed(1)} s (its reads set the new rows' hint bits)` },
      { name: 'export 100,000 customers as csv', value: csv.seconds, unit: 's', target: 20, better: 'lower', note: `${(csv.bytes / 1048576).toFixed(1)} MB` },
    ];
  } finally {
    await stopBenchServer(s);
    rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
