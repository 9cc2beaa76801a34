/** Customer archives (ARC-1, ARC-2, ARC-7, ARC-10, ARC-11): every read and write through the access policy. */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { CreateCustomerInput, Customer, CustomerListQuery, UpdateCustomerInput } from '../../../contract/customers.js';
import { industryDivisionCodes } from '../../../contract/industries.js';
import { withGenericPlans } from '../../db/connect.js';
import { transactionCommittingWith } from '../../db/inline-sql.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor, parseSort } from '../../http/cursor.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { hasPermission } from '../access/access.rules.js';
import { subjectOf, withheldError } from '../access/access.service.js';
import { decidePaymentAccess } from '../access/evaluation-access.rules.js';
import { fieldGroups, type FieldGroup } from '../../../contract/access.js';
import { decideCustomerAccess, lendable, withheldGroups, type AccessDecision, type AccessSubject, type ActiveGrant, type AllowDecision, type CustomerAction, type CustomerFacts, type SecrecyLevel } from '../access/customer-access.rules.js';
import { visibilityBranches, visibleCustomers, visibleSeesAll, visibleSeesAllBelowTopSecret } from '../access/customer-access.sql.js';
import { activeGrantsByCustomer } from '../access/active-grants.js';
import { groupOfCustomerField, maskAccount, shapeCustomer } from '../access/field-groups.rules.js';
import { auditedWriteSql, recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { archiveNoSql, customerHistoryValues, replaceSearchTerms, selectCustomers, toColumns, toCustomer, type WritableField } from './customers.repository.js';
import { validateCustomValues } from './custom-fields.service.js';
import { searchCustomers } from './customers.search.js';
import { compareKeys, cursorKeyOf, cursorValueOf, customerSortKeys, sortKeySql, type CustomerSortField } from './customers.sort.js';
import { archivePrefixSql } from '../settings/settings.service.js';
import { registerCustomerOpener } from '../tasks/tasks.service.js';
import { derivedSearchColumns, diffFields, digitsOf, normalizeEmail, normalizeName, searchTerms } from './customers.rules.js';

/** The archive's shape from its row (forms print it after `openCustomer`). */
export { toCustomer } from './customers.repository.js';

/** One archive as stored, without an access decision: only for callers that already hold a right to it (a self-service link). */
export async function customerRecordOf(db: Kysely<DB>, id: string): Promise<Customer> {
  return toCustomer((await selectCustomers(db).where('c.id', '=', id).executeTakeFirstOrThrow()) as never);
}

/** none < secret < confidential < top_secret: raising applies at once, lowering needs approval (SEC-5, SEC-8). */
export const levelRank: Record<SecrecyLevel, number> = { none: 0, secret: 1, confidential: 2, top_secret: 3 };

type CustomerRow = Awaited<ReturnType<ReturnType<typeof selectCustomers>['executeTakeFirstOrThrow']>>;
export type OpenedCustomer = { row: CustomerRow & { shared_with: string[] }; decision: AllowDecision; subject: AccessSubject };

/** The subject's grants on a customer that are active at `now` (SEC-6): no job revokes them, time does. */
export async function activeGrants(db: Kysely<DB>, userId: string, customerId: string, now = new Date()): Promise<ActiveGrant[]> {
  return (await activeGrantsByCustomer(db, userId, now, [customerId])).get(customerId) ?? [];
}

export function factsOf(row: { id: string; owner_id: string | null; department_id: string; shared_with: string[]; secrecy_level: string; abc_class: string | null }, grants: readonly ActiveGrant[]): CustomerFacts {
  return {
    id: row.id,
    ownerId: row.owner_id,
    departmentId: row.department_id,
    sharedWith: row.shared_with,
    secrecyLevel: row.secrecy_level as SecrecyLevel,
    abcClass: (row.abc_class as CustomerFacts['abcClass']) ?? null,
    grants,
  };
}

/** Whether a grant could add anything to this decision: not when every group is open already, or the level lends nothing. */
function opensEverything(d: AccessDecision, facts: CustomerFacts): boolean {
  if (!lendable(facts.secrecyLevel)) return true;
  return d.effect === 'allow' && d.groups.length === fieldGroups.length;
}

/**
 * Loads a customer the subject may act on, with the policy's decision (groups, view-only, …),
 * or throws 404 (not visible) / 403 (visible, but this action is not allowed). Every module that
 * touches one customer's data opens it through here.
 */
export async function openCustomer(db: Kysely<DB>, subject: AccessSubject, id: string, action: Exclude<CustomerAction, 'create'>, now = new Date()): Promise<OpenedCustomer> {
  const withShares = () => selectCustomers(db).select(sql<string[]>`ARRAY(SELECT sh.user_id::text FROM customer_shares sh WHERE sh.customer_id = c.id)`.as('shared_with'));
  let row = await withShares().where('c.id', '=', id).where('c.lifecycle', 'not in', ['deleted', 'destroyed']).executeTakeFirst();
  // a merged archive's number leads to the survivor (ARC-10); it can no longer be changed itself
  for (let hops = 0; row?.merged_into && hops < 10; hops++) {
    if (action === 'update') throw new AppError('conflict', `This archive was merged into customer ${row.merged_into}.`, { rule: 'ARC-10', extra: { mergedInto: row.merged_into } });
    row = await withShares().where('c.id', '=', row.merged_into).where('c.lifecycle', 'not in', ['deleted', 'destroyed']).executeTakeFirst();
  }
  if (!row) throw notFound('customer');
  // grants only matter when the subject's standing leaves something closed (most reads: nothing is)
  let facts = factsOf(row, []);
  if (!opensEverything(decideCustomerAccess(subject, 'read', facts), facts)) facts = factsOf(row, await activeGrants(db, subject.userId, row.id, now));
  const read = decideCustomerAccess(subject, 'read', facts);
  if (read.effect === 'deny') throw notFound('customer');
  if (action !== 'read') {
    const decided = decideCustomerAccess(subject, action, facts);
    if (decided.effect === 'deny') {
      throw new AppError('forbidden', action === 'update' ? 'You may read this archive but not change it.' : `This archive is view-only at its secrecy level: no ${action}.`, { rule: decided.rule });
    }
  }
  return { row, decision: read, subject };
}
// tasks (below customers) open an archive through this same policy (PLT-2: handed over, not imported)
registerCustomerOpener(openCustomer);

/**
 * Opens an archive's transactions and payments (the `financial` group) for reading or recording:
 * through the archive, or by finance's duty (decidePaymentAccess) — which opens nothing else of it.
 * 404 when neither applies and the archive is not visible; 403 when it is visible but the books are withheld.
 */
export async function openFinancial(db: Kysely<DB>, subject: AccessSubject, id: string, now = new Date()) {
  let opened: OpenedCustomer | null = null;
  try {
    opened = await openCustomer(db, subject, id, 'read', now);
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'not_found')) throw e;
  }
  const row = opened?.row ?? (await selectCustomers(db).where('c.id', '=', id).where('c.lifecycle', 'not in', ['deleted', 'destroyed']).where('c.merged_into', 'is', null).executeTakeFirst());
  if (!row) throw notFound('customer');
  const access = decidePaymentAccess(subject, { secrecyLevel: row.secrecy_level as SecrecyLevel, abcClass: row.abc_class }, opened?.decision ?? { effect: 'deny', rule: 'SEC-2' });
  if (!access.read) {
    if (opened) throw withheldError(opened.decision, 'financial');
    throw notFound('customer');
  }
  return { row, access };
}

