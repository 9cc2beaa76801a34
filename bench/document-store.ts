/**
 * Issue 12 "documents on a storage every instance reaches": the directory store against the
 * PostgreSQL store (KEDANG_DOCUMENT_STORE=postgres), through the same DocumentStorage the product
 * uses: commit (after the upload reached tmp) and a full read, for files of 1 and 10 MiB.
 *   npx tsx bench/document-store.ts [rounds]
 * Prints wall ms per operation (median) and the process's CPU ms per MiB; PostgreSQL's own CPU is
 * not in the process figure, so compare wall time too.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DocumentStorage, type StoredUpload } from '../src/server/modules/documents/documents.storage.js';
import { loadConfig } from '../src/server/config.js';
import { startServer } from '../src/server/main.js';

const rounds = Number(process.argv[2] ?? 8);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-docbench-'));
// the product's own start: embedded PostgreSQL sized as `npm start` sizes it
const running = await startServer({ ...loadConfig({ LOG_LEVEL: 'warn', KEDANG_DATA_DIR: dataDir, NODE_ENV: 'production' }), port: 0, host: '127.0.0.1', databaseUrl: undefined }, () => {});
const root = path.join(dataDir, 'bench-storage');
mkdirSync(root, { recursive: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(label: string, storage: DocumentStorage, mib: number) {
  const commits: number[] = [];
  const reads: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < rounds; i++) {
    const content = randomBytes(mib * 1024 * 1024);
    const tmpPath = path.join(root, `in-${label}-${mib}-${i}.part`);
    writeFileSync(tmpPath, content);
    const upload: StoredUpload = { tmpPath, sha256: createHash('sha256').update(content).digest('hex'), size: content.length, sniff: { detected: undefined, sample: new Uint8Array() } };
    let t0 = performance.now();
    const { storageKey } = await storage.commit(upload);
    commits.push(performance.now() - t0);
    t0 = performance.now();
    const { stream } = await storage.open(storageKey);
    let n = 0;
    for await (const chunk of stream) n += (chunk as Buffer).length;
    reads.push(performance.now() - t0);
    if (n !== content.length) throw new Error(`read ${n} of ${content.length} bytes`);
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label.padEnd(10)} ${String(mib).padStart(3)} MiB  commit ${median(commits).toFixed(1).padStart(7)} ms  read ${median(reads).toFixed(1).padStart(7)} ms  node CPU ${((cpu.user + cpu.system) / 1000 / (rounds * mib)).toFixed(1)} ms/MiB`);
}

try {
  for (const mib of [1, 10]) {
    await run('directory', new DocumentStorage(root), mib);
    await run('postgres', new DocumentStorage(root, running.database.db), mib);
  }
} finally {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
