/**
 * ANA-2 home widgets of customer service and the reps: complaints open / overdue / awaiting the
 * follow-up, and the caller's contact dues — one request (GET /analytics/dashboard), each figure a
 * link to the filtered list behind it. A widget whose figure is null for the role is absent.
 */
import { CustomerServiceOutlined, PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api.js';

export const useDashboardFigures = () => useQuery({ queryKey: ['analytics', 'dashboard'], queryFn: () => call('getDashboard') });

const Figure = ({ to, title, value, danger, testId }: { to: string; title: string; value: number | undefined; danger?: boolean; testId: string }) => (
  <Col span={8}>
    <Link to={to} data-testid={testId}>
      <Statistic title={title} value={value ?? '—'} valueStyle={{ color: danger && value ? '#cf1322' : undefined }} />
    </Link>
  </Col>
);

const Frame = ({ title, icon, to, testId, children }: { title: string; icon: ReactNode; to: string; testId: string; children: ReactNode }) => (
  <Card
    size="small"
    style={{ height: '100%' }}
    data-testid={testId}
    title={
      <Flex gap={8} align="center">
        <span style={{ color: '#1677ff' }}>{icon}</span>
        {title}
      </Flex>
    }
    extra={<Link to={to}>›</Link>}
  >
    {children}
  </Card>
);

export const ComplaintsWidget = () => {
  const { t } = useTranslation();
  const d = useDashboardFigures();
  const c = d.data?.complaints;
  if (d.data && !c) return null;
  return (
    <Frame title={t('analytics.home.complaints')} icon={<CustomerServiceOutlined />} to="/complaints?tab=all" testId="widget-complaints">
      <Row>
        <Figure to="/complaints?tab=overdue" title={t('analytics.home.overdueComplaints')} value={c?.overdue} danger testId="widget-complaints-overdue" />
        <Figure to="/complaints?tab=all" title={t('analytics.home.openComplaints')} value={c?.open} testId="widget-complaints-open" />
        <Figure to="/tasks" title={t('analytics.home.followUpsDue')} value={c?.followUpsDue} testId="widget-complaints-follow-ups" />
      </Row>
    </Frame>
  );
};

export const ContactsWidget = () => {
  const { t } = useTranslation();
  const d = useDashboardFigures();
  const c = d.data?.contacts;
  if (d.data && !c) return null;
  return (
    <Frame title={t('analytics.home.contacts')} icon={<PhoneOutlined />} to="/relations/overview?state=overdue" testId="widget-contacts">
      <Row>
        <Figure to="/relations/overview?state=overdue" title={t('analytics.home.contactsOverdue')} value={c?.overdue} danger testId="widget-contacts-overdue" />
        <Figure to="/relations/overview?state=due_soon" title={t('analytics.home.contactsToday')} value={c?.dueToday} testId="widget-contacts-today" />
        <Figure to="/relations/overview?state=due_soon" title={t('analytics.home.contactsSoon')} value={c?.dueSoon} testId="widget-contacts-soon" />
      </Row>
    </Frame>
  );
};
