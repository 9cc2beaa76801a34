import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import type { TestDatabase } from '../../testing/test-database.js';
import { backupFileName, generationsToDelete, storagePathOf } from './backup.rules.js';
import { BackupError, createBackup, restoreBackup } from './backup.service.js';
import { runScheduledBackup } from '../../jobs/backup-job.js';

let t: TestApp;
let dir: string;
const created: string[] = [];

const serverUrl = () => inject('pgServerUrl');
const urlOf = (db: string) => {
  const u = new URL(serverUrl());
  u.pathname = `/${db}`;
  return u.toString();
};
async function emptyDatabase(): Promise<string> {
  const name = `kedang_restore_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await c.end();
  created.push(name);
  return name;
}
const filesOf = (root: string, rel = ''): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, filesOf(root, r));
    else out[r] = createHash('sha256').update(readFileSync(path.join(root, r))).digest('hex');
  }
  return out;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-backup-'));
  t = await createTestApp();
  const u = await t.createUser('ke.fu', ['cs_staff']);
  for (const name of ['上海浦江机电有限公司', '北京燕山化工股份有限公司', "O'Brien\ttab\\slash 公司"]) {
    const r = await t.request('POST', '/api/v1/customers', { token: u.token, body: { name, customerType: 'dealer', remarks: 'line one\nline two', tags: ['甲', '乙'], salesLast3Years: { '2025': '100.50' } } });
    expect(r.statusCode, r.body).toBe(201);
  }
  mkdirSync(path.join(t.config.storage, 'ab/cd'), { recursive: true });
  writeFileSync(path.join(t.config.storage, 'ab/cd/abcd1234'), randomBytes(300_000));
  writeFileSync(path.join(t.config.storage, 'readme.txt'), '营业执照扫描件');
});
afterAll(async () => {
  await t?.close();
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await c.end();
  rmSync(dir, { recursive: true, force: true });
});

async function snapshotOf(url: string) {
  const ownerPool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await snapshotTables({ ownerPool } as unknown as TestDatabase);
  } finally {
    await ownerPool.end();
  }
}

describe('SEC-13 backup and restore', () => {
  it('SEC-13 backup → wipe → restore gives back every table (row counts and content checksums) and every file', async () => {
    const before = await snapshotOf(t.database.url);
    const filesBefore = filesOf(t.config.storage);
    const out = path.join(dir, 'plain.tar.gz');
    const made = await createBackup({ url: t.database.url, storage: t.config.storage, out, encrypt: null });
    expect(made).toMatchObject({ files: 2, encrypted: false });
    expect(made.tables).toBeGreaterThan(20);
    expect(readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    const target = urlOf(await emptyDatabase());
    const storage = path.join(dir, 'restored-storage');
    const restored = await restoreBackup({ url: target, storage, file: out, force: false, key: () => null });
    expect(restored.migrationsApplied).toEqual([]);
    expect(await snapshotOf(target)).toEqual(before);
    expect(filesOf(storage)).toEqual(filesBefore);
    // the restored system works: the app role reads it and the sequences moved on
    const c = new pg.Client({ connectionString: target, options: '-c role=kedang_app' });
    await c.connect();
    const r = await c.query(`INSERT INTO departments (name) VALUES ('新部门') RETURNING id`);
    expect(Number(r.rows[0].id)).toBeGreaterThan(1);
    await c.end();

    // a non-empty target is refused without --force and replaced with it
    await expect(restoreBackup({ url: target, storage, file: out, force: false, key: () => null })).rejects.toThrow(/not empty/);
    await restoreBackup({ url: target, storage, file: out, force: true, key: () => null });
    expect(await snapshotOf(target)).toEqual(before);
  });

  it('SEC-13 an encrypted backup (AES-256-GCM, passphrase) restores only with its passphrase; an altered file is refused and nothing is written', async () => {
    const out = path.join(dir, 'enc.kdbk');
    await createBackup({ url: t.database.url, storage: t.config.storage, out, encrypt: { kind: 'passphrase', passphrase: 'correct horse battery staple' } });
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 4).toString()).toBe('KDBK');
    expect(bytes.includes(Buffer.from('上海浦江机电'))).toBe(false);
    const target = urlOf(await emptyDatabase());
    const storage = path.join(dir, 'enc-storage');
    await expect(restoreBackup({ url: target, storage, file: out, force: false, key: () => ({ kind: 'passphrase', passphrase: 'wrong passphrase!!' }) })).rejects.toBeInstanceOf(BackupError);
    const tampered = path.join(dir, 'tampered.kdbk');
    const copy = Buffer.from(bytes);
    copy[copy.length - 100]! ^= 0xff;
    writeFileSync(tampered, copy);
    await expect(restoreBackup({ url: target, storage, file: tampered, force: false, key: () => ({ kind: 'passphrase', passphrase: 'correct horse battery staple' }) })).rejects.toThrow(/decrypted|damaged|checksum/);
    expect(await snapshotOf(target)).toEqual({});
    await restoreBackup({ url: target, storage, file: out, force: false, key: () => ({ kind: 'passphrase', passphrase: 'correct horse battery staple' }) });
    expect(await snapshotOf(target)).toEqual(await snapshotOf(t.database.url));
  });

  it('SEC-13 generations: the newest N backups are kept and nothing else is touched; unsafe entry names are refused', () => {
    const files = ['kedang-backup-20260101-033000.tar.gz', 'kedang-backup-20260102-033000.kdbk', 'kedang-backup-20260103-033000.tar.gz', 'notes.txt', 'kedang-backup-20251231-033000.tar.gz'];
    expect(generationsToDelete(files, 2)).toEqual(['kedang-backup-20251231-033000.tar.gz', 'kedang-backup-20260101-033000.tar.gz']);
    expect(generationsToDelete(files, 10)).toEqual([]);
    expect(generationsToDelete(files, 0)).toHaveLength(3);
    expect(backupFileName(new Date('2026-03-01T03:30:00Z'), true)).toBe('kedang-backup-20260301-033000.kdbk');
    expect(storagePathOf('storage/ab/cd/x')).toBe('ab/cd/x');
    for (const bad of ['storage/../etc/passwd', 'storage//x', 'storage/a/../../b', '/etc/passwd', 'storage/', 'db/x', 'storage/a\\b']) expect(storagePathOf(bad)).toBeNull();
  });

  it('SEC-13 the scheduled backup writes an encrypted generation, removes all but the newest N and is audited', async () => {
    const backupDir = path.join(dir, 'scheduled');
    mkdirSync(backupDir, { recursive: true });
    for (const old of ['kedang-backup-20200101-033000.kdbk', 'kedang-backup-20200102-033000.kdbk', 'keep-me.txt']) writeFileSync(path.join(backupDir, old), 'x');
    const config = { ...t.config, backupDir, backupKeep: 2, backupPassphrase: 'scheduled passphrase 2026' };
    const r = await runScheduledBackup(t.database.url, t.database.db, config, new Date('2026-03-01T03:30:00Z'));
    expect(r.encrypted).toBe(true);
    expect(r.removed).toEqual(['kedang-backup-20200101-033000.kdbk']);
    expect(readdirSync(backupDir).sort()).toEqual(['kedang-backup-20200102-033000.kdbk', 'kedang-backup-20260301-033000.kdbk', 'keep-me.txt']);
    const audit = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'system.backup_created').execute();
    expect(audit).toHaveLength(1);
  });
});

describe('SEC-12 a backup names the keys of its personal data (issue 11 item 14)', () => {
  it('SEC-12 a restore into a system without the key that sealed the personal data refuses, in one sentence, and changes nothing', async () => {
    const gm = await t.createUser('key.gm', ['gm']);
    const c = await t.request('POST', '/api/v1/customers', { token: gm.token, body: { name: '密钥测试贸易有限公司', customerType: 'dealer', bankAccount: '6222 0000 1111 2222' } });
    expect(c.statusCode, c.body).toBe(201);
    const out = path.join(dir, 'keys.tar.gz');
    await createBackup({ url: t.database.url, storage: t.config.storage, out, encrypt: null });
    const target = await emptyDatabase();
    const storage = path.join(dir, 'keys-storage');
    const refused = await restoreBackup({ url: urlOf(target), storage, file: out, force: false, key: () => null, keyIds: ['0badc0de'] }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(BackupError);
    const message = (refused as Error).message;
    expect(message).toMatch(/^the backup's personal data is encrypted with key [0-9a-f]{8}, which this system does not hold \(it holds 0badc0de\): set KEDANG_SECRET_KEY .* nothing was changed$/);
    expect(message.split('. ').length).toBe(1); // one sentence
    const after = new pg.Client({ connectionString: urlOf(target) });
    await after.connect();
    expect(Number((await after.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n)).toBe(0);
    await after.end();
    // with the key that sealed it, the same backup restores
    const needed = /key ([0-9a-f]{8})/.exec(message)![1]!;
    const ok = await restoreBackup({ url: urlOf(target), storage, file: out, force: false, key: () => null, keyIds: [needed] });
    expect(ok.tables).toBeGreaterThan(20);
  });
});
