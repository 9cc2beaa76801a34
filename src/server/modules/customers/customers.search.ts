/**
 * The search box (ARC-11) over a visible, filtered customer query: candidates by the kind of
 * entry, ranked exact > prefix > substring, then the shorter name, then the older archive.
 * 1–2 Chinese characters read the ranked terms table in index order (pg_trgm cannot serve them);
 * full pinyin reads the syllable terms of the same table (`:huawei…`, a range of its key).
 */
import { sql, type Kysely } from 'kysely';
import { withGenericPlans } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { mobileIndex } from '../../shared/keyring.js';
import { classifyQuery, PINYIN_TERM_MARK, syllableLookup } from './customers.rules.js';
import { selectCustomers } from './customers.repository.js';

type Base = ReturnType<typeof selectCustomers>;
type Ranked = Awaited<ReturnType<Base['execute']>>[number] & { rank: number; name_len: number };

/** Candidates read per search path before ranking. */
const CAP = 2000;

/** `c.id = ANY(array)`: one statement text whatever the page's length, so it is prepared once (PLT-7). */
const onIds = (ids: string[]) => sql<boolean>`c.id = ANY(${ids}::bigint[])`;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, '\\$&');
const after = (cursor: string | undefined) => {
  const c = decodeCursor(cursor, 3);
  return c ? { rank: Number(c[0]), len: Number(c[1]), id: String(c[2]) } : null;
};
const beyond = (rank: string, len: string, id: string, c: { rank: number; len: number; id: string }) =>
  sql<boolean>`(${sql.ref(rank)}, ${sql.ref(len)}, ${sql.ref(id)}) > (${c.rank}, ${c.len}, ${c.id}::bigint)`;

/**
 * The ids of customers with a contact whose name starts with `value` (at most CAP). Written as a
 * range on contacts_name_idx (text_pattern_ops) as well as the LIKE: PostgreSQL turns `LIKE 'x%'`
 * into that range only for a constant, so without it a prepared statement's generic plan would
 * scan every contact (PLT-7). Limits are literals for the same reason: a `LIMIT $n` makes the
 * generic plan look 10× dearer than it is, and the statement would be planned on every run.
 */
function contactsNamed(db: Kysely<DB>, value: string) {
  const last = value.codePointAt(value.length - 1)!;
  const upper = last < 0xd7ff || (last >= 0xe000 && last < 0x10ffff) ? value.slice(0, value.length - (last > 0xffff ? 2 : 1)) + String.fromCodePoint(last + 1) : null;
  return db
    .selectFrom('contacts')
    .select('customer_id')
    .where(sql<boolean>`name ~>=~ ${value}`)
    .$if(upper !== null, (q) => q.where(sql<boolean>`name ~<~ ${upper}`))
    .where('name', 'like', `${likeEscape(value)}%`)
    .limit(sql.lit(CAP));
}

