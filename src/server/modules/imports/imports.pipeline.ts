/**
 * One pass over an import file (ARC-12), shared by the dry run and the commit: rows are read in
 * batches, mapped by header, converted, validated with the API's own zod schemas, checked against
 * the access policy (owners, archives to add to) and for duplicates (ARC-10: the archives the
 * importer can see, and earlier rows of the file). With `commit`, each clean batch is written
 * through the customers module inside the caller's one transaction; the first error stops the
 * writing (the caller rolls back) while the rest of the file is still checked, so the report is whole.
 */
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { z } from 'zod';
import { createContactBody, createCustomerBody, createTransactionBody } from '../../../contract/customers.js';
import type { ImportEntity, ImportIssue } from '../../../contract/imports.js';
import { isImportIssueCode, type ImportIssueCode, type ImportIssueParams } from '../../../contract/import-issues.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { fieldErrorCodeOf } from '../../http/validation.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { checkCustomValues } from '../customers/custom-fields.rules.js';
import { listCustomFields } from '../customers/custom-fields.service.js';
import { findArchivesForUpdate, findDuplicatesMany, insertContacts, insertCustomers, insertTransactions, notWrittenHereSql, type ArchiveRef, type NewContact, type NewCustomer, type NewTransaction } from '../customers/customers.bulk.js';
import { digitsOf, normalizeEmail, normalizeName } from '../customers/customers.rules.js';
import { requireOwner } from '../customers/customers.service.js';
import { cellText, columnLetter, convertCell, customFieldSpecs, entityFields, mapHeaders, type Cell, type FieldSpec } from './imports.fields.js';
import { readRows, recordRows, replayRows, type FileInfo, type ReadLimits } from './imports.read.js';

export type DuplicatePolicy = 'skip' | 'create';
export type PipelineOptions = {
  db: Kysely<DB>;
  subject: AccessSubject;
  /** The importing user, or null for the system (the CLI without --user). */
  importerId: string | null;
  /** Owner of archives whose row names none. */
  defaultOwnerId: string;
  entity: ImportEntity;
  path: string;
  info: FileInfo;
  mapping: Record<string, string | null>;
  limits: ReadLimits;
  /** Commit: `db` is the transaction and `client` the pg client it runs on (the bulk writes COPY through it). */
  commit?: { duplicates: DuplicatePolicy; now: Date; client: pg.ClientBase; /** Write the valid rows, skip rows with errors (an explicit choice; all or nothing otherwise). */ validOnly?: boolean };
  onProgress?: (p: { rowsDone: number; fraction: number }) => void;
  onIssues?: (issues: ImportIssue[]) => Promise<void> | void;
  /** Colleagues' archives named to the importer who may not see them (ARC-10 撞单): to be audited. */
  onDisclosed?: (archives: { id: string; archiveNo: string }[]) => Promise<void> | void;
  batchSize?: number;
  /** Milliseconds spent per phase, added up here when given (`kedang import --timings`, the benchmark's profile). */
  timings?: PassTimings;
  /** A dry run records the rows it read (`record`); its commit replays them (`replay`) instead of parsing the file again. */
  recording?: { record?: string | undefined; replay?: string | undefined };
};
/**
 * Milliseconds per phase of a pass. Reading, converting and checking run one after the other in
 * this process; the writes (`write.*`) run on the database meanwhile, so they overlap the others
 * and `write.wait` is the time the checks waited for them.
 */
export type PassTimings = Record<string, number>;
/** Adds the time since `t0` to `key` (no-op without timings). */
export function lap(t: PassTimings | undefined, key: string, t0: number): void {
  if (t) t[key] = (t[key] ?? 0) + (performance.now() - t0);
}
export type ImportColumn = { column: string; header: string; field: string | null };
export type PipelineResult = {
  columns: ImportColumn[];
  rowsTotal: number;
  validRows: number;
  errorRows: number;
  duplicateRows: number;
  committedRows: number;
  skippedRows: number;
  /** The first and last archive number written (consecutive, ARC-2). */
  archiveRange: { first: string; last: string } | null;
};

