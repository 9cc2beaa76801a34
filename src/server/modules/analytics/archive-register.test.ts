import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let rep: { id: string; token: string };
let other: { id: string; token: string };
let archivist: { id: string; token: string };
const ids: Record<string, string> = {};
const levels = { 登记甲有限公司: 'none', 登记乙有限公司: 'secret', 登记丙有限公司: 'confidential', 登记丁有限公司: 'top_secret', 登记戊有限公司: 'none' } as const;

beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('reg.rep', ['sales']);
  other = await t.createUser('reg.other', ['sales']);
  archivist = await t.createUser('reg.archivist', ['archivist']);
  const db = t.database.db;
  for (const [name, level] of Object.entries(levels)) {
    const owner = name === '登记戊有限公司' ? other : rep;
    const r = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct', phone: `0571-8700${String(Object.keys(ids).length).padStart(4, '0')}` } });
    expect(r.statusCode, r.body).toBe(201);
    ids[name] = r.json().id;
    await db.updateTable('customers').set({ secrecy_level: level }).where('id', '=', ids[name]!).execute();
  }
  const doc = (customer_id: string, category: 'business_licence' | 'legal_rep_id') => ({ customer_id, kind: 'original' as const, category, title: category, pages: 1 });
  await db.insertInto('documents').values([doc(ids['登记甲有限公司']!, 'business_licence'), doc(ids['登记甲有限公司']!, 'legal_rep_id'), doc(ids['登记乙有限公司']!, 'business_licence')]).execute();
}, 120_000);
afterAll(async () => t?.close());

type Item = { customerId: string; archiveNo: string; name: string; secrecyLevel: string; documentsFiled: number; documentsMissing: string[]; borrowedBy: unknown };
const list = async (token: string, qs = '') => {
  const r = await t.request('GET', `/api/v1/archive-register?limit=200${qs}`, { token });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ items: Item[]; nextCursor: string | null }>();
};

