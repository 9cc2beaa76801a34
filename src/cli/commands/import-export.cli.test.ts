import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../server/main.js';
import { createTestApp, type TestApp } from '../../server/testing/test-app.js';

let t: TestApp;
let dir: string;
let restoreDb: string;

const run = async (env: Record<string, string>, ...args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/kedang.js'), ...args], { cwd: dir, env: { ...process.env, KEDANG_DATA_DIR: dir, LOG_LEVEL: 'warn', ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
};
const onTestDb = (...args: string[]) => run({ DATABASE_URL: t.database.url }, ...args);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-cli-'));
  t = await createTestApp();
  await t.createUser('ke.fu', ['cs_staff']);
  restoreDb = `kedang_clirestore_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: inject('pgServerUrl') });
  await c.connect();
  await c.query(`CREATE DATABASE ${restoreDb} TEMPLATE template0 ENCODING 'UTF8'`);
  await c.end();
});
afterAll(async () => {
  await t?.close();
  const c = new pg.Client({ connectionString: inject('pgServerUrl') });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${restoreDb} WITH (FORCE)`).catch(() => {});
  await c.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('PLT-4 import, export, backup and restore on the command line', () => {
  it.each(['import', 'export', 'backup', 'restore'])('PLT-4 kedang %s --help explains the command', async (cmd) => {
    const r = await run({ DATABASE_URL: '' }, cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: kedang ${cmd}`);
  });

  it.each([
    [['import', 'package.json', '--entity', 'planets']],
    [['export', 'customers', '--format', 'pdf']],
    [['backup', '--encrypt', 'rot13']],
    [['restore']],
  ])('PLT-4 bad arguments %j → a clear message and exit code 2', async (args) => {
    writeFileSync(path.join(dir, 'package.json'), '{}');
    const r = await run({ DATABASE_URL: '' }, ...args);
    expect(r.code).toBe(2);
    expect(r.out).not.toMatch(/at .*\.ts:\d+/);
  });

  it('ARC-12 kedang import: exit 1 naming row and column when a row is bad (nothing written), 0 for a clean dry run and a commit; kedang export writes the list', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, iconv.encode('客户名称,客户类型,电话\r\n天津港湾物流有限公司,经销商,022-25701234\r\n大连海星渔业有限公司,渔业公司,\r\n', 'gbk'));
    const r1 = await onTestDb('import', bad, '--entity', 'customers');
    expect(r1.code, r1.out).toBe(1);
    expect(r1.out).toMatch(/row 3, column B \(客户类型\)/);
    expect(Number((await t.database.ownerPool.query('SELECT count(*) AS n FROM customers')).rows[0].n)).toBe(0);
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, iconv.encode('客户名称,客户类型,电话\r\n天津港湾物流有限公司,经销商,022-25701234\r\n大连海星渔业有限公司,制造商,\r\n', 'gbk'));
    const r2 = await onTestDb('import', good, '--entity', 'customers', '--dry-run');
    expect(r2.code, r2.out).toBe(0);
    expect(Number((await t.database.ownerPool.query('SELECT count(*) AS n FROM customers')).rows[0].n)).toBe(0);
    const r3 = await onTestDb('import', good, '--entity', 'customers');
    expect(r3.code, r3.out).toBe(0);
    expect(r3.out).toMatch(/Imported 2 customers/);
    const owners = await t.database.ownerPool.query(`SELECT DISTINCT u.username FROM customers c JOIN users u ON u.id = c.owner_id`);
    expect(owners.rows).toEqual([{ username: 'ke.fu' }]);

    const out = path.join(dir, 'list.csv');
    const r4 = await onTestDb('export', 'customers', '--format', 'csv', '--customerType', 'dealer', '--out', out);
    expect(r4.code, r4.out).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain('天津港湾物流有限公司');
    expect(csv).not.toContain('大连海星渔业有限公司');
  }, 120_000); // several CLI processes, each starting tsx

  it('SEC-13 kedang backup, then kedang restore into an empty database; a second restore without --force is refused (exit 1)', async () => {
    const file = path.join(dir, 'b.tar.gz');
    const b = await onTestDb('backup', '--out', file);
    expect(b.code, b.out).toBe(0);
    const u = new URL(inject('pgServerUrl'));
    u.pathname = `/${restoreDb}`;
    const env = { DATABASE_URL: u.toString(), KEDANG_STORAGE: path.join(dir, 'restored-storage') };
    const r = await run(env, 'restore', file);
    expect(r.code, r.out).toBe(0);
    const again = await run(env, 'restore', file);
    expect(again.code).toBe(1);
    expect(again.out).toContain('--force');
  }, 120_000); // several CLI processes, each starting tsx
});
