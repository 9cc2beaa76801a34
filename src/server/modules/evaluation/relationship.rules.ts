/**
 * Relationship evaluation (EVA-8, seed 000 客户关系评估表), pure: weighted total of the analysis
 * indicators and the proposed recommendation (改进 / 维持 / 终止关系).
 */
import type { FieldError } from '../../../contract/errors.js';

export type Recommendation = 'improve' | 'maintain' | 'terminate';
export type RelationshipTemplate = { indicators: { key: string; label: string; weight: number }[]; thresholds: { maintain: number; improve: number } };

export const DEFAULT_RELATIONSHIP_TEMPLATE: RelationshipTemplate = {
  indicators: [
    { key: 'satisfaction', label: '客户满意度', weight: 25 },
    { key: 'communication', label: '沟通频率与质量', weight: 15 },
    { key: 'cooperation', label: '合作意愿', weight: 20 },
    { key: 'payment', label: '回款情况', weight: 20 },
    { key: 'complaints', label: '投诉与异议处理', weight: 10 },
    { key: 'potential', label: '发展潜力', weight: 10 },
  ],
  thresholds: { maintain: 75, improve: 50 },
};

export type ItemInput = { key: string; score: number };

/** Every template indicator scored exactly once (0–100, one decimal), nothing else. */
export function checkItems(t: RelationshipTemplate, items: readonly ItemInput[]): FieldError[] {
  const errors: FieldError[] = [];
  const keys = t.indicators.map((i) => i.key);
  items.forEach((it, i) => {
    if (!keys.includes(it.key)) errors.push({ path: `items.${i}.key`, message: `is not an indicator of the template (${keys.join(', ')})` });
    else if (items.findIndex((x) => x.key === it.key) !== i) errors.push({ path: `items.${i}.key`, message: 'is given twice' });
  });
  for (const k of keys) if (!items.some((it) => it.key === k)) errors.push({ path: 'items', message: `must score ${k}` });
  return errors;
}

/** Σ weight × score / 100, in tenths, rounded half up (weights sum to 100). */
export function relationshipTotal(t: RelationshipTemplate, items: readonly ItemInput[]): number {
  const sum = t.indicators.reduce((a, ind) => a + ind.weight * Math.round((items.find((x) => x.key === ind.key)?.score ?? 0) * 10), 0);
  return Math.floor((2 * sum + 100) / 200);
}

/** total ≥ maintain → maintain; ≥ improve → improve; else terminate (total in tenths). */
export function proposeRecommendation(t: RelationshipTemplate, totalT: number): Recommendation {
  if (totalT >= Math.round(t.thresholds.maintain * 10)) return 'maintain';
  if (totalT >= Math.round(t.thresholds.improve * 10)) return 'improve';
  return 'terminate';
}
