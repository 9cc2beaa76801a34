/** The 客户关系评估表 template (EVA-8): analysis indicators with weights summing to 100 and the recommendation thresholds; saving makes the next version. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Input, InputNumber, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import type { RouteResult } from '../../../contract/routes.js';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { ProblemAlert } from '../../ui/form-errors.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { evaluationKey } from './evaluation-ui.js';

type Indicator = { key: string; label: string; weight: number | null };

type Template = RouteResult<'getRelationshipTemplate'>;

export const RelationshipTemplateEditor = () => {
  const tpl = useQuery({ queryKey: [...evaluationKey, 'relationship-template'], queryFn: () => call('getRelationshipTemplate') });
  if (tpl.isError) return <LoadError error={tpl.error} onRetry={() => void tpl.refetch()} />;
  if (!tpl.data) return <Spin />;
  return <TemplateForm key={tpl.data.version} template={tpl.data} />;
};

const TemplateForm = ({ template }: { template: Template }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [rows, setRows] = useState<Indicator[]>(() => template.indicators.map((i) => ({ ...i })));
  const [maintain, setMaintain] = useState<number | null>(template.thresholds.maintain);
  const [improve, setImprove] = useState<number | null>(template.thresholds.improve);
  const save = useMutation({
    mutationFn: () => call('updateRelationshipTemplate', { body: { indicators: rows.map((r) => ({ key: r.key.trim(), label: r.label.trim(), weight: r.weight ?? 0 })), thresholds: { maintain: maintain ?? 0, improve: improve ?? 0 } } }),
    onSuccess: (x) => {
      void message.success(t('evaluation.settings.saved', { version: x.version }));
      void qc.invalidateQueries({ queryKey: evaluationKey });
    },
  });
  const sum = rows.reduce((s, r) => s + (r.weight ?? 0), 0);
  const badKey = (k: string) => !/^[a-z][a-zA-Z0-9]{0,39}$/.test(k.trim());
  const keys = rows.map((r) => r.key.trim());
  const dup = (k: string) => keys.filter((x) => x === k.trim()).length > 1;
  const valid = sum === 100 && rows.length > 0 && rows.every((r) => !badKey(r.key) && !dup(r.key) && r.label.trim()) && (maintain ?? 0) >= (improve ?? 0);
  const set = (n: number, patch: Partial<Indicator>) => setRows(rows.map((r, i) => (i === n ? { ...r, ...patch } : r)));
  return (
    <Flex vertical gap={16}>
      <Alert type="info" showIcon title={t('evaluation.settings.templateNote', { version: template.version, at: formatDateTime(template.createdAt) })} />
      {save.isError ? <ProblemAlert error={save.error} testId="template-error" /> : null}
      <Card size="small" title={t('evaluation.settings.indicators')}>
        <Table<Indicator> size="small" rowKey={(r) => String(rows.indexOf(r))} pagination={false} dataSource={rows} scroll={{ x: 'max-content' }} data-testid="template-indicators"
          columns={[
            { title: t('evaluation.form.seq'), key: 'n', width: 50, render: (_v, _r, n) => n + 1 },
            { title: t('evaluation.relationship.indicator'), key: 'label', render: (_v, r, n) => <Input value={r.label} maxLength={60} onChange={(e) => set(n, { label: e.target.value })} style={{ minWidth: 180 }} data-testid={`template-label-${n}`} /> },
            { title: t('evaluation.settings.indicatorKey'), key: 'key', render: (_v, r, n) => <Input value={r.key} maxLength={40} status={badKey(r.key) || dup(r.key) ? 'error' : undefined} onChange={(e) => set(n, { key: e.target.value })} style={{ width: 150 }} data-testid={`template-key-${n}`} /> },
            { title: t('evaluation.relationship.weight'), key: 'weight', render: (_v, r, n) => <Space.Compact><InputNumber min={1} max={100} precision={0} value={r.weight} onChange={(v) => set(n, { weight: v })} style={{ width: 84 }} data-testid={`template-weight-${n}`} /><Button disabled>%</Button></Space.Compact> },
            { title: '', key: 'x', width: 48, render: (_v, _r, n) => <Button type="text" icon={<DeleteOutlined />} aria-label={t('evaluation.settings.remove')} disabled={rows.length <= 1} onClick={() => setRows(rows.filter((_x, i) => i !== n))} /> },
          ]}
          footer={() => <Typography.Text type={sum === 100 ? 'secondary' : 'danger'} data-testid="template-weight-sum">{t('evaluation.settings.weightTotal', { sum })}</Typography.Text>} />
        <Button icon={<PlusOutlined />} style={{ marginTop: 8 }} disabled={rows.length >= 20} onClick={() => setRows([...rows, { key: `item${rows.length + 1}`, label: '', weight: null }])} data-testid="template-add">{t('evaluation.settings.addIndicator')}</Button>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>{t('evaluation.settings.keyHint')}</Typography.Text>
      </Card>
      <Card size="small" title={t('evaluation.settings.thresholds')}>
        <Flex gap={16} wrap>
          <Space><Typography.Text>{t('evaluation.settings.maintainAt')}</Typography.Text><InputNumber min={0} max={100} precision={1} value={maintain} onChange={setMaintain} data-testid="template-maintain" /></Space>
          <Space><Typography.Text>{t('evaluation.settings.improveAt')}</Typography.Text><InputNumber min={0} max={100} precision={1} value={improve} onChange={setImprove} data-testid="template-improve" /></Space>
        </Flex>
      </Card>
      <div><Button type="primary" disabled={!valid} loading={save.isPending} onClick={() => save.mutate()} data-testid="template-save">{t('evaluation.settings.saveVersion')}</Button></div>
    </Flex>
  );
};
