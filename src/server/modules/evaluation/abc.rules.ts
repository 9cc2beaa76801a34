/**
 * ABC classification (EVA-7, seed 000 客户档案分类管理表), pure: a composite of strength (客户实力),
 * deal likelihood (成交可能性) and region weight (区域), each normalised to 0–1 in integer
 * millionths and weighted in thousandths; A the top 20 % by count, B the next 40 %, C the rest,
 * ties by archive number. The set-based SQL of abc.sql.ts reproduces it exactly (tested).
 */
import type { AbcConfig } from '../../../contract/evaluation.js';
import type { Grade } from './credit.rules.js';

export type AbcClass = 'A' | 'B' | 'C';
export const DEFAULT_ABC_CONFIG: AbcConfig = {
  weights: { strength: 0.5, likelihood: 0.3, region: 0.2 },
  regionWeights: {},
  defaultRegionWeight: 0.5,
};
export const UNIT = 1_000_000n;

/** 成交可能性 from the credit grade, else from the deal status of the archive (ARC-1 客户状态). */
export const gradeLikelihood: Record<Grade, number> = { AAA: 1_000_000, AA: 800_000, A: 600_000, B: 400_000, C: 200_000, D: 0 };
export const statusLikelihood: Record<string, number> = { closed_won: 1_000_000, contracted: 800_000, proposal: 600_000, quoted: 400_000, contacted: 200_000 };
export function likelihoodOf(grade: Grade | null, status: string | null): number {
  if (grade) return gradeLikelihood[grade];
  return (status && statusLikelihood[status]) || 0;
}

/** Weight of a region code: the longest configured prefix (6, 4 or 2 digits), else the default; in millionths. */
export function regionWeightOf(cfg: AbcConfig, region: string | null): number {
  const w = region ? (cfg.regionWeights[region.slice(0, 6)] ?? cfg.regionWeights[region.slice(0, 4)] ?? cfg.regionWeights[region.slice(0, 2)]) : undefined;
  return Math.round((w ?? cfg.defaultRegionWeight) * 1_000_000);
}
export const weightsOf = (cfg: AbcConfig) => ({ s: Math.round(cfg.weights.strength * 1000), l: Math.round(cfg.weights.likelihood * 1000), r: Math.round(cfg.weights.region * 1000) });

export type AbcCandidate = {
  id: string;
  archiveNo: string;
  /** Purchases in the last 12 months (cents), or registered capital for a prospect. */
  strength: bigint;
  prospect: boolean;
  likelihood: number;
  regionWeight: number;
};
export type AbcResult = { id: string; archiveNo: string; composite: bigint; rank: number; abcClass: AbcClass };

/** How many of n are A and how many A or B (round half up of 20 % and 60 %). */
export function quotas(n: number): { a: number; ab: number } {
  return { a: Math.floor((n * 20 * 2 + 100) / 200), ab: Math.floor((n * 60 * 2 + 100) / 200) };
}
export const classAt = (rank: number, q: { a: number; ab: number }): AbcClass => (rank <= q.a ? 'A' : rank <= q.ab ? 'B' : 'C');

/** Ranks every candidate (1 = strongest) and classes it. */
export function classify(cfg: AbcConfig, candidates: readonly AbcCandidate[]): AbcResult[] {
  const maxOf = (prospect: boolean) => candidates.reduce((m, c) => (c.prospect === prospect && c.strength > m ? c.strength : m), 0n);
  const max = { true: maxOf(true), false: maxOf(false) };
  const w = weightsOf(cfg);
  const scored = candidates.map((c) => {
    const top = max[String(c.prospect) as 'true' | 'false'];
    const s = top > 0n ? (c.strength * UNIT) / top : 0n;
    return { id: c.id, archiveNo: c.archiveNo, composite: BigInt(w.s) * s + BigInt(w.l) * BigInt(c.likelihood) + BigInt(w.r) * BigInt(c.regionWeight) };
  });
  scored.sort((x, y) => (x.composite === y.composite ? (x.archiveNo < y.archiveNo ? -1 : x.archiveNo > y.archiveNo ? 1 : 0) : x.composite > y.composite ? -1 : 1));
  const q = quotas(scored.length);
  return scored.map((c, i) => ({ ...c, rank: i + 1, abcClass: classAt(i + 1, q) }));
}

/** The class in force: an approved override survives recomputation until withdrawn. */
export const effectiveClass = (computed: AbcClass, override: AbcClass | null): AbcClass => override ?? computed;
