import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let rep: { id: string; token: string };
let other: { id: string; token: string };
let cs: { id: string; token: string };
let finance: { id: string; token: string };
const tag = Date.now().toString(36).slice(-4);

beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('care.rep', ['sales']);
  other = await t.createUser('care.other', ['sales']);
  cs = await t.createUser('care.cs', ['cs_staff']);
  finance = await t.createUser('care.fin', ['finance']);
});
afterAll(async () => t?.close());

const newCustomer = async (name: string, token: string, extra: Record<string, unknown> = {}) => {
  const r = await t.request('POST', '/api/v1/customers', { token, body: { name, customerType: 'direct', ...extra } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; archiveNo: string };
};
type Target = { id: string; customerId: string; customerName: string; version: number; response: string; channel: string | null; gift: string | null };

describe('REL-8 care campaigns', () => {
  it('REL-8 statutory holidays ahead come from the calendar package (春节, 中秋 …)', async () => {
    const r = await t.request('GET', '/api/v1/care/holidays?within=400', { token: rep.token });
    expect(r.statusCode).toBe(200);
    const names = (r.json().items as { name: string }[]).map((h) => h.name);
    expect(names).toEqual(expect.arrayContaining(['春节', '中秋节', '国庆节']));
    expect((await t.request('GET', '/api/v1/care/holidays?within=0', { token: rep.token })).statusCode).toBe(400);
  });

  it('REL-8 a campaign selects customers by the list filters as the creator sees them; reach, response and gift are recorded and rated', async () => {
    const a = await newCustomer(`关怀甲机械有限公司${tag}`, rep.token, { industry: `关怀行业${tag}` });
    const b = await newCustomer(`关怀乙机械有限公司${tag}`, rep.token, { industry: `关怀行业${tag}` });
    const c = await newCustomer(`关怀丙机械有限公司${tag}`, rep.token, { industry: `别的行业${tag}` });
    const hidden = await newCustomer(`关怀丁机械有限公司${tag}`, other.token, { industry: `关怀行业${tag}` });
    const created = await t.request('POST', '/api/v1/care-campaigns', { token: rep.token, body: { kind: 'holiday', holiday: 'mid_autumn', name: '中秋问候', eventOn: '2027-09-15', remindOn: '2027-09-08', filters: { industry: `关怀行业${tag}` } } });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect(campaign).toMatchObject({ kind: 'holiday', holiday: 'mid_autumn', targets: 2, reached: 0, filters: { industry: `关怀行业${tag}` } });
    const targets = (await t.request('GET', `/api/v1/care-campaigns/${campaign.id}/targets`, { token: rep.token })).json().items as Target[];
    expect(targets.map((x) => x.customerId).sort()).toEqual([a.id, b.id].sort());
    expect(targets.map((x) => x.customerId)).not.toContain(c.id);
    expect(targets.map((x) => x.customerId)).not.toContain(hidden.id);
    // the reminder is a task of the one task model
    const tasks = (await t.request('GET', '/api/v1/tasks?state=open', { token: rep.token })).json().items as { kind: string; refType: string; refId: string; dueOn: string }[];
    expect(tasks.find((x) => x.refType === 'care_campaign' && x.refId === campaign.id)).toMatchObject({ kind: 'other', dueOn: '2027-09-08' });

    const first = targets.find((x) => x.customerId === a.id)!;
    const reach = await t.request('PATCH', `/api/v1/care-targets/${first.id}`, { token: rep.token, body: { version: 0, channel: 'gift', response: 'positive', gift: '月饼礼盒一份' } });
    expect(reach.statusCode, reach.body).toBe(200);
    expect(reach.json()).toMatchObject({ channel: 'gift', response: 'positive', gift: '月饼礼盒一份', version: 1 });
    expect((await t.request('PATCH', `/api/v1/care-targets/${first.id}`, { token: rep.token, body: { version: 0, channel: 'phone', response: 'neutral' } })).statusCode).toBe(409);
    const pending = await t.request('PATCH', `/api/v1/care-targets/${first.id}`, { token: rep.token, body: { version: 1, channel: 'phone', response: 'pending' } });
    expect(pending.statusCode).toBe(400);
    expect(pending.json().errors[0].path).toBe('response');
    const second = targets.find((x) => x.customerId === b.id)!;
    await t.request('PATCH', `/api/v1/care-targets/${second.id}`, { token: rep.token, body: { version: 0, channel: 'sms', response: 'no_response' } });

    const stats = (await t.request('GET', `/api/v1/care-campaigns/${campaign.id}/stats`, { token: rep.token })).json();
    expect(stats).toMatchObject({ targets: 2, reached: 2, responded: 1, reachRate: 1, responseRate: 0.5 });
    expect(stats.byChannel).toEqual(expect.arrayContaining([{ channel: 'gift', count: 1 }, { channel: 'sms', count: 1 }, { channel: 'visit', count: 0 }]));
    const reached = (await t.request('GET', `/api/v1/care-campaigns/${campaign.id}/targets?state=reached&channel=gift`, { token: rep.token })).json().items as Target[];
    expect(reached.map((x) => x.id)).toEqual([first.id]);
    // the customer's gift record
    const care = (await t.request('GET', `/api/v1/customers/${a.id}/care`, { token: rep.token })).json().items as Target[];
    expect(care[0]).toMatchObject({ gift: '月饼礼盒一份', campaignId: campaign.id });
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_type', 'in', ['care_campaign', 'care_target']).execute();
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['care.campaign_created', 'care.reach_recorded']));
  });

  it('REL-8 SEC-2 another rep sees no target, count or record of customers they may not see', async () => {
    const mine = await newCustomer(`关怀保密有限公司${tag}`, rep.token, { industry: `保密行业${tag}` });
    const campaign = (await t.request('POST', '/api/v1/care-campaigns', { token: rep.token, body: { kind: 'conference', name: '年度客户大会', eventOn: '2027-03-20', filters: { industry: `保密行业${tag}` } } })).json();
    expect(campaign.targets).toBe(1);
    const seen = (await t.request('GET', `/api/v1/care-campaigns/${campaign.id}`, { token: other.token })).json();
    expect(seen).toMatchObject({ targets: 0, reached: 0 });
    const list = await t.request('GET', `/api/v1/care-campaigns/${campaign.id}/targets`, { token: other.token });
    expect(list.json().items).toEqual([]);
    expect(list.body).not.toContain(`关怀保密有限公司${tag}`);
    const target = (await t.request('GET', `/api/v1/care-campaigns/${campaign.id}/targets`, { token: rep.token })).json().items[0] as Target;
    expect((await t.request('PATCH', `/api/v1/care-targets/${target.id}`, { token: other.token, body: { version: 0, channel: 'phone', response: 'accepted' } })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${mine.id}/care`, { token: other.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/care-campaigns/${campaign.id}/stats`, { token: other.token })).json()).toMatchObject({ targets: 0, reachRate: 0 });
    // customer service sees it and records the attendance
    const att = await t.request('PATCH', `/api/v1/care-targets/${target.id}`, { token: cs.token, body: { version: 0, channel: 'mail', response: 'accepted', attended: true } });
    expect(att.statusCode, att.body).toBe(200);
    expect((await t.request('GET', `/api/v1/care-campaigns/${campaign.id}`, { token: rep.token })).json()).toMatchObject({ attended: 1, responded: 1 });
  });

  it('REL-8 bad input names its field and changes nothing; finance may not run campaigns', async () => {
    const late = await t.request('POST', '/api/v1/care-campaigns', { token: rep.token, body: { kind: 'promotion', name: '新品促销通知', eventOn: '2027-01-10', remindOn: '2027-01-11' } });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0].path).toBe('remindOn');
    const noHoliday = await t.request('POST', '/api/v1/care-campaigns', { token: rep.token, body: { kind: 'holiday', name: '节日问候' } });
    expect(noHoliday.statusCode).toBe(400);
    expect(noHoliday.json().errors[0].path).toBe('holiday');
    const badFilter = await t.request('POST', '/api/v1/care-campaigns', { token: rep.token, body: { kind: 'other', name: 'x', filters: { abcClass: 'Z' } } });
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.json().errors[0].path).toContain('abcClass');
    const before = await t.database.db.selectFrom('care_campaigns').select(t.database.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect((await t.request('POST', '/api/v1/care-campaigns', { token: finance.token, body: { kind: 'other', name: 'x' } })).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/care-campaigns', { token: finance.token })).statusCode).toBe(403);
    const after = await t.database.db.selectFrom('care_campaigns').select(t.database.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect((await t.request('GET', '/api/v1/care-campaigns/99999', { token: rep.token })).statusCode).toBe(404);
  });
});