type Row = { rowNo: number; cells: Cell[]; values: Record<string, unknown>; issues: ImportIssue[]; duplicate: boolean };
type Context = PipelineOptions & { specs: FieldSpec[]; colOf: Map<string, number>; headers: string[]; seen: Map<string, Map<string, number>>; customDefs: Awaited<ReturnType<typeof listCustomFields>>; owners: Map<string, { id: string; departmentId: string; displayName: string } | Refusal>; users: Map<string, { id: string } | Refusal> };
/** A finding's stable code and parameters (issue 17 item 5). */
type Coded = { code: ImportIssueCode; params?: ImportIssueParams | undefined };
/** A refusal kept per user or owner: its English message and its code. */
type Refusal = Coded & { message: string };
const isRefusal = (x: unknown): x is Refusal => typeof x === 'object' && x !== null && 'message' in x;
/** A field error's code as an import finding's code (the few the import does not know read as `invalid`). */
const importCodeOf = (e: { code?: string | undefined; params?: ImportIssueParams | undefined }): Coded => ({ code: isImportIssueCode(e.code) ? e.code : 'invalid', params: e.params });

const notWrittenHere = notWrittenHereSql();

const clip = (s: string) => (s.length > 200 ? s.slice(0, 197) + '…' : s);

function issue(ctx: Context, row: Row, field: string | null, kind: ImportIssue['kind'], message: string, coded?: Coded): ImportIssue {
  const i = field ? ctx.colOf.get(field) : undefined;
  const raw = i !== undefined ? row.cells[i] ?? null : null;
  return { row: row.rowNo, column: i !== undefined ? columnLetter(i) : null, header: i !== undefined ? ctx.headers[i] ?? null : null, field, kind, message, ...(coded ? { code: coded.code, params: coded.params ?? null } : {}), value: raw === null ? null : clip(cellText(raw)) };
}

/** Zod issue path → the import's field key (custom.<key>, product line fields). */
function fieldOfPath(path: readonly PropertyKey[]): string {
  if (path[0] === 'custom' && path[1] !== undefined) return `custom.${String(path[1])}`;
  if (path[0] === 'products' && path[2] !== undefined) return String(path[2]);
  if (path[0] === 'ownerId') return 'owner';
  return String(path[0] ?? '');
}

function zodIssues(ctx: Context, row: Row, result: z.ZodSafeParseResult<unknown>) {
  if (result.success) return;
  const converted = new Set(row.issues.map((i) => i.field)); // a cell that could not be read is reported once
  for (const i of result.error.issues) {
    const field = fieldOfPath(i.path);
    if (converted.has(field)) continue;
    row.issues.push(issue(ctx, row, ctx.colOf.has(field) ? field : field || null, 'error', i.message, importCodeOf(fieldErrorCodeOf(i))));
  }
}

/** Cells → field values of one row, conversion errors noted. */
function convertRow(ctx: Context, rowNo: number, cells: Cell[]): Row {
  const row: Row = { rowNo, cells, values: {}, issues: [], duplicate: false };
  for (const spec of ctx.specs) {
    const i = ctx.colOf.get(spec.key);
    if (i === undefined) continue;
    const c = convertCell(spec, cells[i] ?? null);
    if (c === null) continue;
    if ('error' in c) row.issues.push(issue(ctx, row, spec.key, 'error', c.error, c));
    else row.values[spec.key] = c.value;
  }
  return row;
}

/** Resolves user references (username, or a display name that is unique) once per name. */
async function resolveUsers(ctx: Context, names: string[]): Promise<void> {
  const todo = [...new Set(names)].filter((n) => !ctx.users.has(n));
  if (!todo.length) return;
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'disabled'])
    .where((eb) => eb.or([eb(eb.fn('lower', ['username']), 'in', todo.map((n) => n.toLowerCase())), eb('display_name', 'in', todo)]))
    .execute();
  for (const n of todo) {
    const byUsername = rows.filter((r) => r.username.toLowerCase() === n.toLowerCase());
    const byName = rows.filter((r) => r.display_name === n);
    const hit = byUsername.length === 1 ? byUsername : byName;
    if (hit.length === 0) ctx.users.set(n, { message: `no user "${n}" (用户不存在)`, code: 'unknown_user', params: { user: n } });
    else if (hit.length > 1) ctx.users.set(n, { message: `several users are named "${n}"; use the username (重名，请填写用户名)`, code: 'ambiguous_user', params: { user: n } });
    else if (hit[0]!.disabled) ctx.users.set(n, { message: `user "${n}" is disabled (用户已停用)`, code: 'disabled_user', params: { user: n } });
    else ctx.users.set(n, { id: hit[0]!.id });
  }
}

