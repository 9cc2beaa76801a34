/**
 * PLT-2 (ARCHITECTURE.md "Imports go one way"): the module folders under src/server/modules form
 * an acyclic graph, no module imports another module's repository, and src/server/shared (the
 * pieces every module shares: the principal, the working-day calendar, the keyring, sealing of
 * personal columns) imports no module. Every import counts — `import type`, `export … from` and
 * dynamic `import()` included; test files are left out (a test may drive several modules).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const modulesDir = path.dirname(fileURLToPath(import.meta.url));
const sharedDir = path.join(modulesDir, '..', 'shared');

type Edge = { from: string; to: string; file: string; target: string };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Relative specifiers of every static import/export-from and dynamic import() in a source text. */
export function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(/\b(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out.filter((s) => s.startsWith('.'));
}

function moduleEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const mod of readdirSync(modulesDir).filter((d) => statSync(path.join(modulesDir, d)).isDirectory())) {
    for (const file of sourceFiles(path.join(modulesDir, mod))) {
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        const target = path.relative(modulesDir, path.resolve(path.dirname(file), spec));
        if (target.startsWith('..')) continue;
        const to = target.split(path.sep)[0]!;
        if (to !== mod) edges.push({ from: mod, to, file: path.relative(modulesDir, file), target });
      }
    }
  }
  return edges;
}

/** Every strongly connected set of more than one module (Tarjan), each as one concrete cycle a → b → … → a. */
export function moduleCycles(edges: readonly Pick<Edge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    if (!next.has(e.to)) next.set(e.to, new Set());
    next.get(e.from)!.add(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) components.push(c.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  // a concrete cycle through each component: breadth-first from its first module back to itself
  return components.map((c) => {
    const inside = new Set(c);
    const start = c[0]!;
    const prev = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of next.get(v) ?? []) {
        if (!inside.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let u = v; u !== start; u = prev.get(u)!) path.splice(1, 0, u);
          return [...path, start];
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    return [...c, start];
  });
}

describe('module graph', () => {
  it('PLT-2 the cycle finder names a cycle and passes an acyclic graph (the check can fail)', () => {
    expect(moduleCycles([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }])).toEqual([['a', 'b', 'c', 'a']]);
    expect(moduleCycles([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'a', to: 'c' }])).toEqual([]);
    expect(importSpecifiers("import type { X } from '../a/x.js';\nexport { y } from '../b/y.js';\nconst z = await import('../c/z.js');\n// import { no } from '../d/no.js';\nimport fs from 'node:fs';")).toEqual(['../a/x.js', '../b/y.js', '../c/z.js']);
  });

  it('PLT-2 no two module folders under src/server/modules import each other, directly or around a circle', () => {
    const edges = moduleEdges();
    expect(edges.length).toBeGreaterThan(50);
    const cycles = moduleCycles(edges).map((cycle) => {
      const steps = cycle.slice(1).map((to, i) => {
        const e = edges.find((x) => x.from === cycle[i] && x.to === to)!;
        return `  ${cycle[i]} → ${to}: ${e.file} imports ${e.target}`;
      });
      return `${cycle.join(' → ')}\n${steps.join('\n')}`;
    });
    expect(cycles, `module cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it("PLT-2 a module calls another module's service, never its repository", () => {
    const crossings = moduleEdges()
      .filter((e) => /\.repository(\.js|\.ts)?$/.test(e.target))
      .map((e) => `${e.file} imports ${e.target}`);
    expect(crossings).toEqual([]);
  });

  it('PLT-2 src/server/shared imports no module (it sits below all of them)', () => {
    const upward = sourceFiles(sharedDir).flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8'))
        .filter((spec) => path.resolve(path.dirname(file), spec).startsWith(modulesDir + path.sep))
        .map((spec) => `${path.relative(sharedDir, file)} imports ${spec}`),
    );
    expect(sourceFiles(sharedDir).length).toBeGreaterThan(0);
    expect(upward).toEqual([]);
  });
});
