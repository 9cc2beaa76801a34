/**
 * ANA-2 the role's day on the home page: widgets that say what to do today, each a link to the
 * filtered list behind it. A widget appears only for roles it serves and only for modules that
 * exist (no placeholders); each reads its own endpoint, so one slow figure does not hold the rest.
 */
import { AlertOutlined, AuditOutlined, CheckSquareOutlined, FundOutlined, MoneyCollectOutlined } from '@ant-design/icons';
import { useIsFetching, useQuery } from '@tanstack/react-query';
import { Col, Row, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RoleKey } from '../../../contract/roles.js';
import { call } from '../../api.js';
import { useCurrentUser } from '../auth/current-user.js';
import { Chart } from '../evaluation/chart.js';
import { LowSatisfactionWidget } from '../surveys/low-satisfaction-widget.js';
import { BorrowingWidget, DocumentsMissingWidget, EvaluationsWidget, GradeMovementWidget, KeyAtRiskWidget, TargetWidget } from './role-widgets.js';
import { ComplaintsWidget, ContactsWidget, useDashboardFigures } from './service-widgets.js';
import { Widget } from './widget.js';

const money = (s: string | number) => Number(s).toLocaleString('zh-CN', { maximumFractionDigits: 0 });
const has = (roles: readonly RoleKey[], any: readonly RoleKey[]) => roles.some((r) => any.includes(r));
const sellers: RoleKey[] = ['sales', 'marketing_manager', 'marketing_director', 'gm'];
const managers: RoleKey[] = ['marketing_manager', 'marketing_director', 'gm'];
const books: RoleKey[] = ['sales', 'finance', 'marketing_manager', 'marketing_director', 'gm', 'cs_manager'];
const approvers: RoleKey[] = ['gm', 'cs_manager', 'office_head', 'marketing_manager', 'marketing_director'];

const TasksWidget = () => {
  const { t } = useTranslation();
  const s = useQuery({ queryKey: ['tasks', 'summary'], queryFn: () => call('taskSummary') });
  // counting stops at the summary’s limit: that figure reads "1000+"
  const shown = (n: number | undefined) => (n === undefined || !s.data ? '—' : n >= s.data.countLimit ? `${s.data.countLimit}+` : n);
  return (
    <Widget title={t('dashboard.tasks')} icon={<CheckSquareOutlined />} to="/tasks" testId="widget-tasks">
      <Row>
        <Col span={8}>
          <Statistic title={t('dashboard.overdue')} value={shown(s.data?.overdue)} valueStyle={{ color: s.data?.overdue ? '#cf1322' : undefined }} />
        </Col>
        <Col span={8}>
          <Statistic title={t('dashboard.dueToday')} value={shown(s.data?.dueToday)} />
        </Col>
        <Col span={8}>
          <Statistic title={t('dashboard.open')} value={shown(s.data?.open)} />
        </Col>
      </Row>
    </Widget>
  );
};

const ReceivablesWidget = ({ mine }: { mine: string | null }) => {
  const { t } = useTranslation();
  const a = useQuery({ queryKey: ['sales', 'aging', mine], queryFn: () => call('receivablesAging', { query: mine ? { ownerId: mine } : {} }) });
  const overdue = a.data?.buckets.reduce((n, b) => n + Number(b.amount), 0) ?? 0;
  return (
    <Widget title={mine ? t('dashboard.myReceivables') : t('dashboard.receivables')} icon={<MoneyCollectOutlined />} to="/sales/receivables" testId="widget-receivables">
      <Row>
        <Col span={12}>
          <Statistic title={t('dashboard.overdueAmount')} value={a.data ? money(overdue) : '—'} valueStyle={{ color: overdue > 0 ? '#cf1322' : undefined }} />
        </Col>
        <Col span={12}>
          <Statistic title={t('dashboard.receivableTotal')} value={a.data ? money(a.data.total.amount) : '—'} />
        </Col>
      </Row>
      {a.data && overdue > 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {a.data.buckets.filter((b) => b.count > 0).map((b) => `${t(`sales.receivables.buckets.${b.bucket}`)} ${money(b.amount)}`).join(' · ')}
        </Typography.Text>
      ) : null}
    </Widget>
  );
};

const PipelineWidget = ({ mine }: { mine: string | null }) => {
  const { t } = useTranslation();
  const o = useQuery({ queryKey: ['sales', 'opportunities', 'open', mine], queryFn: () => call('listOpportunities', { query: { open: 'true', limit: 500, ...(mine ? { ownerId: mine } : {}) } }) });
  const items = o.data?.items ?? [];
  const weighted = items.reduce((n, x) => n + (Number(x.expectedAmount) * x.probability) / 100, 0);
  const closing = items.filter((x) => x.expectedCloseOn <= dayjs().endOf('month').format('YYYY-MM-DD')).length;
  return (
    <Widget title={t('dashboard.pipeline')} icon={<FundOutlined />} to="/sales/opportunities" testId="widget-pipeline">
      <Row>
        <Col span={8}>
          <Statistic title={t('dashboard.openOpportunities')} value={o.data ? items.length : '—'} />
        </Col>
        <Col span={8}>
          <Statistic title={t('dashboard.weighted')} value={o.data ? money(weighted) : '—'} />
        </Col>
        <Col span={8}>
          <Statistic title={t('dashboard.closingThisMonth')} value={o.data ? closing : '—'} />
        </Col>
      </Row>
    </Widget>
  );
};