describe('REL-8 birthdays and anniversaries', () => {
  it('REL-8 SEC-12 upcoming birthdays come from the month-day index (birth date stays sealed); anniversaries too; nobody sees another rep\'s contacts', async () => {
    const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const c = await newCustomer(`生日关怀有限公司${tag}`, rep.token);
    const contact = await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: rep.token, body: { role: 'primary', name: '周经理', birthDate: `1980-${day(3).slice(5)}`, anniversaries: [{ label: '结婚纪念日', date: `2005-${day(5).slice(5)}` }] } });
    expect(contact.statusCode, contact.body).toBe(201);
    const far = await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: rep.token, body: { role: 'other', name: '吴助理', birthDate: `1990-${day(40).slice(5)}` } });
    expect(far.statusCode, far.body).toBe(201);
    const row = await t.database.db.selectFrom('contacts').select(['birth_date', 'birth_md']).where('id', '=', contact.json().id).executeTakeFirstOrThrow();
    expect(row.birth_md).toBe(day(3).slice(5));
    expect(row.birth_date).not.toContain('1980'); // sealed
    const r = await t.request('GET', '/api/v1/care/occasions?within=10', { token: rep.token });
    expect(r.statusCode, r.body).toBe(200);
    const mine = (r.json().items as { kind: string; contactName: string; daysAway: number; label: string | null; customerId: string; monthDay: string }[]).filter((x) => x.customerId === c.id);
    expect(mine.map((x) => [x.kind, x.contactName, x.daysAway, x.label])).toEqual([
      ['birthday', '周经理', 3, null],
      ['anniversary', '周经理', 5, '结婚纪念日'],
    ]);
    expect(r.body).not.toContain('1980');
    const others = await t.request('GET', '/api/v1/care/occasions?within=366', { token: other.token });
    expect(others.body).not.toContain(`生日关怀有限公司${tag}`);
    expect((await t.request('GET', '/api/v1/care/occasions?within=400', { token: rep.token })).statusCode).toBe(400);
  });
});
