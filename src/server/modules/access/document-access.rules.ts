/**
 * Access to one document of an archive, pure (SEC-5 applied to documents, ARC-6). Starts from the
 * archive's decision (decideCustomerAccess) and narrows it by the document's own secrecy level:
 * - `none`: the archive's rules — download needs the documents group and an archive that is not view-only;
 * - `secret` (秘密): downloadable by those who read the archive by who they are (owner, role,
 *   department manager); a gm-approved borrowing grant shows its entry only (a download would
 *   outlive the grant's 4 hours); a share — a standing loan — does not show it;
 * - `confidential` (机密): never lent — listed, view-only, for those who see the archive by who they
 *   are (owner, role, department manager); hidden from shares and grants;
 * - `top_secret` (绝密): only the general manager sees the entry, view-only.
 * `hidden` documents are not listed and answer 404, like any record one may not see.
 */
import type { SecrecyLevel } from './customer-access.rules.js';
import { mayUse, type AccessSubject, type AllowDecision } from './customer-access.rules.js';

export type DocumentAccess = 'hidden' | 'view' | 'download';

/** Reads the archive by who they are, not through a share or a grant. */
const standing = (d: AllowDecision) => d.via === 'owner' || d.via === 'role' || d.via === 'department_manager';

export function decideDocumentAccess(subject: Pick<AccessSubject, 'roles'>, archive: AllowDecision, level: SecrecyLevel): DocumentAccess {
  if (!archive.groups.includes('documents')) return 'hidden';
  const gm = subject.roles.includes('gm');
  const download: DocumentAccess = mayUse(archive, 'download') ? 'download' : 'view';
  switch (level) {
    case 'none':
      return download;
    case 'secret':
      if (standing(archive) || gm) return download;
      return archive.via === 'grant' ? 'view' : 'hidden';
    case 'confidential':
      return standing(archive) || gm ? 'view' : 'hidden';
    case 'top_secret':
      return gm ? 'view' : 'hidden';
  }
}

/** Levels ordered: a document's effective level is never below its archive's. */
const rank: Record<SecrecyLevel, number> = { none: 0, secret: 1, confidential: 2, top_secret: 3 };
export function stricterLevel(a: SecrecyLevel, b: SecrecyLevel): SecrecyLevel {
  return rank[a] >= rank[b] ? a : b;
}
