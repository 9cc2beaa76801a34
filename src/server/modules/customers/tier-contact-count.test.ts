/**
 * ANA-2 issue 15: a tier's customers by last contact (the managers' home page: key and big customers
 * not contacted for 90 days) are read off contact_states' copy of the tier (migration 0208). After
 * each kind of write that sets or changes a tier or a last contact — a new archive (one and many in a statement),
 * a tier set, changed and cleared, a contact logged through the API, an archive unlisted or made top
 * secret — the count and the list of the gm, the director and a rep equal the per-customer
 * definition over customers and contact_states, and the copy equals customers.tier on every row.
 * The gm's and the director's counts are the tier's contact states less the unlisted and top-secret
 * ones (countTierByLastContact); the rep's and the lists are the filtered customers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';

let t: TestApp;
type U = { id: string; token: string };
let rep: U, gm: U, director: U;
const ids: string[] = [];
const today = chinaDate(new Date());
const daysAgo = (n: number) => new Date(Date.parse(`${today}T04:00:00Z`) - n * 86_400_000);
const cutoff = daysAgo(90).toISOString().slice(0, 10);
const q = async <R,>(text: string, params: unknown[] = []) => (await t.database.ownerPool.query(text, params)).rows as R[];

beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('tier.rep', ['sales']);
  gm = await t.createUser('tier.gm', ['gm']);
  director = await t.createUser('tier.dir', ['marketing_director']);
  for (let i = 0; i < 6; i++) {
    const r = await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: `层级联络${'甲乙丙丁戊己'[i]}有限公司`, customerType: 'direct' } });
    expect(r.statusCode, r.body).toBe(201);
    ids.push(r.json().id);
  }
  await q(`UPDATE customers SET tier = 'key' WHERE id IN ($1, $2, $3)`, [ids[0], ids[1], ids[2]]);
  await q(`UPDATE customers SET tier = 'big' WHERE id IN ($1, $2)`, [ids[3], ids[4]]);
  // 0: contacted 200 days ago, 1: 10 days ago, 2: never, 3: 100 days ago (visit), 4: 95 days ago, 5 (no tier): 300 days ago
  const contact = [[0, 200, 'last_call_at'], [1, 10, 'last_call_at'], [3, 100, 'last_visit_at'], [4, 95, 'last_call_at'], [5, 300, 'last_call_at']] as const;
  for (const [i, d, col] of contact) await q(`UPDATE contact_states SET ${col} = $2 WHERE customer_id = $1`, [ids[i], daysAgo(d)]);
});
afterAll(async () => t?.close());

const audiences = { gm: 'true', director: `c.secrecy_level <> 'top_secret'`, rep: `c.owner_id = $3 AND c.secrecy_level <> 'top_secret'` };
async function direct(who: keyof typeof audiences, tier: string) {
  return (
    await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM customers c
        WHERE c.tier = $1 AND c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant') AND ${audiences[who]}
          AND (SELECT GREATEST(s.last_call_at, s.last_visit_at) FROM contact_states s WHERE s.customer_id = c.id) < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`,
      who === 'rep' ? [tier, cutoff, rep.id] : [tier, cutoff],
    )
  )[0]!.n;
}
async function expectRight(when: string) {
  const copies = await q<{ n: number }>(`SELECT count(*)::int AS n FROM customers c LEFT JOIN contact_states s ON s.customer_id = c.id WHERE s.tier IS DISTINCT FROM c.tier`);
  expect(copies[0]!.n, `contact_states.tier = customers.tier ${when}`).toBe(0);
  for (const [who, u] of [['gm', gm], ['director', director], ['rep', rep]] as const) {
    for (const tier of ['key', 'big'] as const) {
      const count = await t.request('GET', `/api/v1/customers/count?tier=${tier}&lastContactTo=${cutoff}`, { token: u.token });
      expect(count.statusCode, count.body).toBe(200);
      const expected = await direct(who, tier);
      expect(count.json().count, `${who} ${tier} count ${when}`).toBe(expected);
      const list = await t.request('GET', `/api/v1/customers?limit=100&tier=${tier}&lastContactTo=${cutoff}`, { token: u.token });
      expect(list.json().items.length, `${who} ${tier} list ${when}`).toBe(expected);
    }
  }
}

describe('ANA-2 a tier\'s customers by last contact', () => {
  it('ANA-2 ARC-11 after every kind of write the count and the list equal the per-customer definition', async () => {
    await expectRight('at first');
    expect(await direct('gm', 'key')).toBeGreaterThan(0);
    const writes: [string, () => Promise<unknown>][] = [
      ['a tier set', () => q(`UPDATE customers SET tier = 'key' WHERE id = $1`, [ids[5]])],
      ['a tier changed', () => q(`UPDATE customers SET tier = 'big' WHERE id = $1`, [ids[0]])],
      ['a tier cleared', () => q(`UPDATE customers SET tier = NULL WHERE id = $1`, [ids[4]])],
      ['several tiers in one statement', () => q(`UPDATE customers SET tier = CASE WHEN tier = 'big' THEN 'key' ELSE 'big' END WHERE id IN ($1, $2, $3)`, [ids[0], ids[1], ids[3]])],
      ['a contact logged through the API', async () => {
        const r = await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: ids[5], channel: 'phone', occurredAt: new Date().toISOString(), subject: '电话', content: '回访' } });
        expect(r.statusCode, r.body).toBe(201);
      }],
      ['a new archive with a tier (INSERT)', async () => {
        const dept = (await q<{ d: string }>(`SELECT department_id::text AS d FROM users WHERE id = $1`, [rep.id]))[0]!.d;
        const r = await q<{ id: string }>(`INSERT INTO customers (archive_no, filed_on, name, customer_type, owner_id, department_id, name_norm, tier) VALUES ('TIER-NEW-1', '2020-01-01', '层级新建有限公司', 'direct', $1, $2, 'x', 'key') RETURNING id::text`, [rep.id, dept]);
        await q(`UPDATE contact_states SET last_call_at = $2 WHERE customer_id = $1`, [r[0]!.id, daysAgo(400)]);
      }],
      ['new archives with tiers in one statement (as an import or the loaders\' COPY: one statement trigger)', async () => {
        const dept = (await q<{ d: string }>(`SELECT department_id::text AS d FROM users WHERE id = $1`, [rep.id]))[0]!.d;
        await q(
          `INSERT INTO customers (archive_no, filed_on, name, customer_type, owner_id, department_id, name_norm, tier)
           SELECT 'TIER-NEW-' || g, '2020-01-01', '层级批量' || g || '有限公司', 'direct', $1, $2, 'x' || g, CASE WHEN g % 2 = 0 THEN 'big' ELSE 'key' END FROM generate_series(2, 5) g`,
          [rep.id, dept],
        );
        await q(`UPDATE contact_states s SET last_visit_at = $1 FROM customers c WHERE c.id = s.customer_id AND c.archive_no LIKE 'TIER-NEW-%' AND c.archive_no <> 'TIER-NEW-1'`, [daysAgo(120)]);
      }],
      ['an archive made top secret', () => q(`UPDATE customers SET secrecy_level = 'top_secret' WHERE id = $1`, [ids[2]])],
      ['an archive moved to the recycle bin', () => q(`UPDATE customers SET lifecycle = 'deleted' WHERE id = $1`, [ids[0]])],
      ['an archive merged', () => q(`UPDATE customers SET merged_into = $1 WHERE id = $2`, [ids[1], ids[3]])],
    ];
    for (const [what, write] of writes) {
      await write();
      await expectRight(`after ${what}`);
    }
  });
});
