/**
 * Field-level protection (SEC-4), pure: which group each field belongs to, and shaping a record
 * for a reader — withheld groups omitted and named in `withheld`, mobile numbers and bank
 * accounts masked unless their group is granted. The decision that grants groups is
 * decideCustomerAccess; every response that carries customer data passes through here.
 */
import { fieldGroups, type FieldGroup } from '../../../contract/access.js';

/** Customer fields outside `basic`. Everything not listed is basic (name, number, address, phone, classifications, profile). */
export const customerFieldGroups: Readonly<Record<string, FieldGroup>> = {
  registeredCapital: 'financial',
  shareholders: 'financial',
  bankName: 'financial',
  bankAccount: 'financial',
  salesLast3Years: 'financial',
  advantages: 'evaluation',
  disadvantages: 'evaluation',
  countermeasures: 'evaluation',
  potentialNeeds: 'evaluation',
};

/** Contacts' personal information (SEC-12): the `personal` group. */
export const contactPersonalFields = ['birthDate', 'family', 'hobbies', 'mobile'] as const;

/** The groups some customer field belongs to (financial, evaluation). */
const guardedGroups: readonly FieldGroup[] = [...new Set(Object.values(customerFieldGroups))];

export const groupOfCustomerField = (field: string): FieldGroup => customerFieldGroups[field] ?? 'basic';

/** `13812345678` → `138****5678`; anything shorter keeps only its last 2 characters. */
export function maskMobile(mobile: string): string {
  const d = mobile.replace(/\s/g, '');
  if (d.length >= 7) return `${d.slice(0, 3)}****${d.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, d.length - 2))}${d.slice(-2)}`;
}

/** `6222021234567890123` → `**** **** 0123`: only the last 4 digits remain. */
export function maskAccount(account: string): string {
  const d = account.replace(/[\s-]/g, '');
  return d.length <= 4 ? '****' : `**** **** ${d.slice(-4)}`;
}

/** A customer as the reader may see it: fields of withheld groups removed, the bank account masked. */
export function shapeCustomer<T extends Record<string, unknown>>(customer: T, groups: readonly FieldGroup[]): T & { withheld: FieldGroup[] } {
  // most readers are granted every group a customer field belongs to: a copy, one shape for every row (PLT-7)
  if (guardedGroups.every((g) => groups.includes(g))) return { ...customer, withheld: fieldGroups.filter((g) => !groups.includes(g)) };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(customer)) {
    const group = customerFieldGroups[field];
    if (!group || groups.includes(group)) out[field] = value;
    else if (field === 'bankAccount' && typeof value === 'string' && value) out[field] = maskAccount(value);
  }
  out['withheld'] = fieldGroups.filter((g) => !groups.includes(g));
  return out as T & { withheld: FieldGroup[] };
}

/** A contact as the reader may see it: personal fields removed (the mobile masked) unless `personal` is granted. */
export function shapeContact<T extends Record<string, unknown>>(contact: T, groups: readonly FieldGroup[]): T & { withheld: FieldGroup[] } {
  if (groups.includes('personal')) return { ...contact, withheld: [] };
  const out: Record<string, unknown> = { ...contact };
  for (const f of contactPersonalFields) delete out[f];
  if (typeof contact['mobile'] === 'string' && contact['mobile']) out['mobile'] = maskMobile(contact['mobile']);
  out['withheld'] = ['personal'];
  return out as T & { withheld: FieldGroup[] };
}

/** The field changes of a history entry the reader may see (ARC-7 × SEC-4). */
export function visibleChanges<C extends { field: string }>(entity: string, changes: readonly C[], groups: readonly FieldGroup[]): C[] {
  if (entity === 'contact') {
    if (!groups.includes('contacts')) return [];
    return groups.includes('personal') ? [...changes] : changes.filter((c) => !(contactPersonalFields as readonly string[]).includes(c.field));
  }
  return changes.filter((c) => groups.includes(groupOfCustomerField(c.field)));
}
