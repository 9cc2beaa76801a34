/**
 * The live total of the 客户关系评估表 while it is filled: Σ weight × score / 100 in tenths, half
 * up — the sum relationship.rules.ts saves (relationship-total.test.ts checks they agree), and the
 * proposal from the template's thresholds. What is saved is the server's.
 */
export type WeightedRow = { key: string; weight: number };
export type Recommendation = 'improve' | 'maintain' | 'terminate';

export const liveRelationshipTotal = (rows: readonly WeightedRow[], scores: Readonly<Record<string, { score?: number | undefined } | undefined>>): number => {
  const sum = rows.reduce((a, r) => a + r.weight * Math.round((scores[r.key]?.score ?? 0) * 10), 0);
  return Math.floor((2 * sum + 100) / 200) / 10;
};

export const proposeLive = (total: number, th: { maintain: number; improve: number }): Recommendation =>
  Math.round(total * 10) >= Math.round(th.maintain * 10) ? 'maintain' : Math.round(total * 10) >= Math.round(th.improve * 10) ? 'improve' : 'terminate';
