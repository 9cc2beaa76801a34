/**
 * /sales/reports — 分析报表 (ANA-3): the standard reports as a chart and a table, each printable
 * (the server's A4 page) and exportable (the server's xlsx), with the customer filters that apply.
 */
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Flex, InputNumber, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { reportKinds, type Report, type ReportKind } from '../../../contract/analytics.js';
import { abcClasses, tiers } from '../../../contract/customers.js';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { Chart } from '../evaluation/chart.js';

type Row = Report['rows'][number];
type Col = Report['columns'][number];
const periodic: readonly ReportKind[] = ['tier-changes', 'contact-compliance', 'complaint-statistics', 'satisfaction-trend'];
const customerFilters: readonly ReportKind[] = ['grade-migration', 'tier-changes', 'contact-compliance', 'satisfaction-trend', 'receivables-aging', 'archive-completeness', 'dormant-customers'];

const quarters = (() => {
  const out: string[] = [];
  let y = dayjs().year();
  let q = Math.floor(dayjs().month() / 3) + 1;
  for (let i = 0; i < 16; i++) {
    out.push(`${y}Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
})();

const show = (col: Col, v: Row[string] | undefined): string => {
  if (v === null || v === undefined) return '—';
  if (col.kind === 'ratio' && typeof v === 'number') return `${(v * 100).toFixed(1)}%`;
  if (col.kind === 'money') return Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return String(v);
};

/** Which columns a report charts, and how. */
function chartOf(r: Report, heading: (c: Col) => string): Record<string, unknown> | null {
  const cols = new Map(r.columns.map((c) => [c.key, c]));
  const pick = (keys: string[]) => keys.map((k) => cols.get(k)).filter((c): c is Col => c !== undefined);
  const spec: Record<ReportKind, { x: string; series: string[]; type: 'bar' | 'line'; stack?: boolean; percent?: boolean } | null> = {
    'grade-migration': { x: 'grade', series: ['fromCount', 'toCount'], type: 'bar' },
    'tier-changes': { x: 'fromTier', series: ['changes'], type: 'bar' },
    'contact-compliance': { x: 'owner', series: ['compliance'], type: 'bar', percent: true },
    'complaint-statistics': { x: 'period', series: ['received', 'resolved'], type: 'line' },
    'satisfaction-trend': { x: 'month', series: ['surveyRating', 'complaintSatisfaction'], type: 'line' },
    'receivables-aging': { x: 'owner', series: ['notDue', '0-30', '31-60', '61-90', 'over_90'], type: 'bar', stack: true },
    'archive-completeness': { x: 'owner', series: ['completeness'], type: 'bar', percent: true },
    'dormant-customers': null,
  };
  const s = spec[r.report];
  if (!s || r.rows.length === 0) return null;
  const rows = r.rows.slice(0, 30);
  const xLabel = (row: Row) => (r.report === 'tier-changes' ? `${row['fromTier']} → ${row['toTier']}` : String(row[s.x] ?? '—'));
  const series = pick(s.series);
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map(xLabel), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: s.percent ? { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : { type: 'value' },
    series: series.map((c) => ({ name: heading(c), type: s.type, stack: s.stack ? 'all' : undefined, connectNulls: true, data: rows.map((row) => (row[c.key] === null || row[c.key] === undefined ? null : Number(row[c.key]))) })),
  };
}

export const ReportsPage = () => {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const report = (reportKinds as readonly string[]).includes(params.get('report') ?? '') ? (params.get('report') as ReportKind) : 'grade-migration';
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [fromQuarter, setFromQuarter] = useState<string | undefined>(undefined);
  const [toQuarter, setToQuarter] = useState<string | undefined>(undefined);
  const [dormantDays, setDormantDays] = useState(365);
  const [tier, setTier] = useState<(typeof tiers)[number] | undefined>(undefined);
  const [abcClass, setAbcClass] = useState<(typeof abcClasses)[number] | undefined>(undefined);
  const query = useMemo(() => {
    const q: Record<string, string | number> = {};
    if (periodic.includes(report)) Object.assign(q, { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
    if (report === 'grade-migration') Object.assign(q, fromQuarter ? { fromQuarter } : {}, toQuarter ? { toQuarter } : {});
    if (report === 'dormant-customers') q.dormantDays = dormantDays;
    if (customerFilters.includes(report)) Object.assign(q, tier ? { tier } : {}, abcClass ? { abcClass } : {});
    return q;
  }, [report, range, fromQuarter, toQuarter, dormantDays, tier, abcClass]);
  const data = useQuery({
    queryKey: ['reports', report, query],
    queryFn: () => call('getReport', { params: { report }, query: query as never }),
  });
  const r = data.data;
  const heading = (c: Col) => (i18n.language === 'en-US' ? t(`analytics.reports.columns.${c.key}` as 'analytics.reports.title', { defaultValue: c.label }) : c.label);
  const chart = r ? chartOf(r, heading) : null;
  const printUrl = routeUrl('printReport', { params: { report }, query: query as never });
  const exportUrl = routeUrl('exportReport', { params: { report }, query: { ...query, format: 'xlsx' } as never });
  return (
    <>
      <PageHeader
        title={t('analytics.reports.title')}
        description={t('analytics.reports.description')}
        extra={
          <Flex gap={8} wrap>
            <Button icon={<PrinterOutlined />} href={printUrl} target="_blank" data-testid="report-print">
              {t('analytics.reports.print')}
            </Button>
            <Button icon={<DownloadOutlined />} href={exportUrl} data-testid="report-export">
              {t('analytics.reports.export')}
            </Button>
          </Flex>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Select
            style={{ minWidth: 220, maxWidth: '100%' }}
            value={report}
            aria-label={t('analytics.reports.report')}
            data-testid="report-kind"
            onChange={(v) => setParams({ report: v })}
            options={reportKinds.map((k) => ({ value: k, label: t(`analytics.reports.kinds.${k}`) }))}
          />
          {periodic.includes(report) ? <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} /> : null}
          {report === 'grade-migration' ? (
            <>
              <Select allowClear placeholder={t('analytics.reports.fromQuarter')} style={{ width: 130 }} value={fromQuarter} onChange={setFromQuarter} options={quarters.map((q) => ({ value: q, label: q }))} />
              <Select allowClear placeholder={t('analytics.reports.toQuarter')} style={{ width: 130 }} value={toQuarter} onChange={setToQuarter} options={quarters.map((q) => ({ value: q, label: q }))} />
            </>
          ) : null}
          {report === 'dormant-customers' ? (
            <InputNumber min={30} max={3650} step={30} value={dormantDays} onChange={(v) => v && setDormantDays(v)} addonBefore={t('analytics.reports.dormantDays')} addonAfter={t('analytics.reports.days')} style={{ width: 220 }} />
          ) : null}
          {customerFilters.includes(report) ? (
            <>
              <Select allowClear placeholder={t('analytics.reports.allTiers')} style={{ width: 140 }} value={tier} onChange={setTier} options={tiers.map((x) => ({ value: x, label: t(`analytics.values.tier.${x}`) }))} />
              <Select allowClear placeholder={t('analytics.reports.allClasses')} style={{ width: 140 }} value={abcClass} onChange={setAbcClass} options={abcClasses.map((x) => ({ value: x, label: t(`analytics.values.abcClass.${x}`) }))} />
            </>
          ) : null}
        </Flex>
      </Card>
      {data.error ? <LoadError error={data.error} onRetry={() => void data.refetch()} /> : null}
      {r ? (
        <>
          {chart ? (
            <Card title={t('analytics.reports.chart')} style={{ marginBottom: 16 }}>
              <Chart height={300} option={chart} testId="report-chart" />
            </Card>
          ) : null}
          <Card
            title={
              <Flex vertical>
                <span>{r.title}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {r.period}
                </Typography.Text>
              </Flex>
            }
          >
            {r.truncated ? <Alert type="info" showIcon message={t('analytics.reports.truncated')} style={{ marginBottom: 12 }} /> : null}
            <Table<Row>
              size="small"
              data-testid="report-table"
              rowKey={(_, i) => String(i)}
              dataSource={r.rows}
              pagination={r.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: Math.max(480, r.columns.length * 110) }}
              locale={{ emptyText: t('analytics.reports.empty') }}
              columns={r.columns.map((c, i) => ({
                key: c.key,
                title: heading(c),
                fixed: i === 0 ? ('left' as const) : undefined,
                align: c.kind === 'text' || c.kind === 'date' ? ('left' as const) : ('right' as const),
                render: (_: unknown, row: Row) => show(c, row[c.key]),
              }))}
              summary={() =>
                r.totals ? (
                  <Table.Summary fixed>
                    <Table.Summary.Row>
                      {r.columns.map((c, i) => (
                        <Table.Summary.Cell key={c.key} index={i} align={c.kind === 'text' || c.kind === 'date' ? 'left' : 'right'}>
                          <strong>{i === 0 ? t('analytics.reports.totals') : show(c, r.totals![c.key])}</strong>
                        </Table.Summary.Cell>
                      ))}
                    </Table.Summary.Row>
                  </Table.Summary>
                ) : null
              }
            />
          </Card>
        </>
      ) : null}
    </>
  );
};
