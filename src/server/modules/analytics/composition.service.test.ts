import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let rep: { id: string; token: string };
let other: { id: string; token: string };
let gm: { id: string; token: string };
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('ana.rep', ['sales']);
  other = await t.createUser('ana.other', ['sales']);
  gm = await t.createUser('ana.gm', ['gm']);
  const make = async (name: string, grade: string | null, region: string | null) => {
    const c = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name, customerType: 'direct' } })).json();
    await t.database.db.updateTable('customers').set({ credit_grade: grade, region }).where('id', '=', c.id).execute();
    ids[name] = c.id;
    return c.id as string;
  };
  const tx = async (customerId: string, txNo: string, date: string, amount: string, products?: { product: string; quantity: string; price: string; category?: string }[]) => {
    const r = await t.request('POST', `/api/v1/customers/${customerId}/transactions`, { token: rep.token, body: { txNo, date, amount, ...(products ? { products } : {}) } });
    expect(r.statusCode, r.body).toBe(201);
  };
  const a = await make('构成甲有限公司', 'AAA', '440305');
  const b = await make('构成乙有限公司', 'AA', '440106');
  const c = await make('构成丙有限公司', null, '110105');
  await tx(a, 'A1', '2026-03-01', '8000.00', [{ product: '阀门', quantity: '10', price: '800', category: '流体控制' }]);
  await tx(a, 'A0', '2025-03-01', '4000.00');
  await tx(b, 'B1', '2026-05-01', '1500.00', [{ product: '管件', quantity: '3', price: '500', category: '流体控制' }]);
  await tx(c, 'C1', '2026-07-01', '500.00', [{ product: '阀门', quantity: '1', price: '500' }]);
  await tx(c, 'C0', '2025-07-01', '1000.00');
});
afterAll(async () => t?.close());

const get = async (token: string, query: string) => {
  const r = await t.request('GET', `/api/v1/analytics/composition?${query}`, { token });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe('ANA-1 composition', () => {
  it('ANA-1 by grade over a year: amounts, shares summing to 1, the previous year beside it, 80/20', async () => {
    const r = await get(rep.token, 'by=grade&from=2026-01-01&to=2026-12-31');
    expect(r).toMatchObject({ from: '2026-01-01', to: '2026-12-31', previousFrom: '2025-01-01', previousTo: '2025-12-31', total: '10000.00' });
    expect(r.items).toEqual([
      { key: 'AAA', label: 'AAA', amount: '8000.00', share: 0.8, previousAmount: '4000.00', change: 1, customers: 1 },
      { key: 'AA', label: 'AA', amount: '1500.00', share: 0.15, previousAmount: '0.00', change: null, customers: 1 },
      { key: null, label: '未评级', amount: '500.00', share: 0.05, previousAmount: '1000.00', change: -0.5, customers: 1 },
    ]);
    expect(r.pareto).toMatchObject({ customers80: 1, customersTotal: 3 });
    expect(r.items.reduce((n: number, i: { share: number }) => n + i.share, 0)).toBeCloseTo(1, 10);
  });

  it('ANA-1 by province and city with place names from the division package; by product and category from the lines', async () => {
    const prov = await get(rep.token, 'by=province&from=2026-01-01&to=2026-12-31');
    expect(prov.items.map((i: { key: string; label: string; amount: string }) => [i.key, i.label, i.amount])).toEqual([
      ['44', '广东省', '9500.00'],
      ['11', '北京市', '500.00'],
    ]);
    const city = await get(rep.token, 'by=city&from=2026-01-01&to=2026-12-31');
    expect(city.items.map((i: { label: string }) => i.label)).toEqual(['深圳市', '广州市', '北京市']);
    const product = await get(rep.token, 'by=product&from=2026-01-01&to=2026-12-31');
    expect(product.items.map((i: { key: string; amount: string }) => [i.key, i.amount])).toEqual([
      ['阀门', '8500.00'],
      ['管件', '1500.00'],
    ]);
    const category = await get(rep.token, 'by=productCategory&from=2026-01-01&to=2026-12-31');
    expect(category.items.map((i: { label: string; amount: string }) => [i.label, i.amount])).toEqual([
      ['流体控制', '9500.00'],
      ['未分类', '500.00'],
    ]);
  });

  it('ANA-1 top customers of each product in the period, largest first, only customers the caller may see', async () => {
    const product = await get(rep.token, 'by=product&from=2026-01-01&to=2026-12-31');
    expect(product.items[0].topCustomers).toEqual([
      { customerId: ids['构成甲有限公司'], customerName: '构成甲有限公司', archiveNo: expect.any(String), amount: '8000.00' },
      { customerId: ids['构成丙有限公司'], customerName: '构成丙有限公司', archiveNo: expect.any(String), amount: '500.00' },
    ]);
    const category = await get(rep.token, 'by=productCategory&from=2026-01-01&to=2026-12-31');
    expect(category.items[0].topCustomers.map((c: { customerName: string }) => c.customerName)).toEqual(['构成甲有限公司', '构成乙有限公司']);
    expect((await get(rep.token, 'by=grade&from=2026-01-01&to=2026-12-31')).items[0].topCustomers).toBeUndefined();
    const none = await get(other.token, 'by=product&from=2026-01-01&to=2026-12-31');
    expect(JSON.stringify(none)).not.toContain('构成');
  });

  it('ANA-1 SEC-2 never counts customers the caller may not see; the list filters apply', async () => {
    const none = await get(other.token, 'by=grade&from=2026-01-01&to=2026-12-31');
    expect(none).toMatchObject({ total: '0.00', items: [], pareto: { customers80: 0, customersTotal: 0 } });
    const filtered = await get(gm.token, `by=grade&from=2026-01-01&to=2026-12-31&region=11`);
    expect(filtered.total).toBe('500.00');
    const byOwner = await get(gm.token, `by=tier&from=2026-01-01&to=2026-12-31&ownerId=${rep.id}`);
    expect(byOwner.total).toBe('10000.00');
  });

  it('ANA-1 a period that ends before it starts is refused naming from', async () => {
    const r = await t.request('GET', '/api/v1/analytics/composition?by=grade&from=2026-12-31&to=2026-01-01', { token: rep.token });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ path: 'from' })]);
    expect((await t.request('GET', '/api/v1/analytics/composition?by=colour', { token: rep.token })).statusCode).toBe(400);
  });
});
