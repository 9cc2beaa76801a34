import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { multipart } from '../documents/documents.fixtures.js';
import { DEFAULT_MAX_DISTANCE_M, distanceMetres, placeCheckIn } from './check-ins.rules.js';

describe('REL-3 check-in rules', () => {
  it('REL-3 distances: Beijing Tiananmen → Shanghai People’s Square ≈ 1,067 km; one point to itself 0', () => {
    expect(distanceMetres({ lat: 39.9087, lng: 116.3975 }, { lat: 31.2304, lng: 121.4737 }) / 1000).toBeCloseTo(1067, -1);
    expect(distanceMetres({ lat: 30, lng: 120 }, { lat: 30, lng: 120 })).toBe(0);
  });
  it.each([
    [null, 'unknown', null],
    [{ id: '1', lat: 31.2304, lng: 121.4737 }, 'reference', 0],
    [{ id: '9', lat: 31.2304, lng: 121.4737 }, 'near', 0],
    [{ id: '9', lat: 31.2304 + 0.0179, lng: 121.4737 }, 'near', 1990], // ≈ 1.99 km north
    [{ id: '9', lat: 31.2304 + 0.0181, lng: 121.4737 }, 'far', 2013], // ≈ 2.01 km north
  ] as const)('REL-3 against %o the check-in is %s', (reference, status, distance) => {
    const place = placeCheckIn({ id: '1', lat: 31.2304, lng: 121.4737 }, reference, DEFAULT_MAX_DISTANCE_M);
    expect(place.status).toBe(status);
    if (distance === null) expect(place.distanceM).toBeNull();
    else expect(Math.abs(place.distanceM! - distance)).toBeLessThan(15);
  });
  it('REL-3 the distance is symmetric and never negative', () => {
    const pt = fc.record({ lat: fc.double({ min: -89, max: 89, noNaN: true }), lng: fc.double({ min: -179, max: 179, noNaN: true }) });
    fc.assert(fc.property(pt, pt, (a, b) => distanceMetres(a, b) >= 0 && Math.abs(distanceMetres(a, b) - distanceMetres(b, a)) < 1e-6));
  });
});

describe('REL-3 the day’s check-ins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('REL-3 a manager lists the day’s check-ins per rep; one 5 km from the first check-in at the customer is flagged; a rep sees only their customers', async () => {
    const rep = await t.createUser('ci.rep', ['sales']);
    const other = await t.createUser('ci.other', ['sales']);
    const manager = await t.createUser('ci.mgr', ['cs_manager']);
    const c = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '签到测试有限公司', customerType: 'direct' } })).json<{ id: string }>();
    const visit = (lat: number, ago: number) => t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'visit', occurredAt: new Date(Date.now() - ago).toISOString(), subject: '拜访', content: '上门拜访', checkIn: { lat, lng: 121.4737, accuracy: 12 } } });
    expect((await visit(31.2304, 120_000)).statusCode).toBe(201);
    expect((await visit(31.2304 + 0.045, 60_000)).statusCode).toBe(201); // ≈ 5 km north
    const r = await t.request('GET', '/api/v1/check-ins', { token: manager.token });
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{ items: { place: string; distanceM: number | null; userId: string; accuracy: number }[] }>().items;
    expect(items.map((i) => i.place)).toEqual(['reference', 'far']);
    expect(items[1]!.distanceM).toBeGreaterThan(4900);
    expect(items.every((i) => i.userId === rep.id && i.accuracy === 12)).toBe(true);
    const wider = (await t.request('GET', '/api/v1/check-ins?maxDistanceM=10000', { token: manager.token })).json<{ items: { place: string }[] }>();
    expect(wider.items.map((i) => i.place)).toEqual(['reference', 'near']);
    expect((await t.request('GET', '/api/v1/check-ins', { token: other.token })).json<{ items: unknown[] }>().items).toEqual([]);
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    expect((await t.request('GET', `/api/v1/check-ins?date=${yesterday}`, { token: manager.token })).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('REL-3 the day is the China day: a check-in at 23:59:59.999 (+08:00) is that day\'s, one at 00:00 the next day\'s', async () => {
    const rep = await t.createUser('ci.day', ['sales']);
    const c = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '签到日界有限公司', customerType: 'direct' } })).json<{ id: string }>();
    const ids: string[] = [];
    for (const ago of [120_000, 60_000]) {
      const v = await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'visit', occurredAt: new Date(Date.now() - ago).toISOString(), subject: '拜访', content: '上门拜访', checkIn: { lat: 31.2304, lng: 121.4737, accuracy: 12 } } });
      expect(v.statusCode, v.body).toBe(201);
      ids.push(v.json<{ id: string }>().id);
    }
    await t.database.db.updateTable('communications').set({ check_in_at: new Date('2026-03-01T23:59:59.999+08:00') }).where('id', '=', ids[0]!).execute();
    await t.database.db.updateTable('communications').set({ check_in_at: new Date('2026-03-02T00:00:00+08:00') }).where('id', '=', ids[1]!).execute();
    const on = async (day: string) => (await t.request('GET', `/api/v1/check-ins?date=${day}`, { token: rep.token })).json<{ items: { communicationId: string }[] }>().items.map((i) => i.communicationId);
    expect(await on('2026-03-01')).toEqual([ids[0]]);
    expect(await on('2026-03-02')).toEqual([ids[1]]);
  });

  it('REL-3 ARC-6 a photo filed as the customer’s document is stamped by the server, referenced by the visit and opened from the timeline; a call without one shows none', async () => {
    const rep = await t.createUser('ph.rep', ['sales']);
    const c = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '照片测试有限公司', customerType: 'direct' } })).json<{ id: string }>();
    // a 1×1 PNG, as a phone's camera would send a JPEG
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const before = Date.now();
    const body = multipart({ kind: 'original', category: 'other', title: '外勤照片：拜访' }, { name: 'IMG_0001.png', content: png, type: 'image/png' });
    const up = await t.request('POST', `/api/v1/customers/${c.id}/documents`, { token: rep.token, body: body.payload, headers: body.headers });
    expect(up.statusCode, up.body).toBe(201);
    const doc = up.json<{ id: string; uploadedAt: string; contentType: string }>();
    expect(Date.parse(doc.uploadedAt)).toBeGreaterThanOrEqual(before - 1000);
    const visit = await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'visit', occurredAt: new Date(Date.now() - 60_000).toISOString(), subject: '拜访', content: '上门拜访', checkIn: { lat: 31.23, lng: 121.47, accuracy: 20 }, photoDocumentId: doc.id } });
    expect(visit.statusCode, visit.body).toBe(201);
    expect(visit.json().photoDocumentId).toBe(doc.id);
    const call = await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'phone', occurredAt: new Date().toISOString(), subject: '电话', content: '电话跟进' } });
    const items = (await t.request('GET', `/api/v1/customers/${c.id}/timeline`, { token: rep.token })).json<{ items: { kind: string; refId: string; photo?: { documentId: string; contentType: string } | null }[] }>().items;
    expect(items.find((i) => i.refId === visit.json().id && i.kind === 'communication')?.photo).toEqual({ documentId: doc.id, contentType: 'image/png' });
    expect(items.find((i) => i.refId === call.json().id && i.kind === 'communication')?.photo).toBeNull();
  });
});