describe('ANA-2 SEC-4 ARC-6 档案登记簿 (the archive register)', () => {
  it('ANA-2 SEC-4 the archivist sees every archive below top secret by number, name and level only — never a field group', async () => {
    const { items } = await list(archivist.token);
    const names = items.map((i) => i.name).filter((n) => n.startsWith('登记'));
    expect(names.sort()).toEqual(['登记乙有限公司', '登记丙有限公司', '登记戊有限公司', '登记甲有限公司'].sort());
    const one = items.find((i) => i.name === '登记甲有限公司')!;
    expect(Object.keys(one).sort()).toEqual(['archiveNo', 'borrowedBy', 'customerId', 'documentsFiled', 'documentsMissing', 'filedOn', 'name', 'secrecyLevel']);
    expect(one).toMatchObject({ secrecyLevel: 'none', documentsFiled: 2, documentsMissing: [] });
    // no contact, phone or other field group leaves through the register
    const body = (await t.request('GET', '/api/v1/archive-register?limit=200', { token: archivist.token })).body;
    expect(body).not.toContain('0571-8700');
    expect(body).not.toContain('登记丁有限公司');
    // the duty still opens no archive
    expect((await t.request('GET', `/api/v1/customers/${ids['登记甲有限公司']}`, { token: archivist.token })).statusCode).toBe(404);
  });

  it('ARC-6 ANA-2 missing documents only, by level, by number or name, and paging by archive number', async () => {
    const missing = await list(archivist.token, '&missingDocuments=true');
    const names = missing.items.map((i) => i.name);
    expect(names).not.toContain('登记甲有限公司');
    expect(names).toContain('登记乙有限公司');
    expect(missing.items.find((i) => i.name === '登记乙有限公司')!.documentsMissing).toEqual(['legal_rep_id']);
    expect((await list(archivist.token, '&level=confidential')).items.map((i) => i.name)).toEqual(['登记丙有限公司']);
    expect((await list(archivist.token, `&q=${encodeURIComponent('登记戊')}`)).items.map((i) => i.name)).toEqual(['登记戊有限公司']);
    const no = missing.items[0]!.archiveNo;
    expect((await list(archivist.token, `&q=${encodeURIComponent(no.toLowerCase())}`)).items.map((i) => i.archiveNo)).toContain(no);
    const page1 = (await t.request('GET', '/api/v1/archive-register?limit=2', { token: archivist.token })).json<{ items: Item[]; nextCursor: string }>();
    expect(page1.items).toHaveLength(2);
    const page2 = (await t.request('GET', `/api/v1/archive-register?limit=2&cursor=${page1.nextCursor}`, { token: archivist.token })).json<{ items: Item[] }>();
    expect(page2.items[0]!.archiveNo > page1.items[1]!.archiveNo).toBe(true);
    expect(page2.items.length).toBeGreaterThan(0);
  });

  it('SEC-4 SEC-5 a sales rep gets only the archives it may see, below top secret; top secret is never listed, even for its owner', async () => {
    const mine = (await list(rep.token)).items.map((i) => i.name).filter((n) => n.startsWith('登记'));
    expect(mine.sort()).toEqual(['登记乙有限公司', '登记丙有限公司', '登记甲有限公司'].sort());
    const theirs = (await list(other.token)).items.map((i) => i.name).filter((n) => n.startsWith('登记'));
    expect(theirs).toEqual(['登记戊有限公司']);
    expect((await list(rep.token)).items.every((i) => i.borrowedBy === null)).toBe(true);
  });

  it('SEC-6 ANA-2 a running grant shows who has the archive on loan, until when; an ended or returned one does not', async () => {
    const db = t.database.db;
    const now = Date.now();
    const grant = async (customer: string, ends: number, returned: boolean) => {
      const a = await db.insertInto('approvals').values({ type: 'access_request', subject_type: 'access_request', subject_id: '0', customer_id: ids[customer]!, summary: 't', payload: '{}', requester_id: other.id, approver_role: 'gm', approver_rule: 't', expires_at: new Date(now + 86_400_000) }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('access_requests').values({ approval_id: a.id, customer_id: ids[customer]!, requester_id: other.id, groups: ['basic'], purpose: 't', duration_minutes: 60, secrecy_level: 'none', starts_at: new Date(now - 60_000), ends_at: new Date(now + ends), returned_at: returned ? new Date(now - 1000) : null }).execute();
    };
    await grant('登记甲有限公司', 3_600_000, false);
    await grant('登记乙有限公司', -1000, false);
    await grant('登记丙有限公司', 3_600_000, true);
    const { items } = await list(archivist.token);
    const by = (n: string) => items.find((i) => i.name === n)!.borrowedBy as { userId: string; name: string; until: string } | null;
    expect(by('登记甲有限公司')).toMatchObject({ userId: other.id });
    expect(Date.parse(by('登记甲有限公司')!.until)).toBeGreaterThan(now);
    expect(by('登记乙有限公司')).toBeNull();
    expect(by('登记丙有限公司')).toBeNull();
    // a rep without the borrowing register is not told who borrowed its archive
    expect((await list(rep.token)).items.find((i) => i.name === '登记甲有限公司')!.borrowedBy).toBeNull();
  });

  it('SEC-4 SEC-11 bad filters are 400 naming the field', async () => {
    for (const [qs, field] of [['level=top_secret', 'level'], ['missingDocuments=yes', 'missingDocuments'], ['cursor=%27%3B', 'cursor'], ['limit=0', 'limit'], [`q=${'档'.repeat(101)}`, 'q']] as const) {
      const r = await t.request('GET', `/api/v1/archive-register?${qs}`, { token: archivist.token });
      expect(r.statusCode, qs).toBe(400);
      expect(r.body, qs).toContain(field);
    }
    const forged = Buffer.from(JSON.stringify(['A', 'x'])).toString('base64url');
    expect((await t.request('GET', `/api/v1/archive-register?cursor=${forged}`, { token: archivist.token })).statusCode).toBe(400);
  });

  it('ARC-12 SEC-5 SEC-10 the register exports as xlsx and csv with its filters, without confidential archives, audited', async () => {
    const csv = await t.request('GET', '/api/v1/archive-register/export?format=csv', { token: archivist.token });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain('档案编号');
    expect(csv.body).toContain('登记甲有限公司');
    expect(csv.body).toContain('登记乙有限公司');
    expect(csv.body).not.toContain('登记丙有限公司');
    expect(csv.body).not.toContain('登记丁有限公司');
    expect(csv.body).toContain('法定代表人身份证复印件');
    const filtered = await t.request('GET', '/api/v1/archive-register/export?format=csv&missingDocuments=true', { token: archivist.token });
    expect(filtered.body).not.toContain('登记甲有限公司');
    const xlsx = await t.request('GET', '/api/v1/archive-register/export', { token: archivist.token });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const values = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values).toContain('登记乙有限公司');
    expect(values).not.toContain('登记丙有限公司');
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'entity_type']).where('actor_id', '=', archivist.id).where('entity_type', '=', 'archive_register').execute();
    expect(audit.length).toBe(3);
    expect(audit.every((a) => a.action === 'customer.exported')).toBe(true);
    // a rep's export holds only its own exportable archives
    const repCsv = (await t.request('GET', '/api/v1/archive-register/export?format=csv', { token: rep.token })).body;
    expect(repCsv).toContain('登记甲有限公司');
    expect(repCsv).not.toContain('登记戊有限公司');
  });
});