/**
 * The policy's read decision on a live archive for a subject who may not see it (null when it
 * does not exist). Only for asking for access (SEC-6): nothing of the archive is returned.
 */
export async function peekCustomerAccess(db: Kysely<DB>, subject: AccessSubject, id: string, now = new Date()) {
  const row = await selectCustomers(db)
    .select(sql<string[]>`ARRAY(SELECT sh.user_id::text FROM customer_shares sh WHERE sh.customer_id = c.id)`.as('shared_with'))
    .where('c.id', '=', id)
    .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
    .where('c.merged_into', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const decision = decideCustomerAccess(subject, 'read', factsOf(row, await activeGrants(db, subject.userId, row.id, now)));
  return { id: row.id, name: row.name, archiveNo: row.archive_no, secrecyLevel: row.secrecy_level as SecrecyLevel, decision };
}

/** Loads a customer the subject may act on, or throws 404 (not visible) / 403 (visible, not allowed). */
export async function authorizeCustomer(db: Kysely<DB>, subject: AccessSubject, id: string, action: Exclude<CustomerAction, 'create'>) {
  return (await openCustomer(db, subject, id, action)).row;
}

function derivedColumns(name: string, _shortName: string | null | undefined, phone: string | null | undefined, fax: string | null | undefined) {
  return derivedSearchColumns(name, phone, fax);
}

/** The owner an archive may be given by this subject (themselves, or users whose customers they manage); shared by imports. */
export async function requireOwner(db: Kysely<DB>, subject: AccessSubject, ownerId: string) {
  const owner = await db.selectFrom('users').select(['id', 'department_id', 'disabled', 'display_name']).where('id', '=', ownerId).executeTakeFirst();
  if (!owner || owner.disabled) throw fieldError('ownerId', 'no such active user');
  const probe: CustomerFacts = { id: '0', ownerId, departmentId: owner.department_id, sharedWith: [], secrecyLevel: 'none', abcClass: null, grants: [] };
  if (ownerId !== subject.userId && decideCustomerAccess(subject, 'update', probe).effect === 'deny') {
    throw fieldError('ownerId', 'you may only assign archives to yourself or to users whose customers you manage');
  }
  return owner;
}

export type DuplicateCandidate = { id: string; archiveNo: string; name: string; matchedOn: ('name' | 'creditCode' | 'phone' | 'email')[] };

/** Visible archives that look like the same customer (ARC-10). */
export async function findDuplicates(db: Kysely<DB>, subject: AccessSubject, c: { name: string; creditCode?: string | null; phone?: string | null; email?: string | null }, exceptId?: string): Promise<DuplicateCandidate[]> {
  const norm = normalizeName(c.name);
  const digits = digitsOf(c.phone);
  const email = normalizeEmail(c.email);
  const rows = await db
    .selectFrom('customers as c')
    .select(['c.id', 'c.archive_no', 'c.name', 'c.name_norm', 'c.credit_code', 'c.phone_digits', 'c.email'])
    .where(visibleCustomers(subject))
    .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
    .where('c.merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        eb('c.name_norm', '=', norm),
        ...(c.creditCode ? [eb('c.credit_code', '=', c.creditCode)] : []),
        ...(digits.length >= 7 ? [eb(sql<string>`'|' || c.phone_digits || '|'`, 'like', `%|${digits}|%`)] : []),
        ...(email ? [eb(sql<string>`lower(c.email)`, '=', email)] : []),
      ]),
    )
    .$if(exceptId !== undefined, (q) => q.where('c.id', '!=', exceptId!))
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    archiveNo: r.archive_no,
    name: r.name,
    matchedOn: [
      ...(r.name_norm === norm ? (['name'] as const) : []),
      ...(c.creditCode && r.credit_code === c.creditCode ? (['creditCode'] as const) : []),
      ...(digits.length >= 7 && `|${r.phone_digits}|`.includes(`|${digits}|`) ? (['phone'] as const) : []),
      ...(email && normalizeEmail(r.email) === email ? (['email'] as const) : []),
    ],
  }));
}

