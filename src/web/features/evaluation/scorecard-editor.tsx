/**
 * Editing the 客户信用等级评定表 (EVA-1/EVA-2/EVA-3 configuration): indicators with category, points,
 * who fills and source; grade bands per group; tier thresholds; which band group each customer
 * type uses; quarterly purchase targets. Saving makes the next version; the versions are listed
 * and each can be opened. Evaluations already opened keep the version they used.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Grid, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { creditGrades, customerTypes } from '../../../contract/customers.js';
import { bandGroups, categoryKeys, fillerGroups, indicatorSources, type ScorecardDefinition } from '../../../contract/evaluation.js';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { ProblemAlert } from '../../ui/form-errors.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { evaluationKey, formatMoney, useIndicatorLabel } from './evaluation-ui.js';

type Scorecard = RouteResult<'currentScorecard'>;
type Band = ScorecardDefinition['bands']['direct'][number];
type Group = (typeof bandGroups)[number];
const clone = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const Definition = ({ def, onChange }: { def: ScorecardDefinition; onChange?: (d: ScorecardDefinition) => void }) => {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().md === false;
  const labelOf = useIndicatorLabel();
  const ro = !onChange;
  const edit = (f: (d: ScorecardDefinition) => void) => {
    const next = clone(def);
    f(next);
    onChange?.(next);
  };
  const maxSum = def.indicators.reduce((s, i) => s + Math.round(i.max * 10), 0) / 10;
  const indicatorOptions = def.indicators.map((i) => ({ value: i.key, label: i.label }));
  return (
    <Flex vertical gap={16}>
      <Table size="small" rowKey="key" bordered pagination={false} dataSource={def.indicators} scroll={{ x: 760 }} data-testid="scorecard-indicators"
        columns={[
          { title: t('evaluation.form.seq'), key: 'n', width: 50, render: (_v, _r, n) => n + 1 },
          { title: t('evaluation.form.category'), dataIndex: 'category', width: 150, render: (v: string, _r, n) => (ro ? t(`evaluation.form.categories.${v as 'quality'}`) : <Select value={v as never} style={{ width: 140 }} onChange={(c: (typeof categoryKeys)[number]) => edit((d) => { d.indicators[n]!.category = c; })} options={categoryKeys.map((c) => ({ value: c, label: t(`evaluation.form.categories.${c}`) }))} />) },
          { title: t('evaluation.form.indicator'), dataIndex: 'label', render: (v: string, r, n) => (ro ? labelOf('credit', r.key, v) : <Input value={v} maxLength={60} onChange={(e) => edit((d) => { d.indicators[n]!.label = e.target.value; })} data-testid={`scorecard-label-${r.key}`} />) },
          { title: t('evaluation.form.max'), dataIndex: 'max', width: 100, render: (v: number, r, n) => (ro ? v : <InputNumber min={0.1} max={100} step={1} precision={1} value={v} onChange={(x) => edit((d) => { d.indicators[n]!.max = x ?? 0; })} style={{ width: 84 }} data-testid={`scorecard-max-${r.key}`} />) },
          { title: t('evaluation.form.filledBy'), dataIndex: 'filledBy', width: 140, render: (v: string, _r, n) => (ro ? t(`evaluation.form.${v as 'sales'}`) : <Select value={v as never} style={{ width: 124 }} onChange={(x: (typeof fillerGroups)[number]) => edit((d) => { d.indicators[n]!.filledBy = x; })} options={fillerGroups.map((g) => ({ value: g, label: t(`evaluation.form.${g}`) }))} />) },
          { title: t('evaluation.settings.source'), dataIndex: 'source', width: 130, render: (v: string, _r, n) => (ro ? t(`evaluation.settings.sources.${v as 'manual'}`) : <Select value={v as never} style={{ width: 114 }} onChange={(x: (typeof indicatorSources)[number]) => edit((d) => { d.indicators[n]!.source = x; })} options={indicatorSources.map((g) => ({ value: g, label: t(`evaluation.settings.sources.${g}`) }))} />) },
        ]}
        footer={() => <Typography.Text type={maxSum === 100 ? 'secondary' : 'danger'} data-testid="scorecard-max-sum">{t('evaluation.settings.maxSum', { sum: maxSum })}</Typography.Text>} />
      <Flex gap={16} wrap>
        {bandGroups.map((g: Group) => (
          <Card key={g} size="small" title={t('evaluation.settings.bandsOf', { group: t(`evaluation.groups.${g}`) })} style={{ flex: '1 1 340px' }}>
            <Table<Band> size="small" rowKey="grade" pagination={false} dataSource={def.bands[g]} scroll={{ x: 'max-content' }} data-testid={`scorecard-bands-${g}`}
              columns={[
                { title: t('evaluation.grade'), dataIndex: 'grade', width: 84 },
                { title: t('evaluation.settings.bandMin'), dataIndex: 'min', render: (v: number, b, n) => (ro ? `${b.inclusive ? '≥' : '>'} ${v}` : <Space size={4}><InputNumber min={0} max={100} step={1} precision={1} value={v} onChange={(x) => edit((d) => { d.bands[g][n]!.min = x ?? 0; })} style={{ width: 80 }} data-testid={`scorecard-band-${g}-${b.grade}`} /><Checkbox checked={b.inclusive} onChange={(e) => edit((d) => { d.bands[g][n]!.inclusive = e.target.checked; })}>{t('evaluation.settings.inclusive')}</Checkbox></Space>) },
                { title: t('evaluation.settings.fullMarksOn'), dataIndex: 'fullMarksOn', render: (v: string | null | undefined, _b, n) => (ro ? (v ? def.indicators.find((i) => i.key === v)?.label ?? v : '—') : <Select allowClear value={(v ?? undefined) as never} style={{ width: 130 }} onChange={(x: ScorecardDefinition['indicators'][number]['key'] | undefined) => edit((d) => { d.bands[g][n]!.fullMarksOn = x ?? null; })} options={indicatorOptions} />) },
              ]} />
          </Card>
        ))}
      </Flex>
      <Flex gap={16} wrap>
        {bandGroups.map((g: Group) => (
          <Card key={g} size="small" title={t('evaluation.settings.tiersOf', { group: t(`evaluation.groups.${g}`) })} style={{ flex: '1 1 340px' }}>
            <Descriptions size="small" column={1} layout={phone ? 'vertical' : 'horizontal'}
              items={[
                { key: 'k', label: t('evaluation.settings.keyGrades'), children: ro ? def.tiers[g].keyGrades.join('、') : <Select mode="multiple" value={def.tiers[g].keyGrades} style={{ minWidth: 180 }} onChange={(x) => edit((d) => { d.tiers[g].keyGrades = x; })} options={creditGrades.map((x) => ({ value: x, label: x }))} /> },
                { key: 'b', label: t('evaluation.settings.bigGrades'), children: ro ? def.tiers[g].bigGrades.join('、') : <Select mode="multiple" value={def.tiers[g].bigGrades} style={{ minWidth: 180 }} onChange={(x) => edit((d) => { d.tiers[g].bigGrades = x; })} options={creditGrades.map((x) => ({ value: x, label: x }))} /> },
                { key: 'p', label: t('evaluation.settings.bigMinPurchases'), children: ro ? formatMoney(def.tiers[g].bigMinPurchases) : <Input value={def.tiers[g].bigMinPurchases} style={{ width: 180 }} onChange={(e) => edit((d) => { d.tiers[g].bigMinPurchases = e.target.value.trim(); })} data-testid={`scorecard-big-${g}`} /> },
              ]} />
          </Card>
        ))}
      </Flex>
      <Table size="small" rowKey="type" pagination={false} scroll={{ x: 'max-content' }} dataSource={customerTypes.map((type) => ({ type }))}
        columns={[
          { title: t('evaluation.form.customerType'), dataIndex: 'type', render: (v: string) => t(`evaluation.customerTypes.${v as 'direct'}`) },
          { title: t('evaluation.settings.bandGroupOf'), key: 'g', render: (_v, { type }) => (ro ? t(`evaluation.groups.${def.bandGroupOf[type]}`) : <Select value={def.bandGroupOf[type]} style={{ width: 130 }} onChange={(x) => edit((d) => { d.bandGroupOf[type] = x; })} options={bandGroups.map((x) => ({ value: x, label: t(`evaluation.groups.${x}`) }))} />) },
          { title: t('evaluation.settings.quarterlyTarget'), key: 'q', render: (_v, { type }) => (ro ? formatMoney(def.quarterlyTarget[type]) : <Input value={def.quarterlyTarget[type]} style={{ width: 160 }} onChange={(e) => edit((d) => { d.quarterlyTarget[type] = e.target.value.trim(); })} />) },
        ]} />
    </Flex>
  );
};

export const ScorecardEditor = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const versions = useQuery({ queryKey: [...evaluationKey, 'scorecards'], queryFn: () => call('listScorecards') });
  const current = versions.data?.items.find((s) => s.current);
  const [viewing, setViewing] = useState<number | null>(null);
  const [draft, setDraft] = useState<{ name: string; note: string; definition: ScorecardDefinition } | null>(null);
  useEffect(() => setDraft(null), [current?.version]);
  const save = useMutation({
    mutationFn: () => call('updateScorecard', { body: { baseVersion: current!.version, name: draft!.name.trim(), note: draft!.note.trim() || null, definition: draft!.definition } }),
    onSuccess: (s) => {
      void message.success(t('evaluation.settings.saved', { version: s.version }));
      setDraft(null);
      void qc.invalidateQueries({ queryKey: evaluationKey });
    },
  });
  if (versions.isError) return <LoadError error={versions.error} onRetry={() => void versions.refetch()} />;
  const shown: Scorecard | undefined = versions.data?.items.find((s) => s.version === (viewing ?? current?.version));
  return (
    <Flex vertical gap={16}>
      <Alert type="info" showIcon title={t('evaluation.settings.applyNote')} />
      <Table size="small" rowKey="version" pagination={false} loading={versions.isPending} dataSource={versions.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="scorecard-versions"
        onRow={(s) => ({ onClick: () => { setViewing(s.version); setDraft(null); }, style: { cursor: 'pointer' } })}
        rowClassName={(s) => (s.version === (viewing ?? current?.version) ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('evaluation.settings.versionCol'), dataIndex: 'version', render: (v: number, s) => <Space size={4}><span data-testid={`scorecard-version-${v}`}>{t('evaluation.settings.version', { version: v })}</span>{s.current ? <Tag color="green">{t('evaluation.settings.current')}</Tag> : null}</Space> },
          { title: t('evaluation.settings.name'), dataIndex: 'name' },
          { title: t('evaluation.settings.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          { title: t('evaluation.settings.createdBy'), dataIndex: 'createdByName', render: (v: string | null) => v ?? t('evaluation.changes.system') },
          { title: t('evaluation.changes.at'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        ]} />
      {draft ? (
        <Card size="small" title={t('evaluation.settings.editing', { version: (current?.version ?? 0) + 1 })} data-testid="scorecard-editor">
          {save.isError ? <ProblemAlert error={save.error} testId="scorecard-error" /> : null}
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Input prefix={<Typography.Text type="secondary">{t('evaluation.settings.name')}</Typography.Text>} value={draft.name} maxLength={100} onChange={(e) => setDraft({ ...draft, name: e.target.value })} style={{ flex: '1 1 220px', maxWidth: 360 }} data-testid="scorecard-name" />
            <Input prefix={<Typography.Text type="secondary">{t('evaluation.settings.note')}</Typography.Text>} value={draft.note} maxLength={500} onChange={(e) => setDraft({ ...draft, note: e.target.value })} style={{ flex: '1 1 260px' }} data-testid="scorecard-note" />
          </Flex>
          <Definition def={draft.definition} onChange={(definition) => setDraft({ ...draft, definition })} />
          <Space wrap style={{ marginTop: 12 }}>
            <Button type="primary" loading={save.isPending} disabled={!draft.name.trim() || Math.round(draft.definition.indicators.reduce((x, i) => x + i.max, 0) * 10) !== 1000} onClick={() => save.mutate()} data-testid="scorecard-save">{t('evaluation.settings.saveVersion')}</Button>
            <Button onClick={() => setDraft(null)}>{t('evaluation.settings.cancel')}</Button>
          </Space>
        </Card>
      ) : shown ? (
        <Card size="small" data-testid="scorecard-view"
          title={<Space wrap>{t('evaluation.settings.version', { version: shown.version })}<Typography.Text type="secondary">{shown.name}</Typography.Text></Space>}
          extra={current ? <Button type="primary" onClick={() => setDraft({ name: current.name, note: '', definition: clone(current.definition) })} data-testid="scorecard-edit">{t('evaluation.settings.edit')}</Button> : null}>
          <Definition def={shown.definition} />
        </Card>
      ) : null}
    </Flex>
  );
};
