import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { addDays } from './cadence.rules.js';
import { composeDigest, maskSmtpUrl, mergeSmtpUrl } from './digest.rules.js';
import { sendDailyDigests } from './digest.service.js';

type Received = { from: string; to: string[]; raw: string };
let t: TestApp;
let smtp: SMTPServer;
let port: number;
const received: Received[] = [];
const today = chinaDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
  // a real SMTP server on a free port, keeping every message it receives
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp?.close(() => r()));
  await t?.close();
});

/** The message body decoded (nodemailer sends UTF-8 text as quoted-printable or base64). */
const decoded = (raw: string) => {
  const parts: string[] = [raw];
  for (const m of raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g)) parts.push(Buffer.from(m[1]!.replace(/\s/g, ''), 'base64').toString('utf8'));
  const qp = raw.replace(/=\r?\n/g, '').replace(/(=[0-9A-F]{2})+/g, (s) => Buffer.from(s.split('=').slice(1).map((h) => parseInt(h, 16))).toString('utf8'));
  parts.push(qp);
  return parts.join('\n');
};

describe('REL-5 digest rules', () => {
  const tasks = [
    { title: '按周期电话联络：甲公司', dueOn: addDays(today, -3), customerName: '甲公司', kind: 'cadence_call' },
    { title: '下一步：报价（乙公司）', dueOn: today, customerName: '乙公司', kind: 'next_step' },
    { title: '以后的任务', dueOn: addDays(today, 1), customerName: null, kind: 'other' },
  ];
  it('REL-5 a digest lists overdue (with days late) and today’s tasks, not later ones', () => {
    const m = composeDigest('周销售', today, tasks, null)!;
    expect(m.subject).toBe(`【客档】${today} 每日摘要：逾期 1 项，今日到期 1 项`);
    expect(m.text).toContain('按周期电话联络：甲公司（逾期 3 天');
    expect(m.text).toContain('下一步：报价（乙公司）');
    expect(m.text).not.toContain('以后的任务');
  });
  it('REL-5 nothing overdue or due today → no mail', () => {
    expect(composeDigest('周销售', today, [tasks[2]!], null)).toBeNull();
    expect(composeDigest('周销售', today, [], null)).toBeNull();
  });
  it('REL-5 the html escapes task titles', () => {
    expect(composeDigest('<b>', today, [{ ...tasks[1]!, title: '<img src=x>' }], 'https://kd.example.com/tasks')!.html).not.toMatch(/<img|<b>/);
  });
  it.each([
    ['smtp://kd:secret@mail.example.com:25', 'smtp://kd:***@mail.example.com:25'],
    ['smtp://mail.example.com:25', 'smtp://mail.example.com:25'],
    [null, null],
  ])('REL-5 the SMTP password is never shown: %s', (url, shown) => expect(maskSmtpUrl(url)).toBe(shown));
  it('REL-5 a URL sent back with *** keeps the stored password, only for the same user and host', () => {
    expect(mergeSmtpUrl('smtp://kd:***@mail.example.com:25', 'smtp://kd:secret@mail.example.com:25')).toBe('smtp://kd:secret@mail.example.com:25');
    expect(mergeSmtpUrl('smtp://kd:***@other.example.com:25', 'smtp://kd:secret@mail.example.com:25')).toBe('smtp://kd@other.example.com:25');
    expect(mergeSmtpUrl(null, 'smtp://kd:secret@mail.example.com:25')).toBeNull();
  });
});

