/**
 * ABC weights (EVA-7): how strength (客户实力), deal likelihood (成交可能性) and region (区域) weigh in
 * the composite, and the company's weight per region (GB/T 2260 code: 2 digits a province, 4 a
 * city, 6 a county; the longest match applies, others take the default). Takes effect at the next run.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Input, InputNumber, Row, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AbcConfig } from '../../../contract/evaluation.js';
import { call } from '../../api.js';
import { ProblemAlert } from '../../ui/form-errors.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { evaluationKey } from './evaluation-ui.js';

type Region = { code: string; weight: number | null };
const weightKeys = ['strength', 'likelihood', 'region'] as const;

export const AbcConfigEditor = () => {
  const dist = useQuery({ queryKey: [...evaluationKey, 'abc'], queryFn: () => call('abcDistribution') });
  if (dist.isError) return <LoadError error={dist.error} onRetry={() => void dist.refetch()} />;
  // the form starts from what is stored: nothing to edit before it has loaded
  if (!dist.data) return <Spin />;
  return <AbcConfigForm key={JSON.stringify(dist.data.config)} config={dist.data.config} />;
};

const AbcConfigForm = ({ config }: { config: AbcConfig }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [weights, setWeights] = useState<AbcConfig['weights']>(config.weights);
  const [regions, setRegions] = useState<Region[]>(() => Object.entries(config.regionWeights).map(([code, weight]) => ({ code, weight })));
  const [fallback, setFallback] = useState<number | null>(config.defaultRegionWeight);
  const save = useMutation({
    mutationFn: () => call('updateAbcConfig', { body: { weights, defaultRegionWeight: fallback ?? 0, regionWeights: Object.fromEntries(regions.filter((r) => r.code.trim()).map((r) => [r.code.trim(), r.weight ?? 0])) } }),
    onSuccess: () => {
      void message.success(t('evaluation.settings.abcSaved'));
      void qc.invalidateQueries({ queryKey: evaluationKey });
    },
  });
  const run = useMutation({
    mutationFn: () => call('runAbc'),
    onSuccess: (d) => {
      void message.success(t('evaluation.abc.ran', { total: d.lastRun?.total ?? 0, changed: d.lastRun?.changed ?? 0 }));
      void qc.invalidateQueries({ queryKey: evaluationKey });
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const sum = Math.round((weights.strength + weights.likelihood + weights.region) * 1000) / 1000;
  const badCode = (c: string) => c.trim() !== '' && !/^\d{2}(\d{2}){0,2}$/.test(c.trim());
  const dupes = new Set(regions.map((r) => r.code.trim()).filter((c, i, a) => c && a.indexOf(c) !== i));
  return (
    <Flex vertical gap={16}>
      <Alert type="info" showIcon title={t('evaluation.settings.abcNote')} />
      {save.isError ? <ProblemAlert error={save.error} testId="abc-config-error" /> : null}
      <Card size="small" title={t('evaluation.settings.weights')}>
        <Row gutter={[16, 12]}>
          {weightKeys.map((k) => (
            <Col xs={24} sm={8} key={k}>
              <Typography.Text type="secondary" style={{ display: 'block' }}>{t(`evaluation.settings.${k}`)}</Typography.Text>
              <InputNumber min={0} max={1} step={0.05} precision={3} value={weights[k]} onChange={(v) => setWeights({ ...weights, [k]: v ?? 0 })} style={{ width: '100%' }} data-testid={`abc-weight-${k}`} />
            </Col>
          ))}
        </Row>
        <Typography.Text type={sum === 1 ? 'secondary' : 'danger'} style={{ display: 'block', marginTop: 8 }} data-testid="abc-weight-sum">{t('evaluation.settings.weightSum', { sum })}</Typography.Text>
      </Card>
      <Card size="small" title={t('evaluation.settings.regionWeights')}>
        <Table<Region> size="small" rowKey={(_r) => String(regions.indexOf(_r))} pagination={false} dataSource={regions} scroll={{ x: 'max-content' }} data-testid="abc-regions" locale={{ emptyText: t('evaluation.settings.noRegions') }}
          columns={[
            { title: t('evaluation.settings.regionCode'), key: 'code', render: (_v, r, n) => <Input value={r.code} maxLength={6} status={badCode(r.code) || dupes.has(r.code.trim()) ? 'error' : undefined} placeholder="44 / 4403 / 440305" style={{ width: 150 }} onChange={(e) => setRegions(regions.map((x, i) => (i === n ? { ...x, code: e.target.value } : x)))} data-testid={`abc-region-code-${n}`} /> },
            { title: t('evaluation.settings.regionWeight'), key: 'w', render: (_v, r, n) => <InputNumber min={0} max={1} step={0.05} precision={3} value={r.weight} onChange={(v) => setRegions(regions.map((x, i) => (i === n ? { ...x, weight: v } : x)))} data-testid={`abc-region-weight-${n}`} /> },
            { title: '', key: 'x', width: 48, render: (_v, _r, n) => <Button type="text" icon={<DeleteOutlined />} aria-label={t('evaluation.settings.remove')} onClick={() => setRegions(regions.filter((_x, i) => i !== n))} /> },
          ]} />
        <Flex gap={12} wrap align="center" style={{ marginTop: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => setRegions([...regions, { code: '', weight: 0.5 }])} data-testid="abc-region-add">{t('evaluation.settings.addRegion')}</Button>
          <Space>
            <Typography.Text>{t('evaluation.settings.defaultRegionWeight')}</Typography.Text>
            <InputNumber min={0} max={1} step={0.05} precision={3} value={fallback} onChange={setFallback} data-testid="abc-region-default" />
          </Space>
        </Flex>
      </Card>
      <Space wrap>
        <Button type="primary" loading={save.isPending} disabled={sum !== 1 || regions.some((r) => badCode(r.code)) || dupes.size > 0} onClick={() => save.mutate()} data-testid="abc-config-save">{t('common.save')}</Button>
        <Button loading={run.isPending} onClick={() => run.mutate()} data-testid="abc-config-run">{t('evaluation.abc.run')}</Button>
      </Space>
    </Flex>
  );
};
