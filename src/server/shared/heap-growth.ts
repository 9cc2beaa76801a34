/**
 * How far V8 lets the old generation grow past what was live after its last full GC (PLT-7, the
 * server's RSS under load). By default V8 picks a factor of up to 4× from how fast the process
 * allocates: under 50 connections a request keeps little (the live heap stays ≈ 70 MB) but
 * allocates fast, so garbage piled up to 150–250 MB of old space before it was collected. The
 * server bounds the growth (`--heap-growing-percent`, read by V8 at every full GC); an import pass
 * bounds it further while it runs (imports.service.ts) and the server's bound comes back after.
 */
import v8 from 'node:v8';

/**
 * Node options the server runs with, given on the command line by `npm start` (package.json) and by
 * the benchmark's server (bench/server.ts) alike — V8 sizes the young generation once, when the heap
 * is set up, so unlike the growth bound below this cannot be set at run time. The default semi-space
 * (16 MB, two of them: 32 MB of new space) is full of short-lived garbage under load; 8 MB scavenges
 * twice as often and promotes no more: at 1M customers under the mixed load the server's RSS peaked
 * at 272–291 MB in three runs, against 298.6 MB in two without it, with no fewer requests served
 * (ARCHITECTURE.md, memory under load).
 */
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=8'] as const;

/** The SERVER_NODE_OPTIONS this process was not started with (on its command line or in NODE_OPTIONS). */
export function missingServerNodeOptions(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].map((o) => o.split('=')[0]!.replace(/_/g, '-')));
  return SERVER_NODE_OPTIONS.filter((o) => !given.has(o.split('=')[0]!));
}

/** The server's bound while it serves (0 = V8's own dynamic factor, as before the server starts). */
export const SERVER_HEAP_GROWING_PERCENT = 50;

let base = 0;
const held: number[] = [];

const apply = () => {
  const bounds = [...held, ...(base > 0 ? [base] : [])];
  v8.setFlagsFromString(`--heap-growing-percent=${bounds.length ? Math.min(...bounds) : 0}`);
};

/** Sets the process's bound (the server at start); 0 gives V8 its own factor back. */
export function setHeapGrowth(percent: number): void {
  base = Math.max(0, Math.round(percent));
  apply();
}

/** Holds a tighter bound while a job runs; the returned function releases it (once). */
export function boundHeapGrowth(percent: number): () => void {
  held.push(percent);
  apply();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.splice(held.indexOf(percent), 1);
    apply();
  };
}

/** The bound in force now (for tests). */
export function heapGrowthInForce(): number {
  const bounds = [...held, ...(base > 0 ? [base] : [])];
  return bounds.length ? Math.min(...bounds) : 0;
}