/** A colleague's archive the subject may not see, disclosed only as its number and owner (ARC-10 撞单). */
export type HiddenDuplicate = { archiveNo: string; ownerName: string; visible: false };

/**
 * Archives at level `none` that the subject may not see but that look like the same customer
 * (ARC-10, SEC-2): only the archive number and the owner's name leave the server, so the rep can
 * ask the owner for a share or a transfer instead of filing a copy. `secret` and above are never
 * named: for them the answer is exactly the one with no such archive (SEC-5).
 */
export async function findHiddenDuplicates(db: Kysely<DB>, subject: AccessSubject, c: { name: string; creditCode?: string | null; phone?: string | null; email?: string | null }): Promise<(HiddenDuplicate & { id: string })[]> {
  const norm = normalizeName(c.name);
  const digits = digitsOf(c.phone);
  const email = normalizeEmail(c.email);
  const rows = await db
    .selectFrom('customers as c')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .select(['c.id', 'c.archive_no', 'u.display_name'])
    .where('c.secrecy_level', '=', 'none')
    .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
    .where('c.merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        eb('c.name_norm', '=', norm),
        ...(c.creditCode ? [eb('c.credit_code', '=', c.creditCode)] : []),
        ...(digits.length >= 7 ? [eb(sql<string>`'|' || c.phone_digits || '|'`, 'like', `%|${digits}|%`)] : []),
        ...(email ? [eb(sql<string>`lower(c.email)`, '=', email)] : []),
      ]),
    )
    .where(sql<SqlBool>`NOT (${visibleCustomers(subject)})`)
    .orderBy('c.id')
    .limit(20)
    .execute();
  return rows.map((r) => ({ id: r.id, archiveNo: r.archive_no, ownerName: r.display_name, visible: false as const }));
}

async function validateReferences(db: Kysely<DB>, subject: AccessSubject, input: Partial<CreateCustomerInput>) {
  if (input.referredBy) {
    const ref = await db.selectFrom('customers as c').select('c.id').where('c.id', '=', input.referredBy).where(visibleCustomers(subject)).executeTakeFirst();
    if (!ref) throw fieldError('referredBy', 'no such customer archive');
  }
}

