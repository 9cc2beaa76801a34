/**
 * Which field group (SEC-4) each field of an archive and of a contact belongs to, pure. The
 * policy (customer-access.rules.ts) decides which groups a subject may read; views, exports and
 * prints leave out the fields of withheld groups by asking here.
 * basic: identity, contact details, classifications and the company profile;
 * financial: capital, bank, sales figures (and transactions); evaluation: grade and our position;
 * personal: contacts' birth dates, family, hobbies and mobile numbers (SEC-12).
 */
import type { FieldGroup } from '../../../contract/access.js';

const financialFields = new Set(['registeredCapital', 'bankName', 'bankAccount', 'salesLast3Years']);
const evaluationFields = new Set(['creditGrade', 'advantages', 'disadvantages', 'countermeasures', 'potentialNeeds']);
const personalContactFields = new Set(['birthDate', 'family', 'hobbies', 'mobile']);

export function groupOfCustomerField(field: string): FieldGroup {
  if (financialFields.has(field)) return 'financial';
  if (evaluationFields.has(field)) return 'evaluation';
  return 'basic';
}

export function groupOfContactField(field: string): FieldGroup {
  return personalContactFields.has(field) ? 'personal' : 'contacts';
}
