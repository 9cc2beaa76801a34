/** /targets — 绩效目标 (REL-11): actual vs target per department and per owner for a month, quarter or year; managers set targets and review an owner's period. */
import { CommentOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Flex, Input, Progress, Row, Segmented, Select, Spin, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TargetBoard, TargetMetric } from '../../../contract/targets.js';
import { call, routeUrl } from '../../api.js';
import { useCurrentUser } from '../auth/current-user.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { Chart } from '../evaluation/chart.js';
import { CommentsDrawer, SetTargetsModal } from './targets-dialogs.js';
import { formatFigure, metrics, periodKeyOf, type PeriodKind } from './targets-ui.js';

export const targetsKey = ['targets'] as const;
type OwnerRow = TargetBoard['owners'][number];

export const TargetsPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [kind, setKind] = useState<PeriodKind>('quarter');
  const [at, setAt] = useState<Dayjs>(dayjs());
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [chartMetric, setChartMetric] = useState<TargetMetric>('sales');
  const [editing, setEditing] = useState<OwnerRow | null>(null);
  const [reviewing, setReviewing] = useState<OwnerRow | null>(null);
  const period = periodKeyOf(kind, at);
  const board = useQuery({ queryKey: [...targetsKey, 'board', period], queryFn: () => call('getTargetBoard', { query: { period } }) });

  const owners = useMemo(() => (board.data?.owners ?? []).filter((o) => (!departmentId || o.departmentId === departmentId) && (name.trim() === '' || o.ownerName.includes(name.trim()))), [board.data, departmentId, name]);
  const departments = board.data?.departments ?? [];
  const shownDepartments = departments.filter((d) => !departmentId || d.departmentId === departmentId);
  const figure = (o: OwnerRow, m: TargetMetric) => o.metrics.find((x) => x.metric === m)!;

  const columns = [
    { title: t('targets.owner'), dataIndex: 'ownerName', fixed: 'left' as const, width: 110, render: (v: string, o: OwnerRow) => <span data-testid={`target-owner-${o.ownerId}`}>{v}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.departmentName}</Typography.Text></span> },
    ...metrics.map((m) => ({
      title: t(`targets.metrics.${m}`),
      key: m,
      width: 150,
      render: (_: unknown, o: OwnerRow) => {
        const f = figure(o, m);
        return (
          <div data-testid={`target-${o.ownerId}-${m}`}>
            <div>{formatFigure(m, f.actual)} / {f.target === null ? <Typography.Text type="secondary">{t('targets.noTarget')}</Typography.Text> : formatFigure(m, f.target)}</div>
            {f.ratio !== null ? <Progress percent={Math.round(f.ratio * 1000) / 10} size="small" status={f.ratio >= 1 ? 'success' : 'normal'} /> : null}
          </div>
        );
      },
    })),
    {
      title: '',
      key: 'actions',
      width: 96,
      render: (_: unknown, o: OwnerRow) => (
        <Flex gap={4}>
          {o.ownerId === me.id ? null : <Button size="small" icon={<EditOutlined />} aria-label={t('targets.setTargets')} title={t('targets.setTargets')} onClick={() => setEditing(o)} data-testid={`target-set-${o.ownerId}`} />}
          <Button size="small" icon={<CommentOutlined />} aria-label={t('targets.comments')} title={t('targets.comments')} onClick={() => setReviewing(o)} data-testid={`target-comments-${o.ownerId}`} />
        </Flex>
      ),
    },
  ];

  const metricLabels = metrics.map((m) => t(`targets.metrics.${m}`));
  return (
    <>
      <PageHeader
        title={t('targets.title')}
        description={t('targets.intro')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={routeUrl('exportTargetProgress', { query: { period, format: 'xlsx', ...(departmentId ? { departmentId } : {}) } })} data-testid="targets-export">{t('targets.export')}</Button>
            <Button href={routeUrl('exportTargetProgress', { query: { period, format: 'csv', ...(departmentId ? { departmentId } : {}) } })}>{t('targets.exportCsv')}</Button>
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented<PeriodKind> value={kind} onChange={setKind} options={(['month', 'quarter', 'year'] as const).map((k) => ({ value: k, label: t(`targets.periodKinds.${k}`) }))} data-testid="targets-period-kind" />
        <DatePicker picker={kind} value={at} onChange={(d) => d && setAt(d)} allowClear={false} data-testid="targets-period" />
        <Select allowClear placeholder={t('targets.allDepartments')} value={departmentId} onChange={setDepartmentId} style={{ minWidth: 160 }} options={departments.map((d) => ({ value: d.departmentId, label: d.departmentName }))} data-testid="targets-department" />
        <Input.Search allowClear placeholder={t('targets.ownerFilter')} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 180 }} />
      </Flex>
      {board.isError ? <LoadError error={board.error} onRetry={() => void board.refetch()} /> : !board.data ? <Spin /> : board.data.owners.length === 0 ? <Empty description={t('targets.empty')} /> : (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('targets.byDepartment')}>
              <Chart
                testId="targets-chart-departments"
                option={{
                  tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
                  legend: { top: 0, type: 'scroll' },
                  grid: { left: 40, right: 12, top: 36, bottom: 28 },
                  xAxis: { type: 'category', data: shownDepartments.map((d) => d.departmentName) },
                  yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
                  series: metrics.map((m, i) => ({
                    name: metricLabels[i], type: 'bar',
                    data: shownDepartments.map((d) => { const r = d.metrics.find((x) => x.metric === m)?.ratio; return r === null || r === undefined ? null : Math.round(r * 1000) / 10; }),
                    ...(i === 0 ? { markLine: { silent: true, symbol: 'none', data: [{ yAxis: 100 }], lineStyle: { color: '#52c41a' } } } : {}),
                  })),
                }}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('targets.byOwner')} extra={<Select size="small" value={chartMetric} onChange={setChartMetric} options={metrics.map((m, i) => ({ value: m, label: metricLabels[i] }))} style={{ width: 110 }} />}>
              <Chart
                testId="targets-chart-owners"
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 72, right: 12, top: 36, bottom: 24 },
                  yAxis: { type: 'category', data: owners.map((o) => o.ownerName), inverse: true },
                  xAxis: { type: 'value', axisLabel: { hideOverlap: true } },
                  series: [
                    { name: t('targets.actual'), type: 'bar', data: owners.map((o) => figure(o, chartMetric).actual), itemStyle: { color: '#1677ff' } },
                    { name: t('targets.target'), type: 'bar', data: owners.map((o) => figure(o, chartMetric).target), itemStyle: { color: '#d9d9d9' } },
                  ],
                }}
                height={Math.max(200, owners.length * 44 + 60)}
              />
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('targets.table')}>
              <Table<OwnerRow> size="small" rowKey="ownerId" dataSource={owners} columns={columns} pagination={false} scroll={{ x: 980 }} data-testid="targets-table" />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>{t('targets.definitions')}</Typography.Paragraph>
            </Card>
          </Col>
        </Row>
      )}
      {editing ? <SetTargetsModal owner={editing} period={period} onClose={() => setEditing(null)} /> : null}
      {reviewing ? <CommentsDrawer owner={reviewing} period={period} canWrite={reviewing.ownerId !== me.id} onClose={() => setReviewing(null)} /> : null}
    </>
  );
};
