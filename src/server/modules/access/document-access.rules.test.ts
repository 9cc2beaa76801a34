import { describe, expect, it } from 'vitest';
import { fieldGroups, type FieldGroup } from '../../../contract/access.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { AccessBasis, AllowDecision, SecrecyLevel } from './customer-access.rules.js';
import { decideDocumentAccess, stricterLevel } from './document-access.rules.js';

const archive = (via: AccessBasis, extra: Partial<AllowDecision> = {}): AllowDecision => ({ effect: 'allow', via, groups: [...fieldGroups], viewOnly: false, watermark: false, restrictedBy: null, ...extra });
const withoutDocuments: FieldGroup[] = fieldGroups.filter((g) => g !== 'documents');

describe('SEC-5 ARC-6 access to one document', () => {
  it.each([
    // [document level, viewer roles, archive decision, expected, why]
    ['none', ['sales'], archive('owner'), 'download', 'the owner downloads ordinary documents'],
    ['none', ['cs_staff'], archive('role'), 'download', 'archive keepers download ordinary documents'],
    ['none', ['sales'], archive('shared', { groups: ['basic', 'contacts', 'documents'] }), 'download', 'a share opens documents'],
    ['none', ['cs_staff'], archive('role', { groups: withoutDocuments }), 'hidden', 'no documents group: not even listed (SEC-3 A-class)'],
    ['none', ['cs_staff'], archive('role', { viewOnly: true }), 'view', 'a confidential archive is view-only: no download'],
    ['secret', ['sales'], archive('owner'), 'download', 'secret: the owner opens it'],
    ['secret', ['gm'], archive('role'), 'download', 'secret: the general manager opens it'],
    ['secret', ['cs_manager'], archive('role'), 'download', 'secret: read by role (levels are ordered)'],
    ['secret', ['sales'], archive('shared', { groups: ['basic', 'contacts', 'documents'] }), 'hidden', 'secret: a share is no loan of a secret document'],
    ['secret', ['finance'], archive('grant', { groups: ['basic', 'documents'] }), 'view', 'secret: a gm-approved borrowing grant shows the entry only'],
    ['confidential', ['cs_staff'], archive('role'), 'view', 'confidential: by role, view-only'],
    ['confidential', ['sales'], archive('owner'), 'view', 'confidential: even the owner may not download'],
    ['confidential', ['sales'], archive('department_manager'), 'view', 'confidential: a department manager by standing'],
    ['confidential', ['sales'], archive('shared', { groups: ['basic', 'contacts', 'documents'] }), 'hidden', 'confidential: never lent, not through a share'],
    ['confidential', ['finance'], archive('grant', { groups: ['basic', 'documents'] }), 'hidden', 'confidential: never lent, not through a grant'],
    ['top_secret', ['gm'], archive('role'), 'view', 'top secret: only the general manager, view-only'],
    ['top_secret', ['sales'], archive('owner'), 'hidden', 'top secret: not even the owner'],
    ['top_secret', ['marketing_director'], archive('role'), 'hidden', 'top secret: not a director'],
  ] as [SecrecyLevel, RoleKey[], AllowDecision, string, string][])('SEC-5 %s document, %j via %o → %s (%s)', (level, roles, decision, expected) => {
    expect(decideDocumentAccess({ roles }, decision, level)).toBe(expected);
  });

  it('SEC-5 a document is never less protected than its archive', () => {
    const levels: SecrecyLevel[] = ['none', 'secret', 'confidential', 'top_secret'];
    for (const a of levels) for (const b of levels) expect(levels.indexOf(stricterLevel(a, b))).toBe(Math.max(levels.indexOf(a), levels.indexOf(b)));
  });
});
