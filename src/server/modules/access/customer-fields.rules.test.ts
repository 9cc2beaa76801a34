import { describe, expect, it } from 'vitest';
import { groupOfContactField, groupOfCustomerField } from './customer-fields.rules.js';

describe('SEC-4 field groups of archive and contact fields', () => {
  it.each([
    ['name', 'basic'], ['phone', 'basic'], ['customerType', 'basic'], ['tier', 'basic'], ['industry', 'basic'],
    ['registeredCapital', 'financial'], ['bankName', 'financial'], ['bankAccount', 'financial'], ['salesLast3Years', 'financial'],
    ['creditGrade', 'basic'], ['shareholders', 'financial'], ['advantages', 'evaluation'], ['potentialNeeds', 'evaluation'],
  ])('SEC-4 archive field %s belongs to %s', (field, group) => expect(groupOfCustomerField(field)).toBe(group));
  it.each([
    ['name', 'contacts'], ['position', 'contacts'], ['directPhone', 'contacts'], ['email', 'contacts'],
    ['mobile', 'personal'], ['birthDate', 'personal'], ['family', 'personal'], ['hobbies', 'personal'],
  ])('SEC-4 contact field %s belongs to %s', (field, group) => expect(groupOfContactField(field)).toBe(group));
});