async function ownerOf(ctx: Context, ownerId: string): Promise<{ id: string; departmentId: string; displayName: string } | Refusal> {
  const known = ctx.owners.get(ownerId);
  if (known) return known;
  let result: { id: string; departmentId: string; displayName: string } | Refusal;
  try {
    const o = await requireOwner(ctx.db, ctx.subject, ownerId);
    result = { id: o.id, departmentId: o.department_id, displayName: o.display_name };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const message = e.message.replace(/^ownerId: /, '');
    result = { message, code: /no such active user/.test(message) ? 'owner_inactive' : 'owner_not_assignable' };
  }
  ctx.owners.set(ownerId, result);
  return result;
}

/** The row where a key of this kind was first seen in the file (one map per kind: the keys stay the values themselves). */
function seenOf(ctx: Context, kind: string): Map<string, number> {
  let m = ctx.seen.get(kind);
  if (!m) ctx.seen.set(kind, (m = new Map()));
  return m;
}

function markInFile(ctx: Context, row: Row, keys: [string, string | null | undefined][]) {
  for (const [kind, key] of keys) {
    if (!key) continue;
    const seen = seenOf(ctx, kind);
    const first = seen.get(key);
    if (first !== undefined && first !== row.rowNo) {
      row.duplicate = true;
      row.issues.push(issue(ctx, row, kind === 'creditCode' ? 'creditCode' : kind === 'phone' ? 'phone' : kind === 'email' ? 'email' : kind === 'name' ? 'name' : null, 'duplicate', `same ${kind} as row ${first} of this file (与第 ${first} 行重复)`, { code: 'same_in_file', params: { kind, row: first } }));
    } else if (first === undefined) seen.set(key, row.rowNo);
  }
}

