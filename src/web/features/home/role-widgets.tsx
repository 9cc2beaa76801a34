/**
 * ANA-2 the rest of the role dashboards: the owner's pending evaluations and this month against the
 * target, the marketing director's grade movement this quarter and key customers at risk, the
 * archivist's borrowing register and archives missing documents. Each figure is a link to the
 * filtered list behind it; each widget reads its module's own endpoint.
 */
import { AimOutlined, ContainerOutlined, FileExclamationOutlined, RiseOutlined, SolutionOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Col, Progress, Row, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api.js';
import { Chart } from '../evaluation/chart.js';
import { useDashboardFigures } from './service-widgets.js';
import { Widget } from './widget.js';

const money = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 0 });

/** A figure that opens what it counts; not a link while where that is depends on figures still loading. */
const Figure = ({ to, title, value, danger, testId, span = 12 }: { to: string | null; title: string; value: number | string | undefined; danger?: boolean; testId: string; span?: number }) => {
  const figure = <Statistic title={title} value={value ?? '—'} valueStyle={{ color: danger && value ? '#cf1322' : undefined }} />;
  return <Col span={span}>{to === null ? figure : <Link to={to} data-testid={testId}>{figure}</Link>}</Col>;
};

/** A count from one page of a list: exact below the limit, "limit+" above it. */
const countOf = (page: { items: unknown[]; nextCursor: string | null } | undefined) => (page ? (page.nextCursor ? `${page.items.length}+` : page.items.length) : undefined);

/** The owner's credit evaluations still to fill, and those waiting for the manager's approval (EVA-4). */
export const EvaluationsWidget = () => {
  const { t } = useTranslation();
  const open = useQuery({ queryKey: ['evaluations', 'home', 'open'], queryFn: () => call('listEvaluations', { query: { state: 'open', limit: 100 } }) });
  const waiting = useQuery({ queryKey: ['evaluations', 'home', 'pending_approval'], queryFn: () => call('listEvaluations', { query: { state: 'pending_approval', limit: 100 } }) });
  return (
    <Widget title={t('dashboard.evaluations')} icon={<SolutionOutlined />} to="/evaluation?tab=evaluations&state=open" testId="widget-evaluations">
      <Row>
        <Figure to="/evaluation?tab=evaluations&state=open" title={t('dashboard.evaluationsToFill')} value={countOf(open.data)} danger testId="widget-evaluations-open" />
        <Figure to="/evaluation?tab=evaluations&state=pending_approval" title={t('dashboard.evaluationsWaiting')} value={countOf(waiting.data)} testId="widget-evaluations-waiting" />
      </Row>
    </Widget>
  );
};

/** This month's sales against the owner's target (REL-11); without a target, the figure alone. */
export const TargetWidget = ({ ownerId }: { ownerId: string }) => {
  const { t } = useTranslation();
  const period = dayjs().format('YYYY-MM');
  const q = useQuery({ queryKey: ['targets', 'progress', 'home', period, ownerId], queryFn: () => call('getTargetProgress', { query: { period, ownerId } }) });
  const sales = q.data?.items.find((i) => i.metric === 'sales' && i.ownerId === ownerId);
  return (
    <Widget title={t('dashboard.monthVsTarget')} icon={<AimOutlined />} to="/targets" testId="widget-target">
      <Row>
        <Figure to="/targets" title={t('dashboard.thisMonth')} value={sales?.actual != null ? money(sales.actual) : q.data ? '0' : undefined} testId="widget-target-actual" />
        <Figure to="/targets" title={t('dashboard.target')} value={sales?.target != null ? money(sales.target) : q.data ? t('dashboard.noTarget') : undefined} testId="widget-target-target" />
      </Row>
      {sales?.ratio != null ? <Progress percent={Math.round(sales.ratio * 100)} status={sales.ratio >= 1 ? 'success' : 'active'} size="small" /> : null}
    </Widget>
  );
};

/** Credit grades now and how they moved since the previous quarter (ANA-3 grade migration). */
export const GradeMovementWidget = () => {
  const { t } = useTranslation();
  const r = useQuery({ queryKey: ['reports', 'grade-migration', 'home'], queryFn: () => call('getReport', { params: { report: 'grade-migration' }, query: {} }) });
  const rows = (r.data?.rows ?? []).filter((x) => x['grade'] !== '合计');
  const total = r.data?.totals ?? null;
  return (
    <Widget title={t('dashboard.gradeMovement')} icon={<RiseOutlined />} to="/sales/reports?report=grade-migration" testId="widget-grade-movement">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.data?.period ?? ''}
      </Typography.Text>
      <Row>
        <Figure to="/sales/reports?report=grade-migration" title={t('dashboard.gradeUp')} value={total ? Number(total['up'] ?? 0) : undefined} testId="widget-grade-up" />
        <Figure to="/sales/reports?report=grade-migration" title={t('dashboard.gradeDown')} value={total ? Number(total['down'] ?? 0) : undefined} danger testId="widget-grade-down" />
      </Row>
      {rows.length > 0 ? (
        <Chart
          height={140}
          option={{
            grid: { left: 32, right: 8, top: 8, bottom: 20 },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: rows.map((x) => String(x['grade'])) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', name: t('dashboard.customers'), data: rows.map((x) => Number(x['toCount'] ?? 0)) }],
          }}
        />
      ) : null}
    </Widget>
  );
};