export async function searchCustomers(db: Kysely<DB>, base: Base, raw: string, limit: number, cursor: string | undefined, opts: { genericPlans?: boolean } = {}) {
  const { kind, value } = classifyQuery(raw);
  const q = raw.normalize('NFKC').trim();
  const c = after(cursor);
  let rows: Ranked[];
  if (kind === 'chinese' && [...value].length <= 2) {
    const byTerm = base
      .innerJoin('customer_terms as t', 't.customer_id', 'c.id')
      .select(['t.rank as rank', 't.name_len as name_len'])
      .where('t.term', '=', value)
      .$if(c !== null, (qb) => qb.where(beyond('t.rank', 't.name_len', 't.customer_id', c!)))
      // exactly the terms key's order, so the first page is read off the index without sorting
      .orderBy('t.rank')
      .orderBy('t.name_len')
      .orderBy('t.customer_id')
      .limit(sql.lit(limit + 1));
    const byContact = db
      .selectFrom(
        base
          .select([sql<number>`2`.as('rank'), sql<number>`length(c.name)`.as('name_len')])
          .where('c.id', 'in', contactsNamed(db, value)) // a surname (方, 金) starts 10,000s of contact names
          .as('r'),
      )
      .selectAll()
      .$if(c !== null, (qb) => qb.where(beyond('r.rank', 'r.name_len', 'r.id', c!)))
      .orderBy('rank')
      .orderBy('name_len')
      .orderBy('id')
      .limit(sql.lit(limit + 1));
    // One statement, one round trip (PLT-7): each branch keeps its own order and limit as a subquery.
    // Two characters: planned once per connection (withGenericPlans) — its generic plan reads the same
    // indexes as the custom plans, and planning took ~5–15 ms against ~0.5–2 ms of execution. One
    // character (often a surname starting thousands of contact names) keeps a plan for its value:
    // there the generic plan checked a sales rep's visibility per contact (54 vs 33 ms at 20,000 customers).
    // Only for readers without visibility branches (customer service…): at 1M customers a sales rep's
    // 2-character search went from p50 35 ms (own plan, load ~5) to 66 ms (generic plan, idle).
    const g = [...value].length === 2 && opts.genericPlans ? withGenericPlans(db) : db;
    const both = await g.selectFrom(byTerm.as('a')).selectAll().unionAll(db.selectFrom(byContact.as('b')).selectAll() as never).execute();
    const seen = new Set<string>();
    rows = (both as unknown as Ranked[])
      .sort((x, y) => x.rank - y.rank || x.name_len - y.name_len || Number(x.id) - Number(y.id))
      .filter((r) => !seen.has(r.id) && (seen.add(r.id), true));
  } else if (kind === 'latin' && value.length >= 3) {
    rows = await searchPinyin(db, base, value, limit, c);
  } else {
    const like = `%${likeEscape(value)}%`;
    const prefix = `${likeEscape(value)}%`;
    const qPrefix = `${likeEscape(q)}%`;
    // Each candidate path is capped: a common entry (`keji`, `0755`) may match 100,000 rows, and
    // ranking all of them costs more than the answer is worth. Prefix paths come first, so exact
    // and prefix matches are never lost to the cap; substring matches beyond it are approximate.
    const conds: ((b: Base) => Base)[] = [];
    switch (kind) {
      case 'archiveNo':
        conds.push((b) => b.where('c.archive_no', 'like', prefix));
        conds.push((b) => b.where('c.id', 'in', db.selectFrom('customers as m').select('m.merged_into').where('m.archive_no', '=', value).where('m.merged_into', 'is not', null)));
        break;
      case 'creditCode':
        conds.push((b) => b.where('c.credit_code', '=', value));
        break;
      case 'digits':
        conds.push((b) => b.where('c.phone_digits', 'like', like));
        conds.push((b) => b.where('c.id', 'in', db.selectFrom('contacts').select('customer_id').where('phone_digits', 'like', like).limit(CAP)));
        // contacts' mobiles are encrypted (SEC-12): a whole mobile number is found by its keyed hash
        if (/^1\d{10}$/.test(value)) conds.push((b) => b.where('c.id', 'in', db.selectFrom('contacts').select('customer_id').where('mobile_index', '=', mobileIndex(value)).limit(CAP)));
        break;
      case 'email':
        conds.push((b) => b.where(sql<string>`lower(c.email)`, 'like', like));
        conds.push((b) => b.where('c.id', 'in', db.selectFrom('contacts').select('customer_id').where(sql<string>`lower(email)`, 'like', like).limit(CAP)));
        break;
      case 'chinese':
        conds.push((b) => b.where('c.name', 'like', qPrefix));
        conds.push((b) => b.where((eb) => eb.or([eb('c.name', 'like', like), eb('c.short_name', 'like', like)])));
        conds.push((b) => b.where('c.id', 'in', db.selectFrom('contacts').select('customer_id').where('name', 'like', prefix).limit(CAP)));
        break;
      case 'latin':
        conds.push((b) => b.where('c.name_pinyin', 'like', prefix));
        conds.push((b) => b.where('c.name_initials', 'like', prefix));
        // two letters: initials anywhere, from the terms table in (rank, name length, id) order
        if (value.length === 2) {
          conds.push((b) =>
            b.where('c.id', 'in', db.selectFrom('customer_terms as t').select('t.customer_id').where('t.term', '=', value).orderBy('t.rank').orderBy('t.name_len').orderBy('t.customer_id').limit(CAP)),
          );
        }
        break;
      case 'text':
        conds.push((b) => b.where((eb) => eb.or([eb('c.name', 'ilike', `%${likeEscape(q)}%`), eb('c.short_name', 'ilike', `%${likeEscape(q)}%`)])));
        break;
    }
    // each capped path as its own subquery: `… LIMIT n UNION …` is not valid SQL without one
    const candidates = conds.map((cond, i) => db.selectFrom(cond(base).clearSelect().select('c.id').limit(CAP).as(`p${i}`)).select(`p${i}.id as id`));
    const ids = candidates.slice(1).reduce((u, next) => u.union(next), candidates[0]!);
    const byText = sql<number>`CASE WHEN c.name = ${q} OR c.short_name = ${q} OR c.archive_no = ${value} OR c.credit_code = ${value} THEN 0
      WHEN c.name LIKE ${qPrefix} OR c.short_name LIKE ${qPrefix} OR c.name_pinyin LIKE ${prefix} OR c.name_initials LIKE ${prefix} THEN 1 ELSE 2 END`;
    // two initials: the terms' own rank counts too — the short name's initials exactly (`hw` = 华为) or at its start (华为通信) rank as the name's start does;
    const rank =
      kind === 'latin' && value.length === 2
        ? sql<number>`LEAST(${byText}, COALESCE((SELECT min(t.rank) FROM customer_terms t WHERE t.customer_id = c.id AND t.term = ${value}), 2))`
        : byText;
    // rank the candidates on the few columns ranking needs, then read whole rows for the page only
    const ranked = await db
      .selectFrom(
        db
          .selectFrom('customers as c')
          .where('c.id', 'in', db.selectFrom(ids.as('u')).select('u.id'))
          .select(['c.id', rank.as('rank'), sql<number>`length(c.name)`.as('name_len')])
          .as('r'),
      )
      .selectAll()
      .$if(c !== null, (qb) => qb.where(beyond('r.rank', 'r.name_len', 'r.id', c!)))
      .orderBy('rank')
      .orderBy('name_len')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const full = ranked.length ? new Map((await selectCustomers(db).where(onIds(ranked.map((r) => r.id))).execute()).map((r) => [r.id, r])) : new Map();
    rows = ranked.filter((r) => full.has(r.id)).map((r) => ({ ...full.get(r.id)!, rank: Number(r.rank), name_len: Number(r.name_len) })) as Ranked[];
  }
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor([last.rank, last.name_len, last.id]) : null };
}