async function checkCustomers(ctx: Context, rows: Row[]): Promise<NewCustomer[]> {
  const t0 = performance.now();
  await resolveUsers(ctx, rows.map((r) => r.values.owner as string | undefined).filter((x): x is string => !!x));
  const inputs = new Map<Row, NewCustomer>();
  for (const row of rows) {
    const { owner, ...values } = row.values;
    const custom: Record<string, unknown> = {};
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      if (k.startsWith('custom.')) custom[k.slice(7)] = v;
      else fields[k] = v;
    }
    if (Object.keys(custom).length) fields.custom = custom;
    const parsed = createCustomerBody.safeParse(fields);
    zodIssues(ctx, row, parsed);
    for (const e of checkCustomValues(ctx.customDefs, custom as never, true)) row.issues.push(issue(ctx, row, e.path, 'error', e.message, importCodeOf(e)));
    let ownerId = ctx.defaultOwnerId;
    if (typeof owner === 'string') {
      const u = ctx.users.get(owner);
      if (isRefusal(u) || !u) row.issues.push(issue(ctx, row, 'owner', 'error', u?.message ?? 'unknown user', u ?? { code: 'unknown_user', params: { user: owner } }));
      else ownerId = u.id;
    }
    const o = await ownerOf(ctx, ownerId);
    if (isRefusal(o)) row.issues.push(issue(ctx, row, 'owner', 'error', o.message, o));
    if (parsed.success && !isRefusal(o)) {
      const { confirmDuplicate: _c, ...f } = parsed.data;
      inputs.set(row, { fields: f, ownerId: o.id, departmentId: o.departmentId, ownerName: o.displayName });
    }
  }
  lap(ctx.timings, 'check.fields', t0);
  const t1 = performance.now();
  // duplicates among the archives the importer can see (ARC-10), then among earlier rows
  const keysOf = (r: Row) => ({ name: typeof r.values.name === 'string' ? normalizeName(r.values.name) : '', credit: (r.values.creditCode as string | undefined) ?? '', phone: digitsOf(r.values.phone as string | undefined), email: normalizeEmail(r.values.email as string | undefined) });
  const keys = rows.map(keysOf);
  const existing = await findDuplicatesMany(ctx.db, ctx.subject, {
    nameNorms: keys.map((k) => k.name).filter(Boolean),
    creditCodes: keys.map((k) => k.credit).filter(Boolean),
    phoneDigits: keys.map((k) => k.phone).filter((d) => d.length >= 7),
    emails: keys.map((k) => k.email).filter(Boolean),
  }, { notWrittenHere: !!ctx.commit });
  lap(ctx.timings, 'check.duplicates.query', t1);
  const t2 = performance.now();
  const index = new Map<string, (typeof existing)[number][]>();
  const put = (key: string, e: (typeof existing)[number]) => index.set(key, [...(index.get(key) ?? []), e]);
  for (const e of existing) {
    put(`n:${e.name_norm}`, e);
    if (e.credit_code) put(`c:${e.credit_code}`, e);
    for (const d of e.phone_digits.split('|')) if (d) put(`p:${d}`, e);
    if (e.email) put(`e:${e.email}`, e);
  }
  const disclosed = new Map<string, string>();
  rows.forEach((row, i) => {
    const k = keys[i]!;
    const candidates = new Set([...(k.name ? index.get(`n:${k.name}`) ?? [] : []), ...(k.credit ? index.get(`c:${k.credit}`) ?? [] : []), ...(k.phone.length >= 7 ? index.get(`p:${k.phone}`) ?? [] : []), ...(k.email ? index.get(`e:${k.email}`) ?? [] : [])]);
    for (const e of candidates) {
      const on = [
        ...(k.name && e.name_norm === k.name ? ['name'] : []),
        ...(k.credit && e.credit_code === k.credit ? ['creditCode'] : []),
        ...(k.phone.length >= 7 && `|${e.phone_digits}|`.includes(`|${k.phone}|`) ? ['phone'] : []),
        ...(k.email && e.email === k.email ? ['email'] : []),
      ];
      if (on.length) {
        row.duplicate = true;
        if (e.visible) row.issues.push(issue(ctx, row, on[0]!, 'duplicate', `possible duplicate of ${e.archive_no} ${e.name} (same ${on.join(', ')}) (疑似重复档案)`, { code: 'possible_duplicate', params: { archiveNo: e.archive_no, name: e.name, matchedOn: on } }));
        else {
          disclosed.set(e.id, e.archive_no);
          row.issues.push(issue(ctx, row, on[0]!, 'duplicate', `possible duplicate of ${e.archive_no}, owned by ${e.owner_name} (not visible to you; ask for a share or a transfer) (疑似与同事 ${e.owner_name} 的档案重复)`, { code: 'colleague_duplicate', params: { archiveNo: e.archive_no, ownerName: e.owner_name } }));
        }
      }
    }
    markInFile(ctx, row, [['name', k.name], ['creditCode', k.credit], ['phone', k.phone.length >= 7 ? k.phone : ''], ['email', k.email]]);
  });
  lap(ctx.timings, 'check.duplicates.match', t2);
  if (disclosed.size > 0) await ctx.onDisclosed?.([...disclosed].map(([id, archiveNo]) => ({ id, archiveNo })));
  return rows.filter((r) => inputs.has(r) && !r.issues.some((x) => x.kind === 'error') && !(r.duplicate && ctx.commit?.duplicates !== 'create')).map((r) => inputs.get(r)!);
}

/**
 * The archive each row belongs to, by archive number or (unique) name, and whether the importer may
 * add to it: change it, and write the field group the rows belong to (SEC-3, SEC-4), as the API
 * requires — a row for a withheld group is refused before anything about the archive's content
 * (existing contacts, transaction numbers) is compared with it.
 */
