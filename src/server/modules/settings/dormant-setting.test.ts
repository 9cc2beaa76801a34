/** ARC-9 (issue 17): the dormant period is set on the archive settings; the mark-dormant job follows it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dormantAfterMonths } from '../../jobs/mark-dormant.js';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: { id: string; token: string };
let rep: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.createUser('dormant.admin', ['admin']);
  rep = await t.createUser('dormant.rep', ['sales']);
});
afterAll(async () => t?.close());

const put = (token: string, body: Record<string, unknown>) => t.request('PUT', '/api/v1/settings/archive', { token, body });

describe('ARC-9 the dormant period on the settings page', () => {
  it('ARC-9 unset it reads null and the job uses 18 months; set to 6 the job uses 6; null restores the default; audited', async () => {
    expect((await t.request('GET', '/api/v1/settings/archive', { token: rep.token })).json().dormantAfterMonths).toBeNull();
    expect(await dormantAfterMonths(t.database.db)).toBe(18);
    const r = await put(admin.token, { dormantAfterMonths: 6 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ dormantAfterMonths: 6, companyName: '本公司' });
    expect((await t.request('GET', '/api/v1/settings/archive', { token: rep.token })).json().dormantAfterMonths).toBe(6);
    expect(await dormantAfterMonths(t.database.db)).toBe(6);
    // another setting changed later keeps the period
    expect((await put(admin.token, { companyName: '鹏程科技' })).json()).toMatchObject({ dormantAfterMonths: 6, companyName: '鹏程科技' });
    expect((await put(admin.token, { dormantAfterMonths: null })).json().dormantAfterMonths).toBeNull();
    expect(await dormantAfterMonths(t.database.db)).toBe(18);
    const audited = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'settings.archive_changed').execute();
    expect(audited.some((a) => JSON.stringify(a.data).includes('dormantAfterMonths'))).toBe(true);
  });

  it('ARC-9 a period out of range is a 400 naming the field; a rep may not set it; nothing changes', async () => {
    const before = await snapshotTables(t.database);
    for (const months of [0, 121, 2.5, '6']) {
      const r = await put(admin.token, { dormantAfterMonths: months });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].path).toContain('dormantAfterMonths');
    }
    expect((await put(rep.token, { dormantAfterMonths: 3 })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(before);
  });
});
