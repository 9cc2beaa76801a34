/** The self-service form (ARC-14), pure: a link's state, what a submission changes, what a review applies. */
import type { FieldError } from '../../../contract/errors.js';
import type { SelfServiceField } from '../../../contract/self-service.js';

export type LinkFacts = { expires_at: Date; used_at: Date | null; revoked_at: Date | null };
export type LinkState = 'pending' | 'used' | 'expired' | 'revoked';

/** Used wins over expired (it was used in time); revoked over expired. */
export function linkState(l: LinkFacts, now: Date): LinkState {
  if (l.used_at) return 'used';
  if (l.revoked_at) return 'revoked';
  return now.getTime() >= l.expires_at.getTime() ? 'expired' : 'pending';
}

export type FieldChange = { field: SelfServiceField; oldValue: unknown; newValue: unknown };

const normalise = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : (v ?? null));

/** The fields whose submitted value differs from the archive's (blank means "clear it"). */
export function submittedChanges(before: Record<string, unknown>, submitted: Record<string, unknown>, allowed: readonly SelfServiceField[]): FieldChange[] {
  return allowed.filter((f) => Object.hasOwn(submitted, f)).flatMap((field) => {
    const oldValue = normalise(before[field]);
    const newValue = normalise(submitted[field]);
    return oldValue === newValue ? [] : [{ field, oldValue, newValue }];
  });
}

export type ReviewOutcome =
  | { ok: true; decisions: Record<string, 'accepted' | 'rejected'>; patch: Partial<Record<SelfServiceField, unknown>> }
  | { ok: false; errors: FieldError[] };

/** Every changed field needs a decision, and only changed fields may be decided. `name` cannot be cleared. */
export function reviewOutcome(changes: readonly FieldChange[], decisions: Partial<Record<SelfServiceField, 'accept' | 'reject'>>): ReviewOutcome {
  const errors: FieldError[] = [];
  const changed = new Set(changes.map((c) => c.field));
  for (const f of Object.keys(decisions)) if (!changed.has(f as SelfServiceField)) errors.push({ path: `decisions.${f}`, message: 'was not changed by the customer' });
  for (const c of changes) {
    const d = decisions[c.field];
    if (!d) errors.push({ path: `decisions.${c.field}`, message: 'needs accept or reject' });
    else if (d === 'accept' && c.field === 'name' && c.newValue === null) errors.push({ path: 'decisions.name', message: 'the name cannot be cleared' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const out: Record<string, 'accepted' | 'rejected'> = {};
  const patch: Partial<Record<SelfServiceField, unknown>> = {};
  for (const c of changes) {
    out[c.field] = decisions[c.field] === 'accept' ? 'accepted' : 'rejected';
    if (decisions[c.field] === 'accept') patch[c.field] = c.newValue;
  }
  return { ok: true, decisions: out, patch };
}
