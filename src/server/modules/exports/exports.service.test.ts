import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let keeper: { id: string; token: string };
let owner: { id: string; token: string };
let ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ logLevel: process.env.KD_DEBUG ? 'error' : 'silent' });
  keeper = await t.createUser('ke.fu', ['cs_staff']);
  owner = await t.createUser('xiao.shou', ['sales']);
  const make = async (token: string, body: Record<string, unknown>) => {
    const r = await t.request('POST', '/api/v1/customers', { token, body: { confirmDuplicate: true, ...body } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  ids = {
    plain: await make(owner.token, { name: '=HYPERLINK("http://x")', customerType: 'dealer', bankName: '招商银行', phone: '0755-1234567' }),
    aclass: await make(owner.token, { name: '甲级客户有限公司', customerType: 'dealer', bankName: '工商银行' }),
    secret: await make(owner.token, { name: '机密客户有限公司', customerType: 'dealer', secrecyLevel: 'confidential' }),
    other: await make(owner.token, { name: '分销客户有限公司', customerType: 'distributor' }),
  };
  await t.database.ownerPool.query(`UPDATE customers SET abc_class = 'A' WHERE id = $1`, [ids.aclass]);
});
afterAll(async () => t?.close());

const csvRows = (body: string) => body.replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(','));

describe('ARC-12 export of the customer list', () => {
  it('ARC-12 the csv follows the list filters and chosen columns; confidential archives are never exported (SEC-5); formulas are escaped', async () => {
    const r = await t.request('GET', '/api/v1/exports/customers?format=csv&customerType=dealer&columns=archiveNo,name,customerType,bankName&sort=name:asc', { token: owner.token });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-disposition']).toContain('attachment');
    const rows = csvRows(r.body);
    expect(rows[0]).toEqual(['档案编号', '客户名称', '客户类型', '开户行']);
    const names = rows.slice(1).map((x) => x[1]);
    expect(names).toHaveLength(2);
    expect(names).not.toContain('机密客户有限公司');
    expect(names).not.toContain('分销客户有限公司');
    expect(r.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(rows.slice(1).every((x) => x[2] === '经销商')).toBe(true);
  });

  it('SEC-3/SEC-4 withheld field groups stay empty per archive: an A-class archive shows its basic card only to a keeper, in full to its owner', async () => {
    const cols = 'name,bankName';
    const asKeeper = csvRows((await t.request('GET', `/api/v1/exports/customers?format=csv&columns=${cols}&q=甲级`, { token: keeper.token })).body);
    expect(asKeeper.slice(1)).toEqual([['甲级客户有限公司', '']]);
    const asOwner = csvRows((await t.request('GET', `/api/v1/exports/customers?format=csv&columns=${cols}&q=甲级`, { token: owner.token })).body);
    expect(asOwner.slice(1)).toEqual([['甲级客户有限公司', '工商银行']]);
  });

  it('ARC-12 xlsx export streams a workbook; the export is audited with its filters and row count', async () => {
    const r = await t.request('GET', '/api/v1/exports/customers?format=xlsx&customerType=distributor', { token: keeper.token });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    expect(wb.worksheets[0]!.rowCount).toBe(2);
    // the audit event is written once the stream has ended: wait for it, however loaded the machine
    const exported = async () => (await t.database.db.selectFrom('audit_events').select(['data', 'actor_id']).where('action', '=', 'customer.exported').execute()).find((e) => e.actor_id === keeper.id && (e.data as { format?: string } | null)?.format === 'xlsx')?.data;
    await expect.poll(exported, { timeout: 10_000 }).toMatchObject({ format: 'xlsx', filters: { customerType: 'distributor' }, rows: 1, complete: true });
  });

  it('ARC-12 an unknown column is a 400 naming the parameter; a sales rep exports nothing of other people\'s archives', async () => {
    const bad = await t.request('GET', '/api/v1/exports/customers?columns=name,passwordHash', { token: keeper.token });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('columns');
    const stranger = await t.createUser('bie.ren', ['sales']);
    const r = await t.request('GET', '/api/v1/exports/customers?format=csv', { token: stranger.token });
    expect(csvRows(r.body)).toHaveLength(1);
  });

  it('ARC-12 one customer\'s contacts and transactions export; a confidential archive is view-only (403)', async () => {
    const made = await t.request('POST', `/api/v1/customers/${ids.other}/contacts`, { token: owner.token, body: { role: 'primary', name: '王芳', mobile: '13800138000' } });
    expect(made.statusCode, made.body).toBe(201);
    await t.database.ownerPool.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'HT-1', '2026-01-05', 100)`, [ids.other]);
    const cr = await t.request('GET', `/api/v1/exports/customers/${ids.other}/contacts?format=csv`, { token: owner.token });
    expect(cr.statusCode, cr.body).toBe(200);
    const contacts = csvRows(cr.body);
    expect(contacts[1]).toEqual(expect.arrayContaining(['王芳', '主要联系人', '13800138000']));
    const txs = csvRows((await t.request('GET', `/api/v1/exports/customers/${ids.other}/transactions?format=csv`, { token: owner.token })).body);
    expect(txs[1]!.slice(1, 5)).toEqual(['HT-1', '2026-01-05', '', '100.00']);
    expect((await t.request('GET', `/api/v1/exports/customers/${ids.secret}/contacts`, { token: keeper.token })).statusCode).toBe(403);
  });
});
