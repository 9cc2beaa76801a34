/**
 * Many archives at once, for imports (ARC-12): the same columns (toColumns, so SEC-12 encryption
 * applies), derived search columns, search terms and version-0 history as createCustomer, and
 * gap-free archive numbers (ARC-2) — written set-based inside the caller's one transaction. Also
 * the access policy's decision for many archives at once (SEC-2…SEC-6), so an import of contacts
 * or transactions decides per archive exactly as one request would.
 */
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { z } from 'zod';
import type { CreateCustomerInput, createContactBody, createTransactionBody } from '../../../contract/customers.js';
import { copyLines, copyRows, copyValue } from '../../db/copy.js';
import type { DB } from '../../db/schema.js';
import { decideCustomerAccess, type AccessDecision, type AccessSubject } from '../access/customer-access.rules.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { activeGrantsByCustomer } from '../access/active-grants.js';
import { contactHistoryValues, contactToColumns, toContact, transactionColumns, transactionLineColumns } from './customer-records.service.js';
import { customerHistoryValues, selectCustomers, toColumns, toCustomer } from './customers.repository.js';
import { getArchivePrefix } from '../settings/settings.service.js';
import { derivedSearchColumns, diffFields, formatArchiveNo, searchTerms, type SearchTerm } from './customers.rules.js';
import { factsOf } from './customers.service.js';

/** Rows not written by the current transaction (an import commit's checks leave out what the commit itself wrote). */
export const notWrittenHereSql = (alias?: string) => sql<boolean>`${sql.raw(alias ? `${alias}.` : '')}xmin <> pg_current_xact_id()::xid`;

/** An archive to insert; `ownerName` is the owner's display name, as the history snapshot of a single create holds it. */
export type NewCustomer = { fields: Omit<CreateCustomerInput, 'confirmDuplicate'>; ownerId: string; departmentId: string; ownerName: string | null };
export type NewContact = { customerId: string; input: z.infer<typeof createContactBody> };
export type NewTransaction = { customerId: string; input: z.infer<typeof createTransactionBody> };

const BATCH = 500;

