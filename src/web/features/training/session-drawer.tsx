/** One training session (REL-12): attendees with their assessment (organisers edit), materials, case studies, and the effect on the REL-11 indicators. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Input, InputNumber, Segmented, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { formatFigure, metrics } from '../targets/targets-ui.js';

type Attendee = RouteResult<'getTrainingSession'>['attendeeList'][number];
type EffectItem = RouteResult<'trainingEffect'>['items'][number];

export const SessionDrawer = ({ id, onClose, onEdit }: { id: string; onClose: () => void; onEdit?: (session: RouteResult<'getTrainingSession'>) => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'month' | 'quarter'>('month');
  const [edits, setEdits] = useState<Record<string, { score?: number | null; comments?: string }>>({});
  const session = useQuery({ queryKey: ['training', 'session', id], queryFn: () => call('getTrainingSession', { params: { id } }) });
  const effect = useQuery({ queryKey: ['training', 'effect', id, kind], queryFn: () => call('trainingEffect', { params: { id }, query: { kind } }) });
  const save = useMutation({
    mutationFn: () => call('assessTrainingSession', { params: { id }, body: { items: Object.entries(edits).filter(([, e]) => e.score !== undefined && e.score !== null).map(([userId, e]) => ({ userId, score: e.score!, ...(e.comments ? { comments: e.comments } : {}) })) } }),
    onSuccess: async () => {
      void message.success(t('training.saved'));
      setEdits({});
      await queryClient.invalidateQueries({ queryKey: ['training'] });
    },
  });
  const s = session.data;
  return (
    <Drawer open title={s ? `${s.planTitle} · ${s.heldOn}` : t('training.detail')} onClose={onClose}
      extra={s && onEdit ? <Button size="small" onClick={() => onEdit(s)} data-testid="training-session-edit">{t('training.edit')}</Button> : null} width="min(760px, 100vw)" data-testid="training-session-drawer">
      {session.isError ? <LoadError error={session.error} onRetry={() => void session.refetch()} /> : !s ? <Spin /> : (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
            { key: 'topic', label: t('training.topic'), children: t(`training.topics.${s.topic}`) },
            { key: 'role', label: t('training.role'), children: t(`roles.${s.role}`) },
            { key: 'trainer', label: t('training.trainer'), children: <>{s.trainerName} <Tag>{t(`training.trainerKind.${s.trainerInternal ? 'internal' : 'external'}`)}</Tag></> },
            { key: 'pass', label: t('training.passScore'), children: s.passScore },
            { key: 'materials', label: t('training.materials'), children: s.materials.length === 0 ? '—' : s.materials.map((m) => <div key={m.documentId}>#{m.documentId} {m.title ?? t('training.materialWithheld')}</div>) },
            { key: 'cases', label: t('training.caseStudies'), children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{s.caseStudies ?? '—'}</Typography.Paragraph> },
          ]} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('training.attendees')}</Typography.Title>
          {save.isError ? <Alert type="error" showIcon message={errorLine(save.error, t)} style={{ marginBottom: 8 }} /> : null}
          <Table<Attendee> rowKey="userId" size="small" pagination={false} dataSource={s.attendeeList} scroll={{ x: 560 }}
            columns={[
              { title: t('training.employee'), dataIndex: 'userName', render: (v: string, a) => <>{v}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.departmentName}</Typography.Text></> },
              { title: t('training.score'), key: 'score', width: 110, render: (_: unknown, a) => <InputNumber min={0} max={100} precision={0} value={edits[a.userId]?.score ?? a.score} onChange={(v) => setEdits((e) => ({ ...e, [a.userId]: { ...e[a.userId], score: v } }))} data-testid={`training-score-${a.userId}`} /> },
              { title: t('training.comments'), key: 'comments', render: (_: unknown, a) => <Input value={edits[a.userId]?.comments ?? a.comments ?? ''} maxLength={2000} onChange={(ev) => setEdits((e) => ({ ...e, [a.userId]: { ...e[a.userId], score: e[a.userId]?.score ?? a.score, comments: ev.target.value } }))} /> },
              { title: '', key: 'passed', width: 80, render: (_: unknown, a) => (a.passed === null ? <Tag>{t('training.notAssessed')}</Tag> : a.passed ? <Tag color="green">{t('training.passed')}</Tag> : <Tag color="red">{t('training.failed')}</Tag>) },
            ]} />
          <Button type="primary" style={{ marginTop: 8 }} disabled={Object.keys(edits).length === 0} loading={save.isPending} onClick={() => save.mutate()} data-testid="training-assess-save">{t('training.saveAssessments')}</Button>
          <Typography.Title level={5} style={{ marginTop: 20 }}>{t('training.effect')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('training.effectHint')}</Typography.Paragraph>
          <Segmented<'month' | 'quarter'> value={kind} onChange={setKind} options={(['month', 'quarter'] as const).map((k) => ({ value: k, label: t(`training.effectKinds.${k}`) }))} style={{ marginBottom: 8 }} />
          {effect.isError ? <LoadError error={effect.error} onRetry={() => void effect.refetch()} /> : !effect.data ? <Spin /> : (
            <Table<EffectItem> rowKey="userId" size="small" pagination={false} dataSource={effect.data.items} scroll={{ x: 760 }}
              columns={[
                { title: t('training.employee'), dataIndex: 'userName', fixed: 'left', width: 100 },
                ...metrics.map((m) => ({
                  title: `${t(`targets.metrics.${m}`)} (${effect.data.before} → ${effect.data.after})`,
                  key: m,
                  render: (_: unknown, e: EffectItem) => {
                    if (!e.before || !e.after) return <Typography.Text type="secondary">{t('training.withheld')}</Typography.Text>;
                    const b = e.before.find((x) => x.metric === m)!;
                    const a = e.after.find((x) => x.metric === m)!;
                    return <span>{formatFigure(m, b.actual)} → <strong>{formatFigure(m, a.actual)}</strong></span>;
                  },
                })),
              ]} />
          )}
        </>
      )}
    </Drawer>
  );
};