async function archivesOf(ctx: Context, rows: Row[], group: 'contacts' | 'financial'): Promise<Map<Row, ArchiveRef>> {
  const nos = rows.map((r) => r.values.archiveNo as string | undefined).filter((x): x is string => !!x).map((s) => s.toUpperCase());
  const names = rows.filter((r) => !r.values.archiveNo && typeof r.values.customerName === 'string').map((r) => normalizeName(r.values.customerName as string));
  const found = await findArchivesForUpdate(ctx.db, ctx.subject, { archiveNos: nos, nameNorms: names }, ctx.commit?.now);
  const out = new Map<Row, ArchiveRef>();
  for (const row of rows) {
    let refs: ArchiveRef[];
    let field: string;
    if (row.values.archiveNo) {
      field = 'archiveNo';
      refs = found.filter((f) => f.archiveNo === String(row.values.archiveNo).toUpperCase());
    } else if (row.values.customerName) {
      field = 'customerName';
      const n = normalizeName(row.values.customerName as string);
      refs = found.filter((f) => f.nameNorm === n);
    } else {
      if (!row.issues.some((i) => i.field === 'archiveNo' || i.field === 'customerName')) row.issues.push(issue(ctx, row, ctx.colOf.has('archiveNo') ? 'archiveNo' : 'customerName', 'error', 'the customer is missing: fill in 档案编号 or 客户名称', { code: 'customer_missing' }));
      continue;
    }
    const ids = [...new Set(refs.map((r) => r.id))];
    if (ids.length === 0) row.issues.push(issue(ctx, row, field, 'error', 'no such customer archive (or not visible to you) (档案不存在)', { code: 'customer_not_found' }));
    else if (ids.length > 1) row.issues.push(issue(ctx, row, field, 'error', `several archives are named so (${refs.map((r) => r.archiveNo).join(', ')}); use 档案编号`, { code: 'customer_ambiguous', params: { archiveNos: refs.map((r) => r.archiveNo) } }));
    else if (refs[0]!.update.effect === 'deny') row.issues.push(issue(ctx, row, field, 'error', 'you may read this archive but not change it (无权修改该档案)', { code: 'customer_read_only' }));
    else if (!groupsOf(refs[0]!.update).includes(group)) row.issues.push(issue(ctx, row, field, 'error', `the ${group} part of this archive is withheld from you (无权导入该部分)`, { code: 'group_withheld', params: { group } }));
    else out.set(row, refs[0]!);
  }
  return out;
}

const groupsOf = (d: ArchiveRef['update']): readonly string[] => (d.effect === 'allow' ? d.groups : []);

async function checkContacts(ctx: Context, rows: Row[]): Promise<NewContact[]> {
  const archives = await archivesOf(ctx, rows, 'contacts');
  const inputs = new Map<Row, NewContact>();
  for (const row of rows) {
    const { archiveNo: _a, customerName: _n, ...fields } = row.values;
    const parsed = createContactBody.safeParse(fields);
    zodIssues(ctx, row, parsed);
    const archive = archives.get(row);
    // contacts' personal fields only with the personal group, as the API (SEC-4, SEC-12)
    const personal = archive && !groupsOf(archive.update).includes('personal') ? ['birthDate', 'family', 'hobbies', 'mobile'].filter((f) => fields[f as keyof typeof fields] !== undefined && fields[f as keyof typeof fields] !== null && fields[f as keyof typeof fields] !== '') : [];
    for (const f of personal) row.issues.push(issue(ctx, row, f, 'error', 'contacts\' personal information is withheld from you (无权填写个人信息)', { code: 'personal_withheld' }));
    if (parsed.success && archive && personal.length === 0) inputs.set(row, { customerId: archive.id, input: parsed.data });
  }
  const customerIds = [...new Set([...inputs.values()].map((c) => c.customerId))];
  const existing = customerIds.length ? await ctx.db.selectFrom('contacts').select(['customer_id', 'name']).where('customer_id', 'in', customerIds).$if(!!ctx.commit, (q) => q.where(notWrittenHere)).execute() : [];
  const have = new Set(existing.map((e) => `${e.customer_id}|${e.name.trim()}`));
  for (const [row, c] of inputs) {
    const key = `${c.customerId}|${c.input.name.trim()}`;
    if (have.has(key)) {
      row.duplicate = true;
      row.issues.push(issue(ctx, row, 'name', 'duplicate', 'this customer already has a contact of this name (联系人已存在)', { code: 'contact_exists' }));
    }
    markInFile(ctx, row, [['contact', key]]);
  }
  return rows.filter((r) => inputs.has(r) && !r.issues.some((x) => x.kind === 'error') && !(r.duplicate && ctx.commit?.duplicates !== 'create')).map((r) => inputs.get(r)!);
}

