/**
 * The SQL side of document visibility, for queries over an archive's history and timeline: which
 * document entries a reader may see is decided per level by decideDocumentAccess, then applied
 * as a condition on `customer_history h`.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { RoleKey } from '../../../contract/roles.js';
import type { AllowDecision, SecrecyLevel } from './customer-access.rules.js';
import { decideDocumentAccess, stricterLevel } from './document-access.rules.js';

const levels: SecrecyLevel[] = ['none', 'secret', 'confidential', 'top_secret'];

/** Document levels whose entries the reader may see on this archive. */
export function visibleDocumentLevels(roles: readonly RoleKey[], decision: AllowDecision, customerLevel: string): SecrecyLevel[] {
  return levels.filter((l) => decideDocumentAccess({ roles }, decision, stricterLevel(customerLevel as SecrecyLevel, l)) !== 'hidden');
}

/** Document levels whose content the reader may download (and so see inline) on this archive. */
export function downloadableDocumentLevels(roles: readonly RoleKey[], decision: AllowDecision, customerLevel: string): SecrecyLevel[] {
  return levels.filter((l) => decideDocumentAccess({ roles }, decision, stricterLevel(customerLevel as SecrecyLevel, l)) === 'download');
}

/** Over `customer_history h`: rows that are not about a document, or about one the reader may see. */
export function documentHistoryVisible(roles: readonly RoleKey[], decision: AllowDecision, customerLevel: string): Expression<SqlBool> {
  const open = visibleDocumentLevels(roles, decision, customerLevel);
  if (open.length === 0) return sql<SqlBool>`h.entity <> 'document'`;
  return sql<SqlBool>`(h.entity <> 'document' OR EXISTS (SELECT 1 FROM documents dv WHERE dv.id::text = h.entity_id AND dv.customer_id = h.customer_id AND dv.secrecy_level = ANY(${open}::text[])))`;
}