describe('REL-5 the daily digest e-mail', () => {
  it('REL-5 off until configured: no SMTP server → nothing sent and the day not claimed', async () => {
    const r = await sendDailyDigests(t.database.db, new Date());
    expect(r).toEqual({ sent: 0, failed: 0, skipped: 'no_smtp' });
    expect(await t.database.db.selectFrom('digest_runs').selectAll().execute()).toEqual([]);
  });

  it('REL-5 only an administrator sets the SMTP server; the password is not shown back; bad URL → 400', async () => {
    const rep = await t.createUser('dig.nosy', ['sales']);
    expect((await t.request('PUT', '/api/v1/mail-settings', { token: rep.token, body: { smtpUrl: 'smtp://x@evil.example.com', from: null } })).statusCode).toBe(403);
    const bad = await t.request('PUT', '/api/v1/mail-settings', { token: t.adminToken, body: { smtpUrl: 'http://mail.example.com', from: null } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('smtpUrl');
    const r = await t.request('PUT', '/api/v1/mail-settings', { token: t.adminToken, body: { smtpUrl: 'smtp://kd:s3cret@mail.example.com:2525', from: '客档 <kd@example.com>' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ smtpUrl: 'smtp://kd:***@mail.example.com:2525', configured: true });
    expect(r.body).not.toContain('s3cret');
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'data']).where('action', '=', 'mail.settings_changed').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.data)).not.toContain('s3cret');
  });

  it('REL-5 each user gets one real message with their overdue and today’s tasks; one who turned it off gets none; a second run (another instance) sends nothing', async () => {
    await t.request('PUT', '/api/v1/mail-settings', { token: t.adminToken, body: { smtpUrl: `smtp://127.0.0.1:${port}`, from: '客档 <kedang@example.com>' } });
    const rep = await t.createUser('dig.rep', ['sales']);
    const quiet = await t.createUser('dig.quiet', ['sales']);
    const idle = await t.createUser('dig.idle', ['sales']);
    expect((await t.request('PUT', '/api/v1/me/digest', { token: rep.token, body: { email: 'rep@example.com', enabled: true } })).statusCode).toBe(200);
    expect((await t.request('PUT', '/api/v1/me/digest', { token: quiet.token, body: { email: 'quiet@example.com', enabled: false } })).json()).toMatchObject({ email: 'quiet@example.com', enabled: false });
    await t.request('PUT', '/api/v1/me/digest', { token: idle.token, body: { email: 'idle@example.com', enabled: true } });
    for (const u of [rep, quiet]) {
      const c = (await t.request('POST', '/api/v1/customers', { token: u.token, body: { name: `摘要测试${u.id}有限公司`, customerType: 'direct' } })).json<{ id: string }>();
      const m = await t.request('POST', '/api/v1/communications', { token: u.token, body: { customerId: c.id, channel: 'phone', occurredAt: new Date(Date.now() - 60_000).toISOString(), subject: '报价', content: '客户要报价', nextStep: { dueOn: today, text: '发送报价单' } } });
      expect(m.statusCode, m.body).toBe(201);
    }
    // an overdue one, as the reminder job makes them
    await t.database.db.insertInto('tasks').values({ kind: 'other', owner_id: rep.id, title: '整理拜访纪要', received_on: addDays(today, -4), due_on: addDays(today, -2), created_at: new Date() }).execute();
    const [a, b] = await Promise.all([sendDailyDigests(t.database.db, new Date()), sendDailyDigests(t.database.db, new Date())]);
    expect([a.sent + b.sent, [a.skipped, b.skipped].sort()]).toEqual([1, ['already_ran', null]]);
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.to).toEqual(['rep@example.com']);
    expect(mail.from).toBe('kedang@example.com');
    const body = decoded(mail.raw);
    expect(body).toContain('下一步：发送报价单');
    expect(body).toContain('整理拜访纪要（逾期 2 天');
    expect((await t.request('GET', '/api/v1/me/digest', { token: rep.token })).json()).toMatchObject({ lastSentOn: today });
    expect(await sendDailyDigests(t.database.db, new Date())).toMatchObject({ sent: 0, skipped: 'already_ran' });
    expect(received).toHaveLength(1);
    const audit = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'digest.sent').execute();
    expect(audit.map((x) => x.data)).toEqual([{ day: today, sent: 1, failed: 0 }]);
  });

  it('REL-5 a digest address must be an e-mail address', async () => {
    const u = await t.createUser('dig.typo', ['sales']);
    const r = await t.request('PUT', '/api/v1/me/digest', { token: u.token, body: { email: 'not-an-address', enabled: true } });
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json().errors)).toContain('email');
  });
});
