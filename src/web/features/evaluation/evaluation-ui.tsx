/** Shared pieces of the evaluation screens: translated reasons and bases, role checks, export buttons, "load more". */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { evaluationAdminRoles, scorecardEditorRoles, relationshipFillRoles, relationshipMeasureRoles, relationshipReviewRoles, type Reason } from '../../../contract/evaluation.js';
import type { RoleKey } from '../../../contract/roles.js';
import { currentLanguage } from '../../i18n/index.js';
import { useCurrentUser } from '../auth/current-user.js';

export const evaluationKey = ['evaluation'] as const;
export const gradeOrder = ['D', 'C', 'B', 'A', 'AA', 'AAA'] as const;
/** Tag colours of an evaluation's and a relationship evaluation's states, the same on lists and forms. */
export const evaluationStateColor: Record<string, string> = { open: 'blue', filled: 'gold', pending_approval: 'orange', finalised: 'green' };
export const relationshipStateColor: Record<string, string> = { draft: 'default', completed: 'orange', reviewed: 'green' };

/** What the signed-in user may do here (the server decides; this only hides what would be refused). */
export const useEvaluationRoles = () => {
  const { roles } = useCurrentUser();
  const has = (list: readonly RoleKey[]) => roles.some((r) => list.includes(r));
  return {
    isAdmin: has(evaluationAdminRoles),
    /** EVA-1: the administrator edits the scorecard too (and nothing else of evaluation). */
    editsScorecard: has(scorecardEditorRoles),
    fillsRelationship: has(relationshipFillRoles),
    reviewsRelationship: has(relationshipReviewRoles),
    recordsMeasures: has(relationshipMeasureRoles),
  };
};

/**
 * An indicator's label in the user's language: labels are the scorecard's (or template's) data,
 * written in Chinese; where one is still the default, the translation of its key is shown instead.
 */
export const useIndicatorLabel = () => {
  const { t, i18n } = useTranslation();
  const tt = t as unknown as (key: string, options?: object) => string;
  return (kind: 'credit' | 'relationship', key: string, label: string): string => {
    if (currentLanguage() === 'zh-CN') return label;
    const path = `evaluation.${kind === 'credit' ? 'indicators' : 'relationshipIndicators'}.${key}`;
    return i18n.t(path, { lng: 'zh-CN', defaultValue: '' }) === label ? tt(path) : label;
  };
};

/** Money as the user's locale writes it (669,986.99); anything that is not a decimal amount as it is. */
export const formatMoney = (v: string): string => (/^-?\d+(\.\d{1,2})?$/.test(v) ? Number(v).toLocaleString(currentLanguage(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : v);

/** A reason of the preview (EVA-6) in the user's language, from its stable code and parameters. */
export const reasonText = (tf: TFunction, r: Reason): string => {
  const t = tf as unknown as (key: string, options?: object) => string;
  const p: Record<string, string | number> = { ...r.params };
  if (typeof p.group === 'string') p.group = t(`evaluation.groups.${p.group}`);
  for (const k of ['purchases', 'threshold']) if (typeof p[k] === 'string') p[k] = formatMoney(p[k]);
  if (typeof p.missing === 'string') p.missing = p.missing.split(',').filter(Boolean).map((k) => t(`evaluation.indicators.${k}`)).join('、');
  const text = t(`evaluation.reasons.${r.code}`, { ...p, defaultValue: '' });
  return text || r.message;
};

const moneyKeys = ['actual', 'target', 'lastYear', 'due', 'paidOnTime'];

/** What a computed proposal was computed from (the basis the job stored), in words. */
export const basisText = (tf: TFunction, key: string, b: Record<string, string | number | null> | null): string => {
  if (!b) return '';
  const t = tf as unknown as (key: string, options?: object) => string;
  if (key === 'cooperationLength' && !b.firstTransactionOn) return t('evaluation.basis.noTransaction');
  if (key === 'paymentTimeliness' && !Number(b.payments)) return t('evaluation.basis.noPayments');
  const money = (v: string | number | null) => (typeof v === 'string' ? formatMoney(v) : v);
  const shown = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, k === 'months' && typeof v === 'string' ? v.split(' / ').map(money).join(' / ') : moneyKeys.includes(k) ? money(v) : v]));
  const text = t(`evaluation.basis.${key}`, { ...shown, defaultValue: '' });
  return text || Object.entries(b).map(([k, v]) => `${k}: ${v ?? ''}`).join('; ');
};

export const ExportButtons = ({ href, testId }: { href: (format: 'csv' | 'xlsx') => string; testId: string }) => {
  const { t } = useTranslation();
  return (
    <>
      {(['xlsx', 'csv'] as const).map((f) => (
        <Button key={f} icon={<DownloadOutlined />} href={href(f)} download data-testid={`${testId}-export-${f}`}>
          {t('evaluation.exportAs', { format: f })}
        </Button>
      ))}
    </>
  );
};

/** Under a cursor-paged list: how many are loaded and the button for the next page. */
export const LoadMore = ({ count, hasMore, loading, onMore, testId }: { count: number; hasMore: boolean; loading: boolean; onMore: () => void; testId: string }) => {
  const { t } = useTranslation();
  return (
    <Flex justify="center" align="center" gap={12} wrap style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">{t('evaluation.loaded', { count })}</Typography.Text>
      {hasMore ? (
        <Button onClick={onMore} loading={loading} data-testid={`${testId}-more`}>
          {t('evaluation.loadMore')}
        </Button>
      ) : count > 0 ? (
        <Typography.Text type="secondary">{t('evaluation.noMore')}</Typography.Text>
      ) : null}
    </Flex>
  );
};