export async function createCustomer(db: Kysely<DB>, p: Principal, input: CreateCustomerInput, actor: Actor, now = new Date()): Promise<Customer> {
  const subject = await subjectOf(db, p);
  if (decideCustomerAccess(subject, 'create', null).effect === 'deny') throw new AppError('forbidden', 'Your roles may not create customer archives.', { rule: 'SEC-2' });
  await validateCustomValues(db, input.custom, true);
  const ownerId = input.ownerId ?? p.userId;
  // the caller as owner needs no query: the signed-in principal is an active user with their department (PLT-7)
  const owner = ownerId === p.userId ? { id: p.userId, department_id: p.departmentId, disabled: false, display_name: p.displayName } : await requireOwner(db, subject, ownerId);
  await validateReferences(db, subject, input);
  if (!input.confirmDuplicate) {
    const visible = await findDuplicates(db, subject, input);
    const hidden = await findHiddenDuplicates(db, subject, input);
    if (hidden.length > 0) {
      // naming a colleague's archive to someone who may not see it is a disclosure: audited (SEC-10)
      for (const h of hidden) await recordReadAudit(db, actor, { action: 'customer.duplicate_disclosed', entityType: 'customer', entityId: h.id, data: { archiveNo: h.archiveNo, via: 'create' } }, now);
    }
    const duplicates = [...visible.map((d) => ({ ...d, visible: true })), ...hidden.map(({ archiveNo, ownerName }) => ({ archiveNo, ownerName, visible: false }))];
    if (duplicates.length > 0) {
      throw new AppError('conflict', `Possible duplicate of ${duplicates.map((d) => d.archiveNo).join(', ')}; send confirmDuplicate: true to create anyway.`, { rule: 'ARC-10', extra: { duplicates } });
    }
  }
  const { confirmDuplicate: _confirm, ...fields } = input;
  const year = now.getFullYear();
  const terms = searchTerms(fields.name, fields.shortName);
  // The gap-free number (ARC-2) locks the year's counter row until COMMIT; every create waits for
  // it (PLT-7: creates must not queue). So the company's prefix (KH by default), the number, the
  // archive and its search terms are one statement; the history row and the audit event are a
  // second one, sent in one message with the COMMIT — the lock ends without this process having to
  // read one more answer first, which under load waits its turn behind every other request.
  return transactionCommittingWith(db, async (tx) => {
    const row = await tx
      .with('n', (q) =>
        q.insertInto('archive_counters').columns(['prefix', 'year', 'last'])
          .expression(sql`SELECT ${archivePrefixSql()}, ${year}::int, 1` as never)
          .onConflict((oc) => oc.columns(['prefix', 'year']).doUpdateSet({ last: sql`archive_counters.last + 1` }))
          .returning(['prefix', 'last']),
      )
      .with('c', (q) =>
        q.insertInto('customers')
          .values({
            ...(toColumns({ ...fields, ownerId }) as object),
            archive_no: sql<string>`(SELECT ${archiveNoSql(year)} FROM n)`,
            filed_on: fields.filedOn ?? now.toISOString().slice(0, 10),
            name: fields.name.trim(),
            customer_type: fields.customerType,
            owner_id: ownerId,
            department_id: owner.department_id,
            created_by: p.userId,
            created_at: now,
            updated_at: now,
            ...derivedColumns(fields.name, fields.shortName, fields.phone, fields.fax),
          } as never)
          .returningAll(),
      )
      .with('t', (q) =>
        q.insertInto('customer_terms')
          .columns(['term', 'rank', 'name_len', 'customer_id'])
          .expression(sql`SELECT x.term, x.rank, x.name_len, c.id FROM c, unnest(${terms.map((t) => t.term)}::text[], ${terms.map((t) => t.rank)}::smallint[], ${terms.map((t) => t.nameLen)}::smallint[]) AS x(term, rank, name_len)` as never),
      )
      .selectFrom('c')
      .selectAll()
      .executeTakeFirstOrThrow();
    const { id, archive_no: archiveNo } = row as unknown as { id: string; archive_no: string };
    const created = toCustomer({ ...row, owner_name: owner.display_name, revision_count: 0 } as never);
    const changes = diffFields({}, { ...fields, ownerId });
    const h = customerHistoryValues(changes, created);
    const last = auditedWriteSql(
      tx,
      sql`INSERT INTO customer_history (customer_id, version, entity, entity_id, changes, snapshot, actor_id, at) VALUES (${id}, 0, 'customer', ${id}, ${h.changes}::jsonb, ${h.snapshot}::jsonb, ${p.userId}, ${now})`,
      actor,
      { action: 'customer.created', entityType: 'customer', entityId: id, data: { archiveNo } },
      now,
    );
    return { result: created, last };
  });
}

export async function getCustomer(db: Kysely<DB>, p: Principal, id: string, actor: Actor): Promise<Customer> {
  const subject = await subjectOf(db, p);
  const { row, decision } = await openCustomer(db, subject, id, 'read');
  await recordReadAudit(db, actor, { action: 'customer.viewed', entityType: 'customer', entityId: row.id, data: { via: decision.via, withheld: withheldGroups(decision) } });
  return { ...shapeCustomer(toCustomer(row as never), decision.groups), viewOnly: decision.viewOnly, watermark: decision.watermark, accessVia: decision.via };
}