/**
 * Three or more latin letters (full pinyin or initials): every candidate comes with its rank and
 * name length — the syllable terms' from the terms key alone, the initials' from the archive — so
 * the candidates are put in order first and the archives are read (visibility, filters) in that
 * order only until the page is full: ~20 row visits instead of one per candidate (PLT-7).
 * The rank is the same as the other paths' byText: 0 the whole name's or short name's pinyin,
 * 1 a start (name or short name pinyin, name initials), 2 elsewhere.
 */
async function searchPinyin(db: Kysely<DB>, base: Base, value: string, limit: number, c: { rank: number; len: number; id: string } | null): Promise<Ranked[]> {
  const syl = syllableLookup(value);
  const like = `%${likeEscape(value)}%`;
  const prefix = `${likeEscape(value)}%`;
  const bySyllable = db
    .selectFrom(db.selectFrom('customer_terms as t').select(['t.customer_id', 't.term', 't.rank', 't.name_len']).where('t.term', syl.exact ? '=' : 'like', syl.term).limit(CAP).as('x'))
    .select(['x.customer_id as id', sql<number>`CASE WHEN x.term = ${PINYIN_TERM_MARK + value} THEN x.rank ELSE GREATEST(x.rank, 1) END`.as('rank'), 'x.name_len']);
  // initials at the start, then anywhere (trigrams over the narrow pinyin table, 0046); each capped.
  // The table holds each name's length too (0210): candidates anywhere are ranked from it alone,
  // without a visit to the wide customers row each (PLT-7).
  const byInitialsStart = db.selectFrom(db.selectFrom('customers as ci').select(['ci.id', sql<number>`1`.as('rank'), sql<number>`length(ci.name)`.as('name_len')]).where('ci.name_initials', 'like', prefix).limit(CAP).as('y')).selectAll();
  const byInitials = db
    .selectFrom(
      db
        .selectFrom('customer_pinyin as p')
        .select(['p.customer_id as id', sql<number>`CASE WHEN p.name_initials LIKE ${prefix} THEN 1 ELSE 2 END`.as('rank'), 'p.name_len'])
        .where('p.name_initials', 'like', like)
        .limit(CAP)
        .as('z'),
    )
    .selectAll();
  const candidates = db
    .selectFrom(bySyllable.unionAll(byInitialsStart as never).unionAll(byInitials as never).as('u'))
    .select(['u.id', sql<number>`min(u.rank)`.as('rank'), sql<number>`min(u.name_len)`.as('name_len')])
    .groupBy('u.id')
    // in page order here, so the join below keeps it and stops at the page's end
    .orderBy('rank')
    .orderBy('name_len')
    .orderBy('u.id')
    .limit(3 * CAP);
  const ranked = await base
    .innerJoin(candidates.as('r'), 'r.id', 'c.id')
    .clearSelect()
    .select(['c.id', 'r.rank', 'r.name_len'])
    // an entry longer than a syllable term was read by its first letters: the name's pinyin must hold all of it
    .$if(syl.exact, (qb) => qb.where((eb) => eb.or([eb('c.name_pinyin', 'like', like), eb('c.name_initials', 'like', like)])))
    .$if(c !== null, (qb) => qb.where(beyond('r.rank', 'r.name_len', 'r.id', c!)))
    .orderBy('r.rank')
    .orderBy('r.name_len')
    .orderBy('r.id')
    .limit(limit + 1)
    .execute();
  const full = ranked.length ? new Map((await selectCustomers(db).where(onIds(ranked.map((r) => r.id))).execute()).map((r) => [r.id, r])) : new Map();
  return ranked.filter((r) => full.has(r.id)).map((r) => ({ ...full.get(r.id)!, rank: Number(r.rank), name_len: Number(r.name_len) })) as Ranked[];
}
