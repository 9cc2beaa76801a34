/** The payload of an approval, readable: each known field labelled and formatted (groups, levels, durations, scope, before → after). */
import { Descriptions, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Approval } from '../../../contract/approvals.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';
import { formatDuration, groupLabel } from './approval-labels.js';

/** Shown first, in this order; anything else follows in the payload's order. */
const order = ['archiveNo', 'customerName', 'contactName', 'change', 'groups', 'durationMinutes', 'secrecyLevel', 'purpose', 'quarter', 'computedGrade', 'grade', 'total', 'abcClass', 'title', 'category', 'from', 'to', 'scope', 'reason'];
/** Internal references the page links to instead (or that say nothing to a reader). */
const hidden = ['evaluationId', 'relationshipEvaluationId', 'documentId', 'version'];

type Formatter = (v: unknown) => ReactNode;

const plain = (t: TFunction, v: unknown): ReactNode => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('security.payload.yes') : t('security.payload.no');
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(String).join('、');
  return (
    <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {JSON.stringify(v)}
    </Typography.Text>
  );
};

export const ApprovalPayload = ({ approval }: { approval: Approval }) => {
  const { t } = useTranslation();
  const secrecy = useSecrecyLabel();
  const p = approval.payload;

  /** `from` / `to` of a protected change: the level or the owner that changes. */
  const side = (v: unknown): ReactNode => {
    if (!v || typeof v !== 'object') return plain(t, v);
    const o = v as Record<string, unknown>;
    const parts: string[] = [];
    if (o['secrecyLevel']) parts.push(`${t('security.payload.secrecyLevel')}：${secrecy(String(o['secrecyLevel']))}`);
    if (o['ownerId']) parts.push(`${t('security.payload.ownerId')}：${String(o['ownerId'])}`);
    return parts.length > 0 ? parts.join('；') : '—';
  };
  const relevantSide = (v: unknown): ReactNode => {
    // only the part that the change is about: a level for lower_secrecy, an owner for transfer_owner
    const change = p['change'];
    if (!v || typeof v !== 'object') return plain(t, v);
    const o = v as Record<string, unknown>;
    if (change === 'lower_secrecy') return o['secrecyLevel'] ? secrecy(String(o['secrecyLevel'])) : '—';
    if (change === 'transfer_owner') return o['ownerId'] ? `${t('security.payload.ownerId')}：${String(o['ownerId'])}` : '—';
    return side(v);
  };

  const formatters: Record<string, Formatter> = {
    groups: (v) =>
      Array.isArray(v) ? (
        <>
          {v.map((g) => (
            <Tag key={String(g)}>{groupLabel(t, String(g))}</Tag>
          ))}
        </>
      ) : (
        plain(t, v)
      ),
    durationMinutes: (v) => (typeof v === 'number' ? formatDuration(t, v) : plain(t, v)),
    secrecyLevel: (v) => (typeof v === 'string' ? secrecy(v) : plain(t, v)),
    change: (v) => (typeof v === 'string' ? t(`security.changes.${v}` as never, { defaultValue: v }) : plain(t, v)),
    from: relevantSide,
    to: relevantSide,
    scope: (v) =>
      v && typeof v === 'object'
        ? Object.entries(v as Record<string, unknown>)
            .filter(([, on]) => on === true)
            .map(([k]) => t(`security.scope.${k}` as never, { defaultValue: k }))
            .join('、') || '—'
        : plain(t, v),
  };

  const keys = Object.keys(p).filter((k) => !hidden.includes(k));
  const sorted = [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
  // the archive's name repeats the customer line when the viewer may see it
  const shown = sorted.filter((k) => !(k === 'customerName' && approval.customerName));
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="approval-payload"
      items={shown.map((k) => ({
        key: k,
        label: t(`security.payload.${k}` as never, { defaultValue: k }),
        children: <span data-testid={`approval-payload-${k}`}>{(formatters[k] ?? ((v: unknown) => plain(t, v)))(p[k])}</span>,
      }))}
    />
  );
};