export async function updateCustomer(db: Kysely<DB>, p: Principal, id: string, input: UpdateCustomerInput, actor: Actor, now = new Date()): Promise<Customer> {
  const subject = await subjectOf(db, p);
  const { row, decision } = await openCustomer(db, subject, id, 'update');
  const before = toCustomer(row as never);
  const { version, ...patch } = input;
  // nobody changes what they may not read (SEC-3, SEC-4)
  const hidden = Object.keys(patch).filter((f) => patch[f as keyof typeof patch] !== undefined && !decision.groups.includes(groupOfCustomerField(f)));
  if (hidden.length > 0) {
    throw new AppError('forbidden', `You may not change ${hidden.join(', ')}: the ${[...new Set(hidden.map(groupOfCustomerField))].join(', ')} part of this archive is withheld from you.`, { rule: decision.restrictedBy ?? 'SEC-4', errors: hidden.map((f) => ({ path: f, message: 'is withheld from you' })) });
  }
  if (patch.secrecyLevel && levelRank[patch.secrecyLevel] < levelRank[before.secrecyLevel]) {
    throw new AppError('rule_violation', 'secrecyLevel: lowering a secrecy level needs the general manager\'s approval; request it with POST /api/v1/customers/{id}/protected-changes.', { rule: 'SEC-8', errors: [{ path: 'secrecyLevel', message: 'lowering needs approval' }] });
  }
  if (patch.custom) {
    await validateCustomValues(db, patch.custom, false);
    patch.custom = { ...(before.custom ?? {}), ...patch.custom }; // a PATCH names only the custom fields it changes
  }
  if (patch.ownerId && patch.ownerId !== before.ownerId) {
    if (before.tier === 'key' || before.tier === 'big' || before.abcClass === 'A') {
      throw new AppError('rule_violation', 'ownerId: transferring a key customer needs the marketing manager\'s approval; request it with POST /api/v1/customers/{id}/protected-changes.', { rule: 'SEC-8', errors: [{ path: 'ownerId', message: 'transfer needs approval' }] });
    }
    await requireOwner(db, subject, patch.ownerId);
  }
  await validateReferences(db, subject, patch);
  if (patch.referredBy === id) throw fieldError('referredBy', 'an archive cannot refer to itself');
  const changes = diffFields(before as unknown as Record<string, unknown>, patch);
  if (version !== before.version) throw staleVersion('archive', version);
  if (changes.length === 0) return shapeCustomer(before, decision.groups);
  // in the caller's transaction when given one (a reviewed self-service submission, ARC-14), else its own
  const inTransaction = <T>(f: (tx: Kysely<DB>) => Promise<T>) => (db.isTransaction ? f(db) : db.transaction().execute(f));
  return inTransaction(async (tx) => {
    const next = { ...before, ...patch } as Customer;
    const set: Record<string, unknown> = { ...toColumns(Object.fromEntries(changes.map((c) => [c.field, c.newValue])) as Partial<Record<WritableField, unknown>>), updated_at: now, version: sql`version + 1` };
    if (changes.some((c) => c.field === 'ownerId')) {
      set.department_id = (await tx.selectFrom('users').select('department_id').where('id', '=', next.ownerId).executeTakeFirstOrThrow()).department_id;
    }
    if (changes.some((c) => ['name', 'shortName', 'phone', 'fax'].includes(c.field))) {
      Object.assign(set, derivedColumns(next.name, next.shortName, next.phone, next.fax));
      await replaceSearchTerms(tx, id, searchTerms(next.name, next.shortName));
    }
    const updated = await tx.updateTable('customers').set(set).where('id', '=', id).where('version', '=', version).returning('version').executeTakeFirst();
    if (!updated) throw staleVersion('archive', version);
    const after = toCustomer((await selectCustomers(tx).where('c.id', '=', id).executeTakeFirstOrThrow()) as never);
    after.revisionCount += 1; // this change's history row is written just below
    await tx.insertInto('customer_history').values({ customer_id: id, version: updated.version, entity: 'customer', entity_id: id, ...customerHistoryValues(changes, after), actor_id: p.userId, at: now }).execute();
    await recordAudit(tx, actor, { action: 'customer.updated', entityType: 'customer', entityId: id, data: { fields: changes.map((c) => c.field), version: updated.version } }, now);
    if (patch.secrecyLevel && patch.secrecyLevel !== before.secrecyLevel) {
      await recordAudit(tx, actor, { action: 'customer.secrecy_raised', entityType: 'customer', entityId: id, data: { from: before.secrecyLevel, to: patch.secrecyLevel } }, now);
    }
    return shapeCustomer(after, decision.groups);
  });
}

const filterColumns = {
  customerType: 'c.customer_type', source: 'c.source', secrecyLevel: 'c.secrecy_level', lifecycle: 'c.lifecycle', companyNature: 'c.company_nature',
  industryPosition: 'c.industry_position', category: 'c.category', status: 'c.status', stage: 'c.stage', importance: 'c.importance',
  creditGrade: 'c.credit_grade', tier: 'c.tier', abcClass: 'c.abc_class', ownerId: 'c.owner_id', departmentId: 'c.department_id',
} as const;

/**
 * Deleted archives are the recycle bin's and destroyed ones the destruction register's (SEC-8,
 * SEC-9): a list, count or export filter opens them only to holders of `recycle.manage`.
 */
export function assertLifecycleFilter(subject: Pick<AccessSubject, 'roles'>, lifecycle: string | undefined): void {
  if ((lifecycle === 'deleted' || lifecycle === 'destroyed') && !hasPermission(subject.roles, 'recycle.manage')) {
    throw new AppError('forbidden', `lifecycle: ${lifecycle} archives are listed only in the recycle bin and the destruction register.`, { rule: 'SEC-8', errors: [{ path: 'lifecycle', message: 'needs the recycle-bin permission' }] });
  }
}