/** Reserves `n` consecutive archive numbers of the year inside the caller's transaction; returns the first. */
export async function reserveArchiveSeqs(tx: Kysely<DB>, prefix: string, year: number, n: number): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO archive_counters (prefix, year, last) VALUES (${prefix}, ${year}, ${n})
    ON CONFLICT (prefix, year) DO UPDATE SET last = archive_counters.last + ${n}
    RETURNING last`.execute(tx);
  return r.rows[0]!.last - n + 1;
}

/**
 * Keeps VACUUM and ANALYZE (autovacuum's too) off the customers table until the caller's bulk
 * transaction ends. Either would record the table's pages without this transaction's uncommitted
 * rows — many pages, next to no rows — and the foreign-key checks of every later row (terms,
 * history, contacts, transactions → customers) would be planned again on those figures, which
 * PostgreSQL 18 may serve by skip-scanning a whole sort index instead of the primary key: ~30×
 * slower per row, growing with every row written. SHARE UPDATE EXCLUSIVE does not conflict with
 * reads and writes (autovacuum skips a table it cannot lock); if another bulk transaction holds
 * it, that one keeps them off already.
 */
export async function holdOffCustomerMaintenance(tx: Kysely<DB>): Promise<void> {
  await sql`SAVEPOINT hold_off_customer_maintenance`.execute(tx);
  try {
    await sql`LOCK TABLE customers IN SHARE UPDATE EXCLUSIVE MODE NOWAIT`.execute(tx);
    await sql`RELEASE SAVEPOINT hold_off_customer_maintenance`.execute(tx);
  } catch (e) {
    if ((e as { code?: string }).code !== '55P03') throw e; // lock_not_available
    await sql`ROLLBACK TO SAVEPOINT hold_off_customer_maintenance`.execute(tx);
  }
}

/** Where bulk writes go: the caller's transaction and the pg client under it, for COPY in that same transaction. */
export type BulkSession = { tx: Kysely<DB>; client: pg.ClientBase };

const HISTORY_COLUMNS = ['customer_id', 'version', 'entity', 'entity_id', 'changes', 'snapshot', 'actor_id', 'at'] as const;

/**
 * Inserts archives in order with consecutive archive numbers, each batch as one INSERT of the
 * archives and COPYs of their search terms and version-0 history, all in the
 * session's one transaction. The counter row is taken right before the rows are written, so
 * concurrent single creates wait for the shortest time.
 */
/** Adds the milliseconds since `t0` to a phase of the caller's timings, when it keeps them (the import's profile). */
const lap = (t: Record<string, number> | undefined, key: string, t0: number) => {
  if (t) t[key] = (t[key] ?? 0) + (performance.now() - t0);
};

export async function insertCustomers(s: BulkSession, rows: readonly NewCustomer[], ctx: { actorId: string | null; now: Date; onProgress?: (done: number) => void; timings?: Record<string, number> | undefined }): Promise<{ first: string; last: string } | null> {
  if (rows.length === 0) return null;
  const year = ctx.now.getFullYear();
  const today = ctx.now.toISOString().slice(0, 10);
  const prefix = await getArchivePrefix(s.tx); // ARC-2
  const first = await reserveArchiveSeqs(s.tx, prefix, year, rows.length);
  let done = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const terms: SearchTerm[][] = [];
    let t0 = performance.now();
    const values = batch.map((r, i) => {
      const v = {
        ...(toColumns({ ...r.fields, ownerId: r.ownerId }) as object),
        archive_no: formatArchiveNo(prefix, year, first + start + i),
        filed_on: r.fields.filedOn ?? today,
        name: r.fields.name.trim(),
        customer_type: r.fields.customerType,
        owner_id: r.ownerId,
        department_id: r.departmentId,
        created_by: ctx.actorId,
        created_at: ctx.now,
        updated_at: ctx.now,
        ...derivedSearchColumns(r.fields.name, r.fields.phone, r.fields.fax),
      };
      terms.push(searchTerms(r.fields.name, r.fields.shortName)); // right after: the name's pinyin is reused
      return v;
    });
    lap(ctx.timings, 'write.customers.rows', t0);
    t0 = performance.now();
    // the rows as stored (defaults and generated columns included), as a single create takes them from its RETURNING
    const inserted = await s.tx.insertInto('customers').values(values as never).returningAll().execute();
    lap(ctx.timings, 'write.customers.insert', t0);
    t0 = performance.now();
    // RETURNING follows the VALUES order for a plain INSERT; map by archive number to be sure
    const rowOf = new Map(inserted.map((r) => [r.archive_no, r]));
    const stored = values.map((v) => rowOf.get(v.archive_no)!);
    const ids = stored.map((r) => r.id);
    // in archive order: sorting a batch in the order of the terms' primary key measured no faster
    await copyLines(s.client, 'customer_terms', ['term', 'rank', 'name_len', 'customer_id'], (function* () {
      for (let i = 0; i < terms.length; i++) {
        const tail = `\t${ids[i]}\n`;
        for (const t of terms[i]!) yield `${copyValue(t.term)}\t${t.rank}\t${t.nameLen}${tail}`;
      }
    })());
    lap(ctx.timings, 'write.terms', t0);
    t0 = performance.now();
    // history values with personal ones sealed, as every writer of customer_history does (SEC-12); the
    // snapshot as createCustomer takes it: the stored row, its owner's name, no revisions yet
    await copyRows(s.client, 'customer_history', HISTORY_COLUMNS, (function* () {
      for (let i = 0; i < batch.length; i++) {
        const created = toCustomer({ ...stored[i]!, owner_name: batch[i]!.ownerName, revision_count: 0 } as never);
        const h = customerHistoryValues(diffFields({}, { ...batch[i]!.fields, ownerId: batch[i]!.ownerId }), created);
        yield [ids[i], 0, 'customer', ids[i], h.changes, h.snapshot, ctx.actorId, ctx.now];
      }
    })());
    lap(ctx.timings, 'write.history', t0);
    done += batch.length;
    ctx.onProgress?.(done);
  }
  return { first: formatArchiveNo(prefix, year, first), last: formatArchiveNo(prefix, year, first + rows.length - 1) };
}

/** Inserts contacts with their version-0 history (COPY, same transaction), as createContact does one by one. */
export async function insertContacts(s: BulkSession, rows: readonly NewContact[], ctx: { actorId: string | null; now: Date; onProgress?: (done: number) => void }): Promise<number> {
  let done = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const values = batch.map((r) => ({ ...(contactToColumns(r.input) as { role: string; name: string }), customer_id: r.customerId, created_at: ctx.now, updated_at: ctx.now }));
    const inserted = await s.tx.insertInto('contacts').values(values).returningAll().execute();
    await copyRows(s.client, 'customer_history', HISTORY_COLUMNS, (function* () {
      for (let i = 0; i < batch.length; i++) {
        const h = contactHistoryValues(diffFields({}, batch[i]!.input), toContact(inserted[i] as never));
        yield [inserted[i]!.customer_id, 0, 'contact', inserted[i]!.id, h.changes, h.snapshot, ctx.actorId, ctx.now];
      }
    })());
    done += batch.length;
    ctx.onProgress?.(done);
  }
  return done;
}

/** Inserts transactions with their product lines; a transaction wakes a dormant archive (ARC-9). */
export async function insertTransactions(s: BulkSession, rows: readonly NewTransaction[], ctx: { actorId: string | null; now: Date; onProgress?: (done: number) => void }): Promise<number> {
  let done = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const inserted = await s.tx.insertInto('transactions').values(batch.map((r) => transactionColumns(r.customerId, r.input, ctx.actorId, ctx.now))).returning(['id']).execute();
    const lines = batch.flatMap((r, i) => transactionLineColumns(inserted[i]!.id, r.input));
    if (lines.length) await s.tx.insertInto('transaction_lines').values(lines).execute();
    done += batch.length;
    ctx.onProgress?.(done);
  }
  const latest = new Map<string, string>();
  for (const r of rows) if ((latest.get(r.customerId) ?? '') < r.input.date) latest.set(r.customerId, r.input.date);
  if (latest.size) {
    await sql`UPDATE customers c SET last_transaction_on = greatest(c.last_transaction_on, x.d), lifecycle = CASE WHEN c.lifecycle = 'dormant' THEN 'active' ELSE c.lifecycle END
      FROM unnest(${[...latest.keys()]}::bigint[], ${[...latest.values()]}::date[]) AS x(id, d) WHERE c.id = x.id`.execute(s.tx);
  }
  return done;
}

export type ArchiveRef = { id: string; archiveNo: string; name: string; nameNorm: string; decision: AccessDecision; update: AccessDecision };

/**
 * The visible live archives matching archive numbers or normalised names, each with the policy's
 * read and update decisions (merged archives lead to their survivor). Archives the subject may not
 * see are simply not returned — to the caller they do not exist.
 */
export async function findArchivesForUpdate(db: Kysely<DB>, subject: AccessSubject, by: { archiveNos?: readonly string[]; nameNorms?: readonly string[] }, now = new Date()): Promise<ArchiveRef[]> {
  const nos = [...new Set(by.archiveNos ?? [])];
  const names = [...new Set(by.nameNorms ?? [])];
  if (nos.length === 0 && names.length === 0) return [];
  const withShares = () => selectCustomers(db).select(sql<string[]>`ARRAY(SELECT sh.user_id::text FROM customer_shares sh WHERE sh.customer_id = c.id)`.as('shared_with')).where('c.lifecycle', 'not in', ['deleted', 'destroyed']);
  const matched = await withShares()
    .where((eb) => eb.or([...(nos.length ? [eb('c.archive_no', 'in', nos)] : []), ...(names.length ? [eb.and([eb('c.name_norm', 'in', names), eb('c.merged_into', 'is', null)])] : [])]))
    .execute();
  const survivorIds = [...new Set(matched.filter((r) => r.merged_into).map((r) => r.merged_into!))];
  const survivors = new Map(survivorIds.length ? (await withShares().where('c.id', 'in', survivorIds).execute()).map((r) => [r.id, r]) : []);
  const grants = await activeGrantsByCustomer(db, subject.userId, now);
  const out: ArchiveRef[] = [];
  for (const asked of matched) {
    const row = asked.merged_into ? survivors.get(asked.merged_into) : asked;
    if (!row) continue;
    const facts = factsOf(row, grants.get(row.id) ?? []);
    const decision = decideCustomerAccess(subject, 'read', facts);
    if (decision.effect === 'deny') continue;
    out.push({ id: row.id, archiveNo: asked.archive_no, name: asked.name, nameNorm: asked.name_norm, decision, update: decideCustomerAccess(subject, 'update', facts) });
  }
  return out;
}

/**
 * Possible duplicates (ARC-10) of many candidates at once among the archives the subject can see:
 * one index-served lookup per kind of key (normalised name, credit code, the archive's own phone,
 * email), so a batch of a thousand import rows costs four index scans. With `notWrittenHere`
 * (inside a bulk transaction) the archives this transaction wrote itself are no candidates: an
 * import matches the earlier rows of its own file by their keys, whether or not they are written yet.
 */
export async function findDuplicatesMany(db: Kysely<DB>, subject: AccessSubject, keys: { nameNorms: string[]; creditCodes: string[]; phoneDigits: string[]; emails: string[] }, opts: { notWrittenHere?: boolean } = {}) {
  const { nameNorms, creditCodes, phoneDigits: digits, emails } = keys;
  const branches = [
    ...(nameNorms.length ? [sql`SELECT id FROM customers WHERE name_norm = ANY(${nameNorms}::text[])`] : []),
    ...(creditCodes.length ? [sql`SELECT id FROM customers WHERE credit_code = ANY(${creditCodes}::text[]) AND credit_code IS NOT NULL`] : []),
    ...(digits.length ? [sql`SELECT id FROM customers WHERE split_part(phone_digits, '|', 1) = ANY(${digits}::text[]) AND phone_digits <> ''`] : []),
    ...(emails.length ? [sql`SELECT id FROM customers WHERE lower(email) = ANY(${emails}::text[]) AND email IS NOT NULL`] : []),
  ];
  if (!branches.length) return [];
  return db
    .selectFrom('customers as c')
    .select(['c.id', 'c.archive_no', 'c.name', 'c.name_norm', 'c.credit_code', 'c.phone_digits', sql<string | null>`lower(c.email)`.as('email')])
    // a colleague's `none`-level archive the importer may not see counts too, named by number and owner only (ARC-10 撞单)
    .select([sql<boolean>`(${visibleCustomers(subject)})`.as('visible'), sql<string>`(SELECT u.display_name FROM users u WHERE u.id = c.owner_id)`.as('owner_name')])
    .where(sql<boolean>`c.id IN (${sql.join(branches, sql` UNION `)})`)
    .where(sql<boolean>`(${visibleCustomers(subject)} OR c.secrecy_level = 'none')`)
    .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
    .where('c.merged_into', 'is', null)
    .$if(!!opts.notWrittenHere, (q) => q.where(notWrittenHereSql('c')))
    .execute();
}
