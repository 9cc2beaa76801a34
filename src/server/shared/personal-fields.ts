/**
 * Which stored values are personal information (SEC-12) and sealing them on the way into the
 * database, opening them on the way out: contacts' birth date, family, hobbies and mobile; the
 * archive's bank account; and the same fields inside history entries (old/new values, snapshots).
 * Every writer of these tables goes through contactToColumns / toColumns, which call these.
 */
import { digitsOf } from './digits.js';
import { mobileIndex, openNullable, sealNullable } from './keyring.js';

/** Column → API field of contacts' personal information. */
export const sealedContactColumns = { birth_date: 'birthDate', family: 'family', hobbies: 'hobbies', mobile: 'mobile' } as const;
export const sealedCustomerColumns = { bank_account: 'bankAccount' } as const;
const sealedFields: Record<string, readonly string[]> = { contact: Object.values(sealedContactColumns), customer: Object.values(sealedCustomerColumns) };

/** Seals contact columns in place (only those present); a mobile also gets its keyed hash. */
export function sealContactColumns(cols: Record<string, unknown>): Record<string, unknown> {
  // REL-8: the month-day (no year) of the birth date, kept in plain as the birthday index (migration 0112)
  if ('birth_date' in cols) cols['birth_md'] = typeof cols['birth_date'] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cols['birth_date']) ? cols['birth_date'].slice(5, 10) : null;
  for (const col of Object.keys(sealedContactColumns)) if (col !== 'mobile' && col in cols) cols[col] = sealNullable(cols[col] as string | null);
  if ('mobile' in cols) {
    const plain = cols['mobile'];
    cols['mobile_index'] = plain ? mobileIndex(digitsOf(String(plain))) : null;
    cols['mobile'] = sealNullable(plain as string | null);
  }
  return cols;
}

/** Opens a contact row's sealed columns (plain values from before encryption pass through). */
export function openContactRow<R extends Record<string, unknown>>(row: R): R {
  const out: Record<string, unknown> = { ...row };
  for (const col of Object.keys(sealedContactColumns)) if (col in out) out[col] = openNullable(out[col]);
  return out as R;
}

export function sealCustomerColumns(cols: Record<string, unknown>): Record<string, unknown> {
  if ('bank_account' in cols) cols['bank_account'] = sealNullable(cols['bank_account'] as string | null);
  return cols;
}

export function openCustomerRow<R extends Record<string, unknown>>(row: R): R {
  return 'bank_account' in row ? { ...row, bank_account: openCustomerBankAccount(row['bank_account']) } : row;
}

/** The archive's one sealed column, opened without copying its ~75-column row (a list opens 50 per request, PLT-7). */
export const openCustomerBankAccount = (value: unknown): unknown => openNullable(value);

type Change = { field: string; oldValue: unknown; newValue: unknown };
const sealAny = (v: unknown) => (typeof v === 'string' && v ? sealNullable(v) : v);
const openAny = (v: unknown) => (typeof v === 'string' && v ? openNullable(v) : v);

/** History of an archive or a contact, with its personal values sealed (ARC-7 × SEC-12). */
export function sealHistory(entity: string, changes: readonly Change[], snapshot: Record<string, unknown>): { changes: Change[]; snapshot: Record<string, unknown> } {
  const fields = sealedFields[entity] ?? [];
  const s = { ...snapshot };
  for (const f of fields) if (f in s) s[f] = sealAny(s[f]);
  return { changes: changes.map((c) => (fields.includes(c.field) ? { ...c, oldValue: sealAny(c.oldValue), newValue: sealAny(c.newValue) } : c)), snapshot: s };
}

export function openHistoryChanges(entity: string, changes: readonly Change[]): Change[] {
  const fields = sealedFields[entity] ?? [];
  return changes.map((c) => (fields.includes(c.field) ? { ...c, oldValue: openAny(c.oldValue), newValue: openAny(c.newValue) } : c));
}

export function openSnapshot(entity: string, snapshot: Record<string, unknown>): Record<string, unknown> {
  const fields = sealedFields[entity] ?? [];
  const s = { ...snapshot };
  for (const f of fields) if (f in s) s[f] = openAny(s[f]);
  return s;
}