/** Visible, filtered customers (SEC-2 first, then every list filter of ARC-11). */
function visibleFiltered(db: Kysely<DB>, subject: AccessSubject, q: Omit<CustomerListQuery, 'limit' | 'cursor' | 'sort' | 'q'>, visibility: Expression<SqlBool> = visibleCustomers(subject)) {
  let query = selectCustomers(db).where(visibility).where('c.merged_into', 'is', null);
  assertLifecycleFilter(subject, q.lifecycle);
  query = q.lifecycle ? query : query.where('c.lifecycle', 'in', ['active', 'dormant']);
  for (const [key, col] of Object.entries(filterColumns)) {
    const v = q[key as keyof typeof filterColumns];
    if (v !== undefined) query = query.where(col, '=', v);
  }
  if (q.region) query = query.where('c.region', 'like', `${q.region}%`);
  if (q.industry) query = query.where('c.industry', 'ilike', `%${q.industry.replace(/[\\%_]/g, '\\$&')}%`);
  // GB/T 4754 (ARC-1, ARC-11): a 大类 code, or a 门类 letter standing for its 大类
  if (q.industryCode) query = query.where(sql<string>`COALESCE(c.industry_code, '99')`, 'in', industryDivisionCodes(q.industryCode));
  if (q.tag) query = query.where(sql<boolean>`${q.tag} = ANY(c.tags)`);
  if (q.filedFrom) query = query.where('c.filed_on', '>=', q.filedFrom);
  if (q.filedTo) query = query.where('c.filed_on', '<=', q.filedTo);
  // days in the company's time zone (ARC-11): from its first instant, to before the next day's
  if (q.createdFrom) query = query.where('c.created_at', '>=', dayStart(q.createdFrom));
  if (q.createdTo) query = query.where('c.created_at', '<', dayEnd(q.createdTo));
  if (q.updatedFrom) query = query.where('c.updated_at', '>=', dayStart(q.updatedFrom));
  if (q.updatedTo) query = query.where('c.updated_at', '<', dayEnd(q.updatedTo));
  if ((q.lastContactFrom || q.lastContactTo) && q.tier) {
    // ANA-2 a tier's customers by last contact (the managers' key customers not contacted for 90
    // days): read off the (tier, last contact) index of contact_states, whose tier is kept equal to
    // the customer's by triggers (migration 0208) — with c.tier = the tier above, the same rows as
    // the per-customer form below, without opening every customer of the tier
    query = query.where(sql<boolean>`c.id IN (SELECT s.customer_id FROM contact_states s WHERE ${tierContactedIn(q.tier, q)})`);
  } else if (q.lastContactFrom || q.lastContactTo) {
    const last = sql<Date>`(SELECT GREATEST(s.last_call_at, s.last_visit_at) FROM contact_states s WHERE s.customer_id = c.id)`;
    if (q.lastContactFrom) query = query.where(last, '>=', dayStart(q.lastContactFrom));
    if (q.lastContactTo) query = query.where(last, '<', dayEnd(q.lastContactTo));
  }
  if (q.customField && q.customValue !== undefined) {
    // text and choices compare as text; a multiple choice matches when it contains the value
    query = query.where(sql<boolean>`(c.custom ->> ${q.customField} = ${q.customValue} OR c.custom -> ${q.customField} @> to_jsonb(${q.customValue}::text) OR (jsonb_typeof(c.custom -> ${q.customField}) = 'number' AND c.custom ->> ${q.customField} = ${q.customValue}))`);
  }
  return query;
}

/**
 * The customer list's filters (ARC-11) over the customers matching `visibility` — an analysis of
 * sales passes financialCustomers (ANA-1), so its figures follow the same filters as the list.
 */
export function filteredCustomers(db: Kysely<DB>, subject: AccessSubject, q: Omit<CustomerListQuery, 'limit' | 'cursor' | 'sort' | 'q'>, visibility: Expression<SqlBool>) {
  return visibleFiltered(db, subject, q, visibility);
}

/**
 * Rows of a list or search as the caller may see each (SEC-3, SEC-4): one decision per row, from
 * the caller's shares and active grants on just these rows (two small indexed reads).
 */