/** Key and big customers not called or visited for 90 days: the relationship is at risk (REL-2, EVA-3). */
export const KeyAtRiskWidget = () => {
  const { t } = useTranslation();
  const lastContactTo = dayjs().subtract(90, 'day').format('YYYY-MM-DD');
  const key = useQuery({ queryKey: ['customers', 'count', 'key-at-risk', lastContactTo], queryFn: () => call('countCustomers', { query: { tier: 'key', lastContactTo } }) });
  const big = useQuery({ queryKey: ['customers', 'count', 'big-at-risk', lastContactTo], queryFn: () => call('countCustomers', { query: { tier: 'big', lastContactTo } }) });
  const shown = (c: { count: number; capped: boolean } | undefined) => (c ? (c.capped ? `${c.count}+` : c.count) : undefined);
  return (
    <Widget title={t('dashboard.keyAtRisk')} icon={<WarningOutlined />} to={`/customers?tier=key&lastContactTo=${lastContactTo}`} testId="widget-key-at-risk">
      <Row>
        <Figure to={`/customers?tier=key&lastContactTo=${lastContactTo}`} title={t('dashboard.keyNotContacted')} value={shown(key.data)} danger testId="widget-key-at-risk-key" />
        <Figure to={`/customers?tier=big&lastContactTo=${lastContactTo}`} title={t('dashboard.bigNotContacted')} value={shown(big.data)} danger testId="widget-key-at-risk-big" />
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dashboard.keyAtRiskHint')}
      </Typography.Text>
    </Widget>
  );
};

/** 查借阅登记 (SEC-6): requests waiting and grants running, for those who keep the register. */
export const BorrowingWidget = () => {
  const { t } = useTranslation();
  const pending = useQuery({ queryKey: ['borrowing-register', 'home', 'pending'], queryFn: () => call('borrowingRegister', { query: { state: 'pending', limit: 100 } }) });
  const active = useQuery({ queryKey: ['borrowing-register', 'home', 'active'], queryFn: () => call('borrowingRegister', { query: { state: 'active', limit: 100 } }) });
  return (
    <Widget title={t('dashboard.borrowing')} icon={<ContainerOutlined />} to="/borrowing-register" testId="widget-borrowing">
      <Row>
        <Figure to="/borrowing-register" title={t('dashboard.borrowingPending')} value={countOf(pending.data)} testId="widget-borrowing-pending" />
        <Figure to="/borrowing-register" title={t('dashboard.borrowingActive')} value={countOf(active.data)} testId="widget-borrowing-active" />
      </Row>
    </Widget>
  );
};

/**
 * The archivist's register (ANA-2): archives kept, those missing a required document; fields missing
 * and complete where the figures may count them (null through the register duty, which reads no field).
 * Counted by GET /analytics/dashboard — the same totals as the archive-completeness report, not the report.
 * For the register's keepers the figures open the 档案登记簿 (missing documents: filtered), whose rows they may see;
 * for a reader of the archives, the completeness report.
 */
export const DocumentsMissingWidget = () => {
  const { t } = useTranslation();
  const f = useDashboardFigures();
  const a = f.data?.archives ?? null;
  // the register's keepers read no field group: their figures open the 档案登记簿, not the completeness report (empty for them)
  // and no link before the figures say which: a keeper who clicked early landed on the empty completeness report
  const keeper = a !== null && a.fieldsMissing === null;
  const to = a === null ? null : keeper ? '/archive-register' : '/sales/reports?report=archive-completeness';
  const missingTo = keeper ? '/archive-register?missingDocuments=true' : to;
  return (
    <Widget title={t('dashboard.documentsMissing')} icon={<FileExclamationOutlined />} to={missingTo} testId="widget-documents-missing">
      <Row>
        <Figure span={8} to={missingTo} title={t('dashboard.archivesMissingDocuments')} value={a?.documentsMissing} danger testId="widget-documents-missing-docs" />
        {a?.fieldsMissing != null ? <Figure span={8} to={to} title={t('dashboard.archivesMissingFields')} value={a.fieldsMissing} testId="widget-documents-missing-fields" /> : null}
        {a?.complete != null ? <Figure span={8} to={to} title={t('dashboard.archivesComplete')} value={a.complete} testId="widget-documents-complete" /> : null}
        {a && a.fieldsMissing === null ? <Figure span={8} to={to} title={t('dashboard.archivesKept')} value={a.customers} testId="widget-documents-kept" /> : null}
      </Row>
    </Widget>
  );
};
