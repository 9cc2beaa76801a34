/**
 * 档案登记簿 (ANA-2, SEC-4, ARC-6): the archive register the archivist keeps and its export.
 * Through the access policy's register duty only (`registerCustomers`: for the register's keepers
 * every archive below top secret, for anyone else the archives they may see): it reads the
 * register's own facts — number, name, level, filing date, filed documents — and never a field
 * group. Top secret is never listed; deleted and destroyed archives are not in the register.
 * The list is not audited (as no list is); its export is (customer.exported).
 */
import { sql, type Kysely } from 'kysely';
import type { ArchiveRegisterExportQuery, ArchiveRegisterItem, ArchiveRegisterQuery } from '../../../contract/archive-register.routes.js';
import type { DocumentCategory } from '../../../contract/documents.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { hasPermission } from '../access/access.rules.js';
import type { AccessSubject, SecrecyLevel } from '../access/customer-access.rules.js';
import { registerCustomers } from '../access/customer-access.sql.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { getArchiveSettings } from '../documents/archive-settings.service.js';
import { enumLabels } from '../forms/forms.labels.js';
import { holdingAllRequired } from './required-documents.sql.js';
import { grantActive } from '../access/active-grants.js';

type Filters = Pick<ArchiveRegisterQuery, 'q' | 'level' | 'missingDocuments'>;
type Row = { id: string; archive_no: string; name: string; secrecy_level: string; filed_on: string };

async function pageOf(db: Kysely<DB>, s: AccessSubject, f: Filters, required: readonly string[], limit: number, after: [string, string] | null, exporting: boolean): Promise<Row[]> {
  const conds = [
    registerCustomers(s),
    sql`c.secrecy_level <> 'top_secret'`,
    sql`c.lifecycle IN ('active', 'dormant')`,
  ];
  // an export never carries what may only be shown (SEC-5: confidential is view-only)
  if (exporting) conds.push(sql`c.secrecy_level IN ('none', 'secret')`);
  if (f.level) conds.push(sql`c.secrecy_level = ${f.level}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    conds.push(sql`(c.archive_no ILIKE ${like} OR c.name ILIKE ${like})`);
  }
  if (f.missingDocuments === 'true') {
    conds.push(required.length === 0 ? sql`false` : sql`c.id NOT IN (${holdingAllRequired(required)})`);
  }
  if (after) conds.push(sql`(c.archive_no, c.id) > (${after[0]}, ${after[1]}::bigint)`);
  return (
    await sql<Row>`SELECT c.id::text AS id, c.archive_no, c.name, c.secrecy_level, c.filed_on::text AS filed_on FROM customers c
      WHERE ${sql.join(conds, sql` AND `)} ORDER BY c.archive_no, c.id LIMIT ${limit}`.execute(db)
  ).rows;
}

async function shape(db: Kysely<DB>, rows: Row[], required: readonly string[], showBorrowers: boolean, now: Date): Promise<ArchiveRegisterItem[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const docs = await db
    .selectFrom('documents as d')
    .select(['d.customer_id', sql<number>`count(*)::int`.as('n'), sql<string[]>`array_agg(DISTINCT d.category)`.as('categories')])
    .where('d.customer_id', 'in', ids)
    .where('d.deleted_at', 'is', null)
    .groupBy('d.customer_id')
    .execute();
  const byCustomer = new Map(docs.map((d) => [d.customer_id, d]));
  const loans = showBorrowers
    ? await db
        .selectFrom('access_requests as g')
        .innerJoin('users as u', 'u.id', 'g.requester_id')
        .select(['g.customer_id', 'g.requester_id', 'u.display_name', 'g.ends_at'])
        .where('g.customer_id', 'in', ids)
        .where(grantActive('g', now))
        .orderBy('g.ends_at', 'desc')
        .execute()
    : [];
  const loanOf = new Map<string, (typeof loans)[number]>();
  for (const l of loans) if (!loanOf.has(l.customer_id)) loanOf.set(l.customer_id, l);
  return rows.map((r) => {
    const d = byCustomer.get(r.id);
    const have = new Set(d?.categories ?? []);
    const loan = loanOf.get(r.id);
    return {
      customerId: r.id,
      archiveNo: r.archive_no,
      name: r.name,
      secrecyLevel: r.secrecy_level as SecrecyLevel,
      filedOn: r.filed_on,
      documentsFiled: d?.n ?? 0,
      documentsMissing: required.filter((c) => !have.has(c)) as DocumentCategory[],
      borrowedBy: loan ? { userId: loan.requester_id, name: loan.display_name, until: new Date(loan.ends_at!).toISOString() } : null,
    };
  });
}

/** One page of the caller's register, by archive number. */
export async function listArchiveRegister(db: Kysely<DB>, p: Principal, q: ArchiveRegisterQuery, now = new Date()) {
  const s = await subjectOf(db, p);
  const required = (await getArchiveSettings(db)).requiredDocuments;
  const c = decodeCursor(q.cursor, 2);
  if (c && (typeof c[0] !== 'string' || !/^[0-9]{1,18}$/.test(String(c[1])))) throw new AppError('validation_failed', 'cursor: must be a value taken from nextCursor', { errors: [{ path: 'cursor', message: 'must be a value taken from nextCursor' }] });
  const rows = await pageOf(db, s, q, required, q.limit + 1, c ? [String(c[0]), String(c[1])] : null, false);
  const shown = rows.slice(0, q.limit);
  const items = await shape(db, shown, required, hasPermission(p.roles, 'borrowing.register'), now);
  const last = shown[shown.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.archive_no, last.id]) : null };
}

const levelLabel = (l: string) => enumLabels['secrecyLevel']?.[l] ?? l;
const catLabel = (c: string) => enumLabels['documentCategory']?.[c] ?? c;

/** The register as xlsx (default) or csv with the list's filters, without confidential archives (SEC-5); audited. */
export async function exportArchiveRegister(db: Kysely<DB>, p: Principal, q: ArchiveRegisterExportQuery, actor: Actor, now = new Date()) {
  const s = await subjectOf(db, p);
  const required = (await getArchiveSettings(db)).requiredDocuments;
  const showBorrowers = hasPermission(p.roles, 'borrowing.register');
  await recordReadAudit(db, actor, { action: 'customer.exported', entityType: 'archive_register', data: { format: q.format, filter: { q: q.q ?? null, level: q.level ?? null, missingDocuments: q.missingDocuments ?? null } } }, now);
  const columns: Column<ArchiveRegisterItem>[] = [
    { header: '档案编号', value: (r) => r.archiveNo },
    { header: '客户名称', value: (r) => r.name },
    { header: '密级', value: (r) => levelLabel(r.secrecyLevel) },
    { header: '建档日期', value: (r) => r.filedOn },
    { header: '已归档资料（份）', value: (r) => r.documentsFiled },
    { header: '缺少必备资料', value: (r) => r.documentsMissing.map(catLabel).join('、') },
    { header: '借阅中', value: (r) => (r.borrowedBy ? `${r.borrowedBy.name}（至 ${r.borrowedBy.until.slice(0, 16).replace('T', ' ')} UTC）` : '') },
  ];
  async function* batches() {
    let after: [string, string] | null = null;
    for (;;) {
      const rows = await pageOf(db, s, q, required, 1000, after, true);
      if (rows.length === 0) return;
      yield await shape(db, rows, required, showBorrowers, now);
      const last = rows[rows.length - 1]!;
      after = [last.archive_no, last.id];
      if (rows.length < 1000) return;
    }
  }
  const { stream } = streamTable(q.format, '档案登记簿', columns, batches());
  return { file: stream, filename: `archive-register.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