export async function shapeListRows(db: Kysely<DB>, subject: AccessSubject, rows: readonly Record<string, unknown>[]): Promise<Customer[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => String(r['id']));
  const plain = (r: Record<string, unknown>) => factsOf({ id: String(r['id']), owner_id: String(r['owner_id']), department_id: String(r['department_id']), shared_with: [], secrecy_level: String(r['secrecy_level']), abc_class: (r['abc_class'] as string | null) ?? null }, []);
  // shares count only for sales users; grants only where the standing decision leaves something closed
  const needGrants = rows.some((r) => !opensEverything(decideCustomerAccess(subject, 'read', plain(r)), plain(r)));
  // `= ANY(array)`, not `IN (list)`: one statement text whatever the page's length, prepared once (PLT-7)
  const onPage = sql<boolean>`customer_id = ANY(${ids}::bigint[])`;
  const [shares, grants] = await Promise.all([
    subject.roles.includes('sales') ? db.selectFrom('customer_shares').select('customer_id').where('user_id', '=', subject.userId).where(onPage).execute() : [],
    needGrants ? activeGrantsByCustomer(db, subject.userId, new Date(), ids) : new Map<string, ActiveGrant[]>(),
  ]);
  const shared = new Set(shares.map((r) => r.customer_id));
  const out: Customer[] = [];
  for (const r of rows) {
    const id = String(r['id']);
    const facts = factsOf(
      { id, owner_id: String(r['owner_id']), department_id: String(r['department_id']), shared_with: shared.has(id) ? [subject.userId] : [], secrecy_level: String(r['secrecy_level']), abc_class: (r['abc_class'] as string | null) ?? null },
      grants.get(id) ?? [],
    );
    const d = decideCustomerAccess(subject, 'read', facts);
    if (d.effect === 'deny') continue; // the SQL form and the policy agree (property-tested); never show a denied row
    // lists never carry a whole bank account (SEC-12): the detail does, for who may read it
    const shaped = shapeCustomer(toCustomer(r as never), d.groups);
    if (typeof shaped.bankAccount === 'string' && shaped.bankAccount) shaped.bankAccount = maskAccount(shaped.bankAccount);
    out.push(shaped);
  }
  return out;
}

