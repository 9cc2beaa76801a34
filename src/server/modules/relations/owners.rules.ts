/** Responsible owners (REL-1), pure. */

/** SEC-8 × REL-1: an A-class or key (big, key tier) customer changes owner only through the protected-change approval. */
export const needsTransferApproval = (c: { abc_class: string | null; tier: string | null }): boolean => c.abc_class === 'A' || c.tier === 'key' || c.tier === 'big';

/** Assignment by rule: the matching archives, in order, shared out to the owners in turn (first to the first owner). */
export function shareInTurn(customerIds: readonly string[], ownerIds: readonly string[]): { customerId: string; ownerId: string }[] {
  if (ownerIds.length === 0) return [];
  return customerIds.map((customerId, i) => ({ customerId, ownerId: ownerIds[i % ownerIds.length]! }));
}