async function checkTransactions(ctx: Context, rows: Row[]): Promise<NewTransaction[]> {
  const archives = await archivesOf(ctx, rows, 'financial');
  await resolveUsers(ctx, rows.map((r) => r.values.handledBy as string | undefined).filter((x): x is string => !!x));
  const inputs = new Map<Row, NewTransaction>();
  for (const row of rows) {
    const { archiveNo: _a, customerName: _n, product, spec, quantity, unit, price, handledBy, ...rest } = row.values;
    const fields: Record<string, unknown> = { ...rest };
    if (product !== undefined || quantity !== undefined || price !== undefined) fields.products = [{ product, spec, quantity: quantity ?? '1', unit, price: price ?? '0' }];
    if (typeof handledBy === 'string') {
      const u = ctx.users.get(handledBy);
      if (isRefusal(u) || !u) row.issues.push(issue(ctx, row, 'handledBy', 'error', u?.message ?? 'unknown user', u ?? { code: 'unknown_user', params: { user: handledBy } }));
      else fields.handledBy = u.id;
    }
    const parsed = createTransactionBody.safeParse(fields);
    zodIssues(ctx, row, parsed);
    const archive = archives.get(row);
    if (parsed.success && archive) inputs.set(row, { customerId: archive.id, input: parsed.data });
  }
  const list = [...inputs.values()];
  const existing = list.length
    ? await ctx.db.selectFrom('transactions').select(['customer_id', 'tx_no']).where('customer_id', 'in', [...new Set(list.map((t) => t.customerId))]).where('tx_no', 'in', [...new Set(list.map((t) => t.input.txNo))]).$if(!!ctx.commit, (q) => q.where(notWrittenHere)).execute()
    : [];
  const have = new Set(existing.map((e) => `${e.customer_id}|${e.tx_no}`));
  for (const [row, t] of inputs) {
    const key = `${t.customerId}|${t.input.txNo}`;
    if (have.has(key)) row.issues.push(issue(ctx, row, 'txNo', 'error', 'this customer already has a transaction with this number (交易编号已存在)', { code: 'transaction_exists' }));
    else {
      const first = seenOf(ctx, 'tx').get(key);
      if (first !== undefined) row.issues.push(issue(ctx, row, 'txNo', 'error', `the same transaction number as row ${first} (与第 ${first} 行交易编号相同)`, { code: 'transaction_same_in_file', params: { row: first } }));
      else seenOf(ctx, 'tx').set(key, row.rowNo);
    }
  }
  return rows.filter((r) => inputs.has(r) && !r.issues.some((x) => x.kind === 'error')).map((r) => inputs.get(r)!);
}

/** Batches of checked rows that may wait to be written while the next ones are checked. */
const WRITES_AHEAD = 2;

