/**
 * Which field group (SEC-4) each field belongs to — one mapping, kept in field-groups.rules.ts
 * (the shaping of every response uses it); re-exported here for exports and prints.
 */
import type { FieldGroup } from '../../../contract/access.js';
import { contactPersonalFields, groupOfCustomerField } from './field-groups.rules.js';

export { groupOfCustomerField };

export function groupOfContactField(field: string): FieldGroup {
  return (contactPersonalFields as readonly string[]).includes(field) ? 'personal' : 'contacts';
}