/** How many archives the caller can see under these filters; capped, so it stays fast at 1M rows. */
export async function countCustomers(db: Kysely<DB>, p: Principal, q: Omit<CustomerListQuery, 'limit' | 'cursor' | 'sort'>, cap = 10_000) {
  const subject = await subjectOf(db, p);
  const base = visibleFiltered(db, subject, q);
  if (q.q && q.q.trim()) {
    const found = await searchCustomers(db, base, q.q, 1000, undefined);
    return { count: found.rows.length, capped: found.nextCursor !== null };
  }
  const tierByContact = await countTierByLastContact(db, subject, q);
  if (tierByContact !== null) return { count: Math.min(tierByContact, cap), capped: tierByContact > cap };
  const r = await db.selectFrom(base.clearSelect().select('c.id').limit(cap + 1).as('x')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const n = Number(r.n);
  return { count: Math.min(n, cap), capped: n > cap };
}

/** A China calendar day's first instant, and the first instant after it. */
const dayStart = (d: string) => sql<Date>`(${d}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const dayEnd = (d: string) => sql<Date>`((${d}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/** Contact states (`s`) of a tier whose last call or visit falls in the days asked (migration 0208's index). */
function tierContactedIn(tier: string, q: { lastContactFrom?: string | undefined; lastContactTo?: string | undefined }) {
  const last = sql<Date>`GREATEST(s.last_call_at, s.last_visit_at)`;
  return sql.join(
    [
      sql`s.tier = ${tier}`,
      ...(q.lastContactFrom ? [sql`${last} >= ${dayStart(q.lastContactFrom)}`] : []),
      ...(q.lastContactTo ? [sql`${last} < ${dayEnd(q.lastContactTo)}`] : []),
    ],
    sql` AND `,
  );
}

/**
 * ANA-2 the managers' home page: a tier's customers by last contact (key customers not contacted
 * for 90 days), counted for whoever sees every archive (the gm) or every one below top secret (the
 * roles that see every archive) with no other filter — as the tier's contact states in the range
 * (the (tier, last contact) index alone, migration 0208) less those of the few archives the caller
 * does not count: unlisted ones (customers_unlisted_idx) and top-secret ones (customers_restricted_idx).
 * Null for anyone else or any other filter. The same number as counting the visible, filtered
 * customers (tier-contact-count.test.ts), without opening them when the answer runs to thousands.
 */
async function countTierByLastContact(db: Kysely<DB>, subject: AccessSubject, q: Omit<CustomerListQuery, 'limit' | 'cursor' | 'sort'>): Promise<number | null> {
  const only = new Set(['tier', 'lastContactFrom', 'lastContactTo']);
  if (!q.tier || !(q.lastContactFrom || q.lastContactTo) || Object.entries(q).some(([k, v]) => v !== undefined && !only.has(k))) return null;
  const all = visibleSeesAll(subject);
  if (!all && !visibleSeesAllBelowTopSecret(subject)) return null;
  const inRange = tierContactedIn(q.tier, q);
  const r = await sql<{ n: string }>`
    SELECT ((SELECT count(*) FROM contact_states s WHERE ${inRange})
          - (SELECT count(*) FROM customers u JOIN contact_states s ON s.customer_id = u.id
              WHERE (u.merged_into IS NOT NULL OR u.lifecycle NOT IN ('active', 'dormant')) AND ${inRange})
          ${all ? sql`` : sql`- (SELECT count(*) FROM customers u JOIN contact_states s ON s.customer_id = u.id
              WHERE (u.secrecy_level <> 'none' OR u.abc_class = 'A') AND u.secrecy_level = 'top_secret'
                AND u.merged_into IS NULL AND u.lifecycle IN ('active', 'dormant') AND ${inRange})`})::text AS n`.execute(db);
  return Number(r.rows[0]!.n);
}

/**
 * The ids of the archives the list shows the caller for these filters and search (issue 17 item 16,
 * "all matching the filter"): the same visibility and filters as listCustomers, at most `cap` + 1
 * read, so `overCap` is exact without counting everything.
 */
export async function matchingCustomerIds(db: Kysely<DB>, p: Principal, q: Omit<CustomerListQuery, 'limit' | 'cursor' | 'sort'>, cap: number): Promise<{ ids: string[]; overCap: boolean }> {
  const subject = await subjectOf(db, p);
  const base = visibleFiltered(db, subject, q);
  let ids: string[];
  if (q.q && q.q.trim()) {
    const found = await searchCustomers(db, base, q.q, cap + 1, undefined);
    ids = found.rows.map((r) => r.id);
    if (found.nextCursor !== null) ids.push('overflow');
  } else {
    ids = (await base.clearSelect().select('c.id').orderBy('c.id').limit(cap + 1).execute()).map((r) => r.id);
  }
  return { ids: ids.slice(0, cap), overCap: ids.length > cap };
}

/** Search and list in one (ARC-11): visibility first, then filters, then the search box, ranked. */
export async function listCustomers(db: Kysely<DB>, p: Principal, q: CustomerListQuery) {
  const subject = await subjectOf(db, p);
  let query = visibleFiltered(db, subject, q);

  if (q.q && q.q.trim()) {
    const found = await searchCustomers(db, query, q.q, q.limit, q.cursor, { genericPlans: !visibilityBranches(subject) });
    return { items: await shapeListRows(db, subject, found.rows), nextCursor: found.nextCursor };
  }

  const sort = parseSort(q.sort, { field: 'createdAt', dir: 'desc' });
  const key = customerSortKeys[sort.field as CustomerSortField];
  const keySql = sortKeySql(key);
  const after = decodeCursor(q.cursor, 2);
  const afterKey = after ? cursorKeyOf(key.kind, after[0]) : null;
  if (after && (!afterKey || !/^[0-9]{1,18}$/.test(String(after[1])))) {
    throw new AppError('validation_failed', 'cursor: must be a value taken from nextCursor of the same sort', { errors: [{ path: 'cursor', message: 'must be a value taken from nextCursor' }] });
  }
  const page_ = (base: typeof query) => {
    let b = base.select(keySql.as('sort_key'));
    if (after && afterKey) {
      const cmp = sort.dir === 'asc' ? sql`>` : sql`<`;
      b = b.where(sql<boolean>`(${keySql}, c.id) ${cmp} (${afterKey}, ${String(after[1])}::bigint)`);
    }
    // a literal limit: with `LIMIT $n` a prepared statement's generic plan never wins and every page is planned anew (PLT-7)
    return b.orderBy(keySql, sort.dir).orderBy('c.id', sort.dir).limit(sql.lit(q.limit + 1));
  };
  type KeyedRow = Awaited<ReturnType<typeof query.execute>>[number] & { sort_key: unknown };
  // Without filters a page is read off the sort key's index (or the owner's / department's) whatever
  // the parameters: planned once per connection (PLT-7; its generic plan is the same plan, and
  // planning took 0.6–4.6 ms against 0.4–1.5 ms of execution). A filter's value may be rare or
  // common (an owner, a region prefix), so filtered pages keep a plan for their values.
  const { limit: _limit, cursor: _cursor, sort: _sort, q: _q, ...filters } = q;
  const reader = Object.values(filters).every((v) => v === undefined) ? withGenericPlans(db) : db;
  const run = async (b: ReturnType<typeof page_>) => (await reader.executeQuery(b.compile())).rows as KeyedRow[];
  const branches = visibilityBranches(subject);
  let rows: KeyedRow[];
  if (!branches) {
    rows = await run(page_(query));
  } else {
    // each branch's page off its own (owner | department, sort) index, merged: the overall page is in their union
    const parts = await Promise.all(branches.map((b) => run(page_(visibleFiltered(db, subject, q, b)))));
    const seen = new Set<string>();
    const cmp = (a: KeyedRow, b: KeyedRow) => {
      const byKey = compareKeys(a.sort_key, b.sort_key);
      const order = byKey !== 0 ? byKey : Number(BigInt(a.id) - BigInt(b.id));
      return sort.dir === 'asc' ? order : -order;
    };
    rows = parts
      .flat()
      .filter((r) => !seen.has(r.id) && (seen.add(r.id), true))
      .sort(cmp)
      .slice(0, q.limit + 1);
  }
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const keyOf = (r: KeyedRow) => cursorValueOf(r.sort_key);
  return { items: await shapeListRows(db, subject, page), nextCursor: rows.length > q.limit && last ? encodeCursor([keyOf(last), last.id]) : null };
}