/** This month against the same days before: a sum from GET /analytics/dashboard (the composition's total, not the composition). */
const SalesMonthWidget = () => {
  const { t } = useTranslation();
  const m = useDashboardFigures().data?.salesMonth ?? null;
  return (
    <Widget title={t('dashboard.salesThisMonth')} icon={<FundOutlined />} to="/sales/composition" testId="widget-sales-month">
      <Row>
        <Col span={12}>
          <Statistic title={t('dashboard.thisMonth')} value={m ? money(m.total) : '—'} />
        </Col>
        <Col span={12}>
          <Statistic title={t('dashboard.samePeriodBefore')} value={m ? money(m.previous) : '—'} />
        </Col>
      </Row>
    </Widget>
  );
};

/**
 * True once the home's first-paint requests have all answered (none fetching for a moment): a heavy
 * chart waits for it, so that it is never part of the first paint nor competes with it (ANA-2).
 */
export const useAfterFirstPaint = (own: readonly unknown[]) => {
  const busy = useIsFetching({ predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(own) });
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready || busy > 0) return;
    const timer = setTimeout(() => setReady(true), 100);
    return () => clearTimeout(timer);
  }, [busy, ready]);
  return ready;
};

/**
 * Sales by grade this year: a composition over a year of transactions (seconds at 1M customers), so
 * it is loaded after the first paint, never with it; the grade distribution itself (customers per
 * grade) is the grade-movement widget's cheap count.
 */
const GradeWidget = () => {
  const { t } = useTranslation();
  const from = dayjs().startOf('year').format('YYYY-MM-DD');
  const key = ['analytics', 'grade-year', from];
  const ready = useAfterFirstPaint(key);
  const c = useQuery({ queryKey: key, queryFn: () => call('getComposition', { query: { by: 'grade', from } }), enabled: ready });
  return (
    <Widget title={t('dashboard.salesByGrade')} icon={<AlertOutlined />} to="/sales/composition" testId="widget-grades">
      {c.data && c.data.items.length > 0 ? (
        <Chart
          height={180}
          option={{
            tooltip: { trigger: 'item' },
            series: [{ type: 'pie', radius: ['40%', '70%'], data: c.data.items.map((i) => ({ name: i.key ?? t('analytics.none'), value: Number(i.amount) })) }],
          }}
        />
      ) : (
        <Typography.Text type="secondary">{c.data ? t('dashboard.nothingYet') : '—'}</Typography.Text>
      )}
    </Widget>
  );
};

const ApprovalsWidget = () => {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['approvals', 'queue', 'home'], queryFn: () => call('listApprovals', { query: { box: 'queue', state: 'pending', limit: 5 } }) });
  const items = q.data?.items ?? [];
  return (
    <Widget title={t('dashboard.approvals')} icon={<AuditOutlined />} to="/approvals" testId="widget-approvals">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{q.data ? t('dashboard.noApprovals') : '—'}</Typography.Text>
      ) : (
        items.map((a) => (
          <div key={a.id}>
            <Link to={`/approvals/${a.id}`}>{a.summary}</Link>
          </div>
        ))
      )}
    </Widget>
  );
};

export const Dashboard = () => {
  const me = useCurrentUser();
  const roles = me.roles as RoleKey[];
  const ownsCustomers = roles.includes('sales');
  const mine = ownsCustomers && !has(roles, managers) ? me.id : null;
  const widgets: ReactNode[] = [];
  if (roles.some((r) => r !== 'admin')) widgets.push(<TasksWidget key="tasks" />);
  if (has(roles, approvers)) widgets.push(<ApprovalsWidget key="approvals" />);
  if (has(roles, ['cs_staff', 'cs_manager', 'gm'])) widgets.push(<ComplaintsWidget key="complaints" />);
  if (roles.includes('sales')) widgets.push(<ContactsWidget key="contacts" />, <TargetWidget key="target" ownerId={me.id} />);
  if (has(roles, ['sales', 'marketing_manager', 'marketing_director'])) widgets.push(<EvaluationsWidget key="evaluations" />);
  if (has(roles, books)) widgets.push(<ReceivablesWidget key="receivables" mine={mine} />);
  if (has(roles, sellers)) widgets.push(<PipelineWidget key="pipeline" mine={mine} />, <SalesMonthWidget key="month" />);
  if (has(roles, managers)) widgets.push(<GradeWidget key="grades" />, <GradeMovementWidget key="grade-movement" />, <KeyAtRiskWidget key="key-at-risk" />);
  if (me.permissions.includes('borrowing.register')) widgets.push(<BorrowingWidget key="borrowing" />);
  if (roles.includes('archivist')) widgets.push(<DocumentsMissingWidget key="documents-missing" />);
  if (has(roles, ['cs_manager', ...managers])) widgets.push(<LowSatisfactionWidget key="low-satisfaction" />);
  if (widgets.length === 0) return null;
  return (
    <Row gutter={[16, 16]} data-testid="dashboard">
      {widgets.map((w, i) => (
        <Col xs={24} md={12} xl={8} key={i}>
          {w}
        </Col>
      ))}
    </Row>
  );
};
