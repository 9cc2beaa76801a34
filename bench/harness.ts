/** Benchmark harness: measured figures beside their targets, printed as a table and saved as JSON (PLT-7). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Figure = {
  name: string; value: number; unit: string; target: number; better: 'lower' | 'higher'; note?: string;
  /** Why the figure does not measure what it names (it then fails whatever its value). */
  invalid?: string;
};

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

export async function timeEach(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export function report(figures: Figure[], dir: string): boolean {
  const rows = figures.map((f) => {
    const pass = !f.invalid && (f.better === 'lower' ? f.value <= f.target : f.value >= f.target);
    return { figure: f.name, value: `${round(f.value)} ${f.unit}`, target: `${f.better === 'lower' ? '≤' : '≥'} ${f.target} ${f.unit}`, pass: pass ? 'pass' : f.invalid ? 'INVALID' : 'MISS', note: [f.note, f.invalid].filter(Boolean).join('; ') };
  });
  const widths = (['figure', 'value', 'target', 'pass'] as const).map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
  const line = (r: Record<string, string>) => (['figure', 'value', 'target', 'pass'] as const).map((k, i) => r[k]!.padEnd(widths[i]!)).join(' | ') + (r.note ? `  ${r.note}` : '');
  console.log(line({ figure: 'figure', value: 'value', target: 'target', pass: 'pass', note: '' }));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  mkdirSync(dir, { recursive: true });
  const json = { at: new Date().toISOString(), node: process.version, figures: figures.map((f, i) => ({ ...f, value: round(f.value), pass: rows[i]!.pass === 'pass' })) };
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
  return rows.every((r) => r.pass === 'pass');
}

const round = (v: number) => Math.round(v * 100) / 100;
