/** Department tree rules, pure. */

/** True when moving `id` under `newParentId` would put it inside its own subtree. */
export function wouldCreateCycle(id: string, newParentId: string | null, parentOf: ReadonlyMap<string, string | null>): boolean {
  let cur: string | null = newParentId;
  const seen = new Set<string>();
  while (cur !== null) {
    if (cur === id) return true;
    if (seen.has(cur)) return true; // already broken: refuse rather than loop
    seen.add(cur);
    cur = parentOf.get(cur) ?? null;
  }
  return false;
}

/** All ids in the subtree rooted at `rootId`, the root included. */
export function subtreeOf(rootId: string, parentOf: ReadonlyMap<string, string | null>): Set<string> {
  const children = new Map<string, string[]>();
  for (const [id, parent] of parentOf) if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), id]);
  const out = new Set<string>([rootId]);
  const stack = [rootId];
  while (stack.length) for (const c of children.get(stack.pop()!) ?? []) if (!out.has(c)) (out.add(c), stack.push(c));
  return out;
}
