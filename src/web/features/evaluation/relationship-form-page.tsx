/**
 * 客户关系评估表 (EVA-8, seed 000 客户关系维护方案 §五–六): the template's analysis indicators with
 * weights, a score and its basis for each, the customer's grade, the live total and the
 * recommendation 改进 / 维持 / 终止关系; completed, it goes to the marketing director (approval) and
 * the marketing manager for review; reviewers and related departments comment, the marketing
 * department records improvement measures against it. Prints on A4 (KD-EVA-02).
 */
import { PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Descriptions, Flex, Grid, Input, InputNumber, Radio, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { recommendations } from '../../../contract/evaluation.js';
import type { RouteResult } from '../../../contract/routes.js';
import { call, routeUrl } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { CustomerPicker } from '../customers/customer-picker.js';
import { ApprovalPanel } from './approval-panel.js';
import { evaluationKey, useEvaluationRoles, useIndicatorLabel, relationshipStateColor } from './evaluation-ui.js';
import { RelationshipFollowUp } from './relationship-follow-up.js';
import { liveRelationshipTotal, proposeLive as propose } from './relationship-total.js';

type Relationship = RouteResult<'getRelationshipEvaluation'>;
type Recommendation = (typeof recommendations)[number];
type Row = { key: string; label: string; weight: number };
type Entry = { score?: number | undefined; basis?: string; remarks?: string };


export const RelationshipFormPage = () => {
  const { id } = useParams();
  const [search] = useSearchParams();
  const isNew = !id || id === 'new';
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const roles = useEvaluationRoles();
  const phone = Grid.useBreakpoint().md === false;
  const labelOf = useIndicatorLabel();
  const existing = useQuery({ queryKey: [...evaluationKey, 'relationship', id], queryFn: () => call('getRelationshipEvaluation', { params: { id: id! } }), enabled: !isNew });
  const template = useQuery({ queryKey: [...evaluationKey, 'relationship-template'], queryFn: () => call('getRelationshipTemplate') });
  const r = existing.data;
  const [customerId, setCustomerId] = useState<string | undefined>(search.get('customerId') ?? undefined);
  const customer = useQuery({ queryKey: ['customers', 'one', customerId], queryFn: () => call('getCustomer', { params: { id: customerId! } }), enabled: isNew && !!customerId, retry: false });
  const [evaluatedOn, setEvaluatedOn] = useState(dayjs().format('YYYY-MM-DD'));
  const [entries, setEntries] = useState<Record<string, Entry>>({});
  const [recommendation, setRecommendation] = useState<Recommendation | undefined>();
  const [remarks, setRemarks] = useState('');
  useEffect(() => {
    if (!r) return;
    setEvaluatedOn(r.evaluatedOn);
    setEntries(Object.fromEntries(r.items.map((i) => [i.key, { score: i.score, basis: i.basis ?? '', remarks: i.remarks ?? '' }])));
    setRecommendation(r.recommendation === r.proposed ? undefined : r.recommendation);
    setRemarks(r.remarks ?? '');
  }, [r?.id, r?.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const rows: Row[] = useMemo(() => (r ? r.items : (template.data?.indicators ?? [])), [r, template.data]);
  // SVC-7: a new evaluation starts from what the complaint record suggests for 投诉与异议处理 and 客户满意度 (the evaluator may change it)
  const complaintRecord = useQuery({ queryKey: ['complaints', 'customer', customerId], queryFn: () => call('customerComplaints', { params: { id: customerId! } }), enabled: isNew && !!customerId, retry: false });
  useEffect(() => {
    const c = complaintRecord.data;
    if (!c || !isNew) return;
    const keys = new Set(rows.map((x) => x.key));
    const fill: Record<string, Entry> = {};
    if (keys.has('complaints')) fill.complaints = { score: c.suggestedScores.complaints, basis: t('complaints.relationshipBasis', { count: c.last12Months, open: c.unresolved }) };
    if (keys.has('satisfaction') && c.suggestedScores.satisfaction !== null) fill.satisfaction = { score: c.suggestedScores.satisfaction, basis: t('complaints.satisfactionBasis', { avg: c.avgSatisfaction, n: c.satisfactionTrend.reduce((n, m) => n + m.count, 0) }) };
    setEntries((cur) => ({ ...cur, ...Object.fromEntries(Object.entries(fill).filter(([k]) => cur[k]?.score === undefined)) }));
  }, [complaintRecord.data, rows]); // eslint-disable-line react-hooks/exhaustive-deps
  // a saved evaluation keeps its template's thresholds only through its proposal; a draft shows today's
  const thresholds = template.data?.thresholds ?? { maintain: 75, improve: 50 };
  const total = liveRelationshipTotal(rows, entries);
  const proposed = r && r.state !== 'draft' ? r.proposed : propose(total, thresholds);
  const editable = roles.fillsRelationship && (isNew || r?.state === 'draft');
  const complete = rows.every((row) => entries[row.key]?.score !== undefined);

  const save = useMutation({
    mutationFn: (completeIt: boolean) => {
      const items = rows.map((row) => ({ key: row.key, score: entries[row.key]?.score ?? 0, basis: entries[row.key]?.basis?.trim() || null, remarks: entries[row.key]?.remarks?.trim() || null }));
      const body = { evaluatedOn, items, remarks: remarks.trim() || null, complete: completeIt, ...(recommendation ? { recommendation } : {}) };
      return isNew ? call('createRelationshipEvaluation', { body: { customerId: customerId!, ...body } }) : call('updateRelationshipEvaluation', { params: { id: id! }, body: { ...body, version: r!.version } });
    },
    onSuccess: (next, completeIt) => {
      void message.success(t(completeIt ? 'evaluation.relationship.completed' : 'evaluation.relationship.saved'));
      qc.setQueryData([...evaluationKey, 'relationship', next.id], next);
      void qc.invalidateQueries({ queryKey: [...evaluationKey, 'relationships'] });
      if (isNew) void navigate(`/evaluation/relationships/${next.id}`, { replace: true });
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const refresh = (next?: Relationship) => {
    if (next) qc.setQueryData([...evaluationKey, 'relationship', id], next);
    void qc.invalidateQueries({ queryKey: evaluationKey });
  };

  if (existing.isError) return <LoadError error={existing.error} onRetry={() => void existing.refetch()} />;
  if (template.isError) return <LoadError error={template.error} onRetry={() => void template.refetch()} />;
  if ((!isNew && !r) || !template.data) return <Spin />;
  const grade = r ? r.customerGrade : customer.data?.creditGrade;
  const set = (key: string, patch: Partial<Entry>) => setEntries((s) => ({ ...s, [key]: { ...s[key], ...patch } }));
  const scoreInput = (row: Row) => <InputNumber min={0} max={100} step={1} precision={1} value={entries[row.key]?.score} onChange={(v) => set(row.key, { score: v ?? undefined })} style={{ width: 96 }} inputMode="decimal" data-testid={`rel-score-${row.key}`} />;
  const textInput = (row: Row, field: 'basis' | 'remarks') => <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} value={entries[row.key]?.[field]} onChange={(e) => set(row.key, { [field]: e.target.value })} data-testid={`rel-${field}-${row.key}`} />;
  const shown = (row: Row, field: 'basis' | 'remarks') => entries[row.key]?.[field] || '—';

  return (
    <Flex vertical gap={16}>
      <Card data-testid="relationship-form">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>{t('evaluation.relationship.title')}</Typography.Title>
            {r ? <Tag color={relationshipStateColor[r.state]} data-testid="relationship-state">{t(`evaluation.relationship.states.${r.state}`)}</Tag> : null}
          </Space>
          {r ? <Button icon={<PrinterOutlined />} href={routeUrl('printRelationshipEvaluation', { params: { id: r.id } })} target="_blank" rel="noopener" data-testid="relationship-print">{t('evaluation.form.print')}</Button> : null}
        </Flex>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 12 }}
          items={[
            {
              key: 'c', label: t('evaluation.customer'),
              children: r ? <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> : customer.data ? (
                <Space size={4} wrap><Link to={`/customers/${customer.data.id}`} data-testid="relationship-customer-name">{customer.data.name}</Link><Button type="link" size="small" onClick={() => setCustomerId(undefined)}>{t('evaluation.relationship.changeCustomer')}</Button></Space>
              ) : <div style={{ width: '100%', minWidth: 200 }}><CustomerPicker value={customerId} onChange={setCustomerId} placeholder={t('evaluation.relationship.pickCustomer')} testId="relationship-customer" /></div>,
            },
            { key: 'n', label: t('evaluation.relationship.number'), children: r?.archiveNo ?? customer.data?.archiveNo ?? '—' },
            { key: 'g', label: t('evaluation.relationship.customerGrade'), children: <span data-testid="relationship-grade">{grade ?? '—'}</span> },
            { key: 'd', label: t('evaluation.relationship.evaluatedOn'), children: editable ? <DatePicker allowClear={false} value={dayjs(evaluatedOn)} onChange={(d) => d && setEvaluatedOn(d.format('YYYY-MM-DD'))} data-testid="relationship-date" /> : evaluatedOn },
            { key: 'e', label: t('evaluation.relationship.evaluator'), children: r?.evaluatorName ?? '—' },
            { key: 'v', label: t('evaluation.relationship.templateLabel'), children: t('evaluation.relationship.template', { version: r?.templateVersion ?? template.data.version }) },
          ]} />
        {customer.isError ? <Typography.Text type="danger">{errorLine(customer.error, t)}</Typography.Text> : null}
        <div style={{ marginTop: 12 }}>
          {phone ? (
            <Flex vertical gap={8} data-testid="relationship-items">
              {rows.map((row, n) => (
                <Card size="small" key={row.key}>
                  <Flex justify="space-between" align="center" gap={8}>
                    <Typography.Text>{n + 1}. {labelOf('relationship', row.key, row.label)}</Typography.Text>
                    <Tag>{t('evaluation.relationship.weightOf', { weight: row.weight })}</Tag>
                  </Flex>
                  <Flex vertical gap={6} style={{ marginTop: 6 }}>
                    <Flex justify="space-between" align="center"><Typography.Text type="secondary">{t('evaluation.relationship.score')}</Typography.Text>{editable ? scoreInput(row) : <Typography.Text strong>{entries[row.key]?.score?.toFixed(1) ?? '—'}</Typography.Text>}</Flex>
                    <Typography.Text type="secondary">{t('evaluation.relationship.basis')}</Typography.Text>
                    {editable ? textInput(row, 'basis') : <Typography.Text>{shown(row, 'basis')}</Typography.Text>}
                    <Typography.Text type="secondary">{t('evaluation.relationship.remarks')}</Typography.Text>
                    {editable ? textInput(row, 'remarks') : <Typography.Text>{shown(row, 'remarks')}</Typography.Text>}
                  </Flex>
                </Card>
              ))}
            </Flex>
          ) : (
            <Table<Row> size="small" bordered rowKey="key" pagination={false} dataSource={rows} data-testid="relationship-items" scroll={{ x: 800 }}
              columns={[
                { title: t('evaluation.form.seq'), key: 'n', width: 56, render: (_v, _r, n) => n + 1 },
                { title: t('evaluation.relationship.indicator'), dataIndex: 'label', width: 160, render: (v: string, row) => labelOf('relationship', row.key, v) },
                { title: t('evaluation.relationship.weight'), dataIndex: 'weight', width: 90, align: 'right', render: (w: number) => `${w}%` },
                { title: t('evaluation.relationship.score'), key: 'score', width: 120, render: (_v, row) => (editable ? scoreInput(row) : (entries[row.key]?.score?.toFixed(1) ?? '—')) },
                { title: t('evaluation.relationship.basis'), key: 'basis', render: (_v, row) => (editable ? textInput(row, 'basis') : shown(row, 'basis')) },
                { title: t('evaluation.relationship.remarks'), key: 'remarks', width: 200, render: (_v, row) => (editable ? textInput(row, 'remarks') : shown(row, 'remarks')) },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}><Typography.Text strong>{t('evaluation.form.total')}</Typography.Text></Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right"><Typography.Text strong>{rows.reduce((s, x) => s + x.weight, 0)}%</Typography.Text></Table.Summary.Cell>
                  <Table.Summary.Cell index={3} colSpan={3}><Typography.Text strong>{total.toFixed(1)}</Typography.Text></Table.Summary.Cell>
                </Table.Summary.Row>
              )} />
          )}
        </div>
        <Card size="small" style={{ marginTop: 12, background: 'var(--ant-color-fill-quaternary)' }}>
          <Row gutter={[16, 8]} align="middle">
            <Col xs={12} sm={6}><Statistic title={t('evaluation.relationship.total')} value={(r && r.state !== 'draft' ? r.total : total).toFixed(1)} valueRender={(n) => <span data-testid="relationship-total">{n}</span>} /></Col>
            <Col xs={12} sm={6}><Statistic title={t('evaluation.relationship.proposedLabel')} value={t(`evaluation.relationship.recommendations.${proposed}`)} valueRender={(n) => <span data-testid="relationship-proposed">{n}</span>} /></Col>
            <Col xs={24} sm={12}>
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>{t('evaluation.relationship.recommendation')}</Typography.Text>
              <Radio.Group disabled={!editable} value={recommendation ?? (r && r.state !== 'draft' ? r.recommendation : proposed)} onChange={(e) => setRecommendation(e.target.value === proposed ? undefined : e.target.value)} data-testid="relationship-recommendation"
                options={recommendations.map((k) => ({ value: k, label: <span data-testid={`recommend-${k}`}>{t(`evaluation.relationship.recommendations.${k}`)}</span> }))} />
            </Col>
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('evaluation.relationship.thresholds', thresholds)}</Typography.Text>
        </Card>
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('evaluation.relationship.remarks')}</Typography.Text>
          {editable ? <Input.TextArea rows={2} maxLength={2000} value={remarks} onChange={(e) => setRemarks(e.target.value)} data-testid="relationship-remarks" /> : <Typography.Paragraph>{r?.remarks || '—'}</Typography.Paragraph>}
        </div>
        {editable ? (
          <Space wrap style={{ marginTop: 12 }}>
            <Button onClick={() => save.mutate(false)} loading={save.isPending && save.variables === false} disabled={!customerId && isNew} data-testid="relationship-save">{t('evaluation.relationship.saveDraft')}</Button>
            <Button type="primary" onClick={() => save.mutate(true)} loading={save.isPending && save.variables === true} disabled={(!customerId && isNew) || !complete} data-testid="relationship-complete">{t('evaluation.relationship.complete')}</Button>
            {!complete ? <Typography.Text type="secondary">{t('evaluation.relationship.scoreEvery')}</Typography.Text> : null}
          </Space>
        ) : r?.state === 'draft' ? <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('evaluation.relationship.readOnly')}</Typography.Paragraph> : null}
        {r?.approvalId ? <ApprovalPanel approvalId={r.approvalId} onDecided={() => refresh()} testId="relationship-approval" /> : null}
        {r ? <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>{t('evaluation.relationship.createdAt', { at: formatDateTime(r.createdAt) })}</Typography.Text> : null}
      </Card>
      {r && r.state !== 'draft' ? <RelationshipFollowUp relationship={r} onChange={refresh} /> : null}
    </Flex>
  );
};