/** Reads, checks and (with `commit`) writes the whole file; see the module comment. */
export async function runImportPass(o: PipelineOptions): Promise<PipelineResult> {
  const result: PipelineResult = { columns: [], rowsTotal: 0, validRows: 0, errorRows: 0, duplicateRows: 0, committedRows: 0, skippedRows: 0, archiveRange: null };
  const customDefs = o.entity === 'customers' ? await listCustomFields(o.db) : [];
  const specs = [...entityFields[o.entity], ...customFieldSpecs(customDefs)];
  const ctx: Context = { ...o, specs, colOf: new Map(), headers: [], seen: new Map(), customDefs, owners: new Map(), users: new Map() };
  let bytes = 0;
  let batch: Row[] = [];
  let writing = !!o.commit;
  const size = o.info.size;
  // Writes run in file order on the one client while the next batches are read, converted and
  // checked: PostgreSQL works through the queued statements in turn, this process prepares the
  // next ones meanwhile. The checks leave out rows this transaction wrote (earlier rows of the
  // file are matched by their keys), so they find the same whether a write came first or not.
  // At most WRITES_AHEAD batches wait to be written; none is still running when the pass ends.
  let written: Promise<void> = Promise.resolve();
  const pending: Promise<void>[] = [];
  let writeError: unknown = null;

  const write = async (commit: NonNullable<PipelineOptions['commit']>, writes: NewCustomer[] | NewContact[] | NewTransaction[]) => {
    const session = { tx: o.db, client: commit.client };
    const ctxw = { actorId: o.importerId, now: commit.now, timings: o.timings };
    if (o.entity === 'customers') {
      const range = await insertCustomers(session, writes as NewCustomer[], ctxw);
      if (range) result.archiveRange = { first: result.archiveRange?.first ?? range.first, last: range.last };
    } else if (o.entity === 'contacts') await insertContacts(session, writes as NewContact[], ctxw);
    else await insertTransactions(session, writes as NewTransaction[], ctxw);
  };

  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    if (writeError) throw writeError;
    let writes: NewCustomer[] | NewContact[] | NewTransaction[];
    const tc = performance.now();
    try {
      writes = o.entity === 'customers' ? await checkCustomers(ctx, rows) : o.entity === 'contacts' ? await checkContacts(ctx, rows) : await checkTransactions(ctx, rows);
    } catch (e) {
      throw writeError ?? e; // a failed write aborts the transaction: report that, not what failed after it
    }
    lap(o.timings, 'check', tc);
    const issues = rows.flatMap((r) => r.issues);
    for (const r of rows) {
      if (r.issues.some((i) => i.kind === 'error')) result.errorRows++;
      else {
        result.validRows++;
        if (r.duplicate) result.duplicateRows++;
      }
    }
    const ti = performance.now();
    if (issues.length) await o.onIssues?.(issues);
    lap(o.timings, 'issues', ti);
    if (result.errorRows > 0 && !o.commit?.validOnly) writing = false; // nothing more is written; the caller rolls back
    if (writing && o.commit && writes.length) {
      const commit = o.commit;
      const batchWrites = writes;
      written = written.then(async () => {
        const tw = performance.now();
        await write(commit, batchWrites);
        lap(o.timings, 'write', tw);
      }).catch((e: unknown) => {
        writeError ??= e;
        throw e;
      });
      written.catch(() => {}); // looked at through writeError and at the end
      pending.push(written);
      result.committedRows += writes.length;
      if (pending.length > WRITES_AHEAD) {
        const tw = performance.now();
        await pending.shift();
        lap(o.timings, 'write.wait', tw);
      }
    }
    result.skippedRows = result.validRows - result.committedRows;
    o.onProgress?.({ rowsDone: result.rowsTotal, fraction: size ? Math.min(1, bytes / size) : 0 });
  };

  let tr = performance.now();
  try {
    const onBytes = (n: number) => (bytes = n);
    const source = o.recording?.replay ? replayRows(o.recording.replay, size, o.limits, onBytes) : readRows(o.path, o.info, o.limits, onBytes);
    for await (const raw of o.recording?.record ? recordRows(source, o.recording.record) : source) {
      lap(o.timings, 'read', tr);
      if (raw.header) {
        ctx.headers = raw.cells.map((c) => cellText(c).trim());
        const mapped = mapHeaders(ctx.headers, specs, o.mapping);
        mapped.fields.forEach((f, i) => f && ctx.colOf.set(f, i));
        result.columns = ctx.headers.map((h, i) => ({ column: columnLetter(i), header: h, field: mapped.fields[i] ?? null })).filter((c) => c.header !== '');
        if (mapped.problems.length) {
          await o.onIssues?.(mapped.problems.map((m) => ({ row: raw.rowNo, column: null, header: null, field: null, kind: 'error', message: m.message, code: m.code, params: m.params ?? null, value: null })));
          result.errorRows++; // the header row itself
          writing = false;
        }
        tr = performance.now();
        continue;
      }
      result.rowsTotal++;
      const tv = performance.now();
      batch.push(convertRow(ctx, raw.rowNo, raw.cells));
      lap(o.timings, 'convert', tv);
      if (batch.length >= (o.batchSize ?? 1000)) await flush();
      tr = performance.now();
    }
    await flush();
    const tw = performance.now();
    await written;
    lap(o.timings, 'write.wait', tw);
  } finally {
    // every write statement is sent while the caller's transaction is still open, even on a failure
    await Promise.allSettled(pending);
  }
  if (!o.commit) result.skippedRows = 0;
  o.onProgress?.({ rowsDone: result.rowsTotal, fraction: 1 });
  return result;
}
