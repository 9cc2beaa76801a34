/**
 * ANA-2 REL-9 ANA-4 issue 15: the result readers' survey results with no filter (the home page's
 * 30 days) are served from the analytics cache (migration 0214: the `surveys` kind of write) while
 * nothing they read was written since — and after each kind of write they read (a response, its
 * survey, a template version, a customer's name, an owner's name, a customer crossing top secret)
 * the answer equals the uncached computation. The entry is poisoned before each write, so an answer
 * served from a stale entry cannot pass. The gm sees the top-secret archive's response, the
 * director and the customer-service manager never do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { subjectOf } from '../access/access.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { responsesSeen, resultsOver } from './surveys.query.js';
import { chinaDayEnd as nextChinaDay, chinaDayStart as chinaStart } from '../../shared/working-days.rules.js';

let t: TestApp;
type U = { id: string; token: string };
let gm: U, director: U, csm: U, owner: U;
const to = chinaDate(new Date());
const from = new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
const ids: string[] = [];
let tv: { id: string; template_id: string };

const respond = async (customer: number, rating: number, hoursAgo = 1) => {
  const db = t.database.db;
  const sv = await db.insertInto('surveys').values({ customer_id: ids[customer]!, template_id: tv.template_id, template_version_id: tv.id, channel: 'phone', owner_id: owner.id, state: 'answered' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('survey_responses').values({ survey_id: sv.id, customer_id: ids[customer]!, owner_id: owner.id, avg_rating: String(rating), answers: JSON.stringify([{ questionId: 'service', rating }]), responded_at: new Date(Date.now() - hoursAgo * 3_600_000) }).execute();
};

beforeAll(async () => {
  t = await createTestApp();
  gm = await t.createUser('src.gm', ['gm']);
  director = await t.createUser('src.dir', ['marketing_director']);
  csm = await t.createUser('src.csm', ['cs_manager']);
  owner = await t.createUser('src.owner', ['sales']);
  const db = t.database.db;
  tv = await db.selectFrom('survey_template_versions as v').innerJoin('survey_templates as t', 't.id', 'v.template_id').select(['v.id', 'v.template_id']).where('t.is_default', '=', true).orderBy('v.id', 'desc').executeTakeFirstOrThrow();
  for (const [i, level] of (['none', 'top_secret', 'none'] as const).entries()) {
    ids.push((await db.insertInto('customers').values({ archive_no: `SRC-${i}`, filed_on: '2026-01-01', name: `满意度缓存${i}`, customer_type: 'direct', owner_id: owner.id, department_id: t.rootDepartmentId, name_norm: `src${i}`, secrecy_level: level }).returning('id').executeTakeFirstOrThrow()).id);
  }
  await respond(0, 4);
  await respond(1, 1);
  await respond(2, 5, 24 * 40); // before the 30 days
});
afterAll(async () => t?.close());

const results = async (u: U) => {
  const r = await t.request('GET', `/api/v1/surveys/results?from=${from}`, { token: u.token });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
/** The results computed now, uncached, as the reader's visibility reads them. */
const direct = async (u: U, roles: string[]) =>
  JSON.parse(JSON.stringify(await resultsOver(t.database.db, responsesSeen(await subjectOf(t.database.db, { userId: u.id, roles } as never), { start: chinaStart(from), end: nextChinaDay(to) }))));
const readers = () => [[gm, ['gm']], [director, ['marketing_director']], [csm, ['cs_manager']]] as const;

async function expectRight(when: string) {
  for (const [u, roles] of readers()) expect(await results(u), `${roles[0]} ${when}`).toEqual(await direct(u, [...roles]));
}
/** Every reader's entry replaced by a wrong answer with the same stamp: it is served (the cache is used). */
async function poison() {
  for (const [u] of readers()) await results(u);
  const r = await t.database.ownerPool.query(`UPDATE composition_cache SET result = jsonb_set(result, '{count}', '-1') WHERE dimension = 'survey-results' AND from_day = $1 AND to_day = $2`, [from, to]);
  expect(r.rowCount).toBe(2); // the gm's and the below-top-secret readers' (director and cs manager share it)
  for (const [u] of readers()) expect((await results(u)).count).toBe(-1);
}

describe('ANA-2 REL-9 the result readers’ survey results are cached until a write they read', () => {
  it('ANA-2 REL-9 ANA-4 after each kind of write the readers get the uncached results; the top-secret response counts for the gm only', async () => {
    await expectRight('at first');
    expect((await results(gm)).count).toBe(2);
    expect((await results(director)).count).toBe(1);
    const writes: [string, () => Promise<unknown>][] = [
      ['a response', () => respond(2, 2)],
      ['a response changed', () => t.database.ownerPool.query(`UPDATE survey_responses SET avg_rating = 3, answers = '[{"questionId": "service", "rating": 3}]' WHERE customer_id = $1`, [ids[0]])],
      ['a customer renamed', () => t.database.ownerPool.query(`UPDATE customers SET name = '满意度缓存改名' WHERE id = $1`, [ids[0]])],
      ['an owner renamed', () => t.database.ownerPool.query(`UPDATE users SET display_name = '改名的负责人' WHERE id = $1`, [owner.id])],
      ['a customer made top secret', () => t.database.ownerPool.query(`UPDATE customers SET secrecy_level = 'top_secret' WHERE id = $1`, [ids[2]])],
      ['a top-secret customer made ordinary', () => t.database.ownerPool.query(`UPDATE customers SET secrecy_level = 'none' WHERE id = $1`, [ids[1]])],
      ['a survey moved to another template version', () => t.database.ownerPool.query(`UPDATE surveys SET template_version_id = template_version_id WHERE customer_id = $1`, [ids[0]])],
      ['a response deleted', () => t.database.ownerPool.query(`DELETE FROM survey_responses WHERE customer_id = $1`, [ids[0]])],
    ];
    for (const [what, write] of writes) {
      await poison();
      await write();
      await expectRight(`after ${what}`);
    }
    // a write of another kind (a sale) leaves the entries served
    await poison();
    await t.database.ownerPool.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, 'SRC-1', $2, 10)`, [ids[0], to]);
    for (const [u] of readers()) expect((await results(u)).count).toBe(-1);
    // a filter is computed for it, never served the entry
    const r = await t.request('GET', `/api/v1/surveys/results?from=${from}&ownerId=${owner.id}`, { token: gm.token });
    expect(r.json().count).toBeGreaterThan(0);
  });
});
