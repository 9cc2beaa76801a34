/** All departments (paged through at 200 a page) and the tree built from them. */
import { useQuery } from '@tanstack/react-query';
import type { Department } from '../../../contract/users.js';
import { call } from '../../api.js';

export type DepartmentNode = Department & { children?: DepartmentNode[] };

export const departmentsKey = ['departments'] as const;

/** Stops after this many pages so a server that keeps answering a cursor cannot loop the client forever. */
const maxPages = 50;

const fetchAllDepartments = async (): Promise<Department[]> => {
  const all: Department[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await call('listDepartments', {
      query: { limit: 200, includeDisabled: 'true', ...(cursor ? { cursor } : {}) },
    });
    all.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return all;
};

export const useDepartments = () => useQuery({ queryKey: departmentsKey, queryFn: fetchAllDepartments, staleTime: 30_000 });

const byName = (a: Department, b: Department) => a.name.localeCompare(b.name, 'zh-CN');

/** A forest: departments whose parent is missing (or themselves) are shown at the top level. */
export const buildDepartmentTree = (departments: readonly Department[]): DepartmentNode[] => {
  const nodes = new Map<string, DepartmentNode>(departments.map((d) => [d.id, { ...d }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId && node.parentId !== node.id ? nodes.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort(byName);
    for (const n of list) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
};

/** The ids of a department and everything under it (a department cannot move there). */
export const subtreeIds = (departments: readonly Department[], rootId: string): Set<string> => {
  const children = new Map<string, string[]>();
  for (const d of departments) if (d.parentId) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  const ids = new Set<string>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return ids;
};

/** Drops disabled departments and everything under them. */
export const withoutDisabled = (tree: DepartmentNode[]): DepartmentNode[] =>
  tree
    .filter((n) => !n.disabled)
    .map((n) => (n.children ? { ...n, children: withoutDisabled(n.children) } : n));
