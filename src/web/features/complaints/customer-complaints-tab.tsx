/**
 * SVC-7 on the archive: the count of the customer's complaints in the last 12 months and of the
 * unresolved ones (a line in the archive's header) and the 客户投诉 tab listing them, each linking to
 * its complaint page. Only complaints the reader may see are counted (the server filters them).
 */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ComplaintState } from '../../../contract/complaints.js';
import { call, routeUrl } from '../../api.js';
import { LoadError } from '../../ui/results.js';
import { chinaTime, complaintsKey, StateTag } from './complaint-ui.js';

/** States in which a complaint is not yet resolved (complaints.rules `openStates`). */
const unresolvedStates: readonly ComplaintState[] = ['received', 'analysing', 'assigned', 'investigating', 'plan_proposed', 'plan_approved', 'implementing'];

const useCustomerComplaints = (customerId: string) =>
  useQuery({ queryKey: [...complaintsKey, 'customer', customerId], queryFn: () => call('customerComplaints', { params: { id: customerId } }), retry: false });

/** The header's line: "近 12 个月投诉 n · 未解决 m", shown when there is any; clicking opens the tab. */
export const CustomerComplaintCounts = ({ customerId, onOpen }: { customerId: string; onOpen: () => void }) => {
  const { t } = useTranslation();
  const summary = useCustomerComplaints(customerId);
  const s = summary.data;
  if (!s || (s.last12Months === 0 && s.unresolved === 0)) return null;
  return (
    <Typography.Link onClick={onOpen} data-testid="customer-complaint-counts">
      <Tag color={s.unresolved > 0 ? 'red' : 'default'} style={{ cursor: 'pointer', marginInlineEnd: 0 }}>
        {t('complaints.archiveCounts', { count: s.last12Months, open: s.unresolved })}
      </Tag>
    </Typography.Link>
  );
};

export const CustomerComplaintsTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [show, setShow] = useState<'all' | 'unresolved'>('all');
  const summary = useCustomerComplaints(customerId);
  if (summary.isError) return <LoadError error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const items = (s?.items ?? []).filter((x) => show === 'all' || unresolvedStates.includes(x.state));
  return (
    <>
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Card size="small" style={{ flex: '1 1 140px' }}>
          <Statistic title={t('complaints.last12Months')} value={s?.last12Months ?? '—'} loading={summary.isLoading} valueRender={(n) => <span data-testid="customer-complaints-12m">{n}</span>} />
        </Card>
        <Card size="small" style={{ flex: '1 1 140px' }}>
          <Statistic title={t('complaints.unresolved')} value={s?.unresolved ?? '—'} loading={summary.isLoading} styles={s?.unresolved ? { content: { color: '#cf1322' } } : {}} valueRender={(n) => <span data-testid="customer-complaints-unresolved">{n}</span>} />
        </Card>
        <Card size="small" style={{ flex: '1 1 140px' }}>
          <Statistic title={t('complaints.avgSatisfaction')} value={s?.avgSatisfaction ?? '—'} loading={summary.isLoading} />
        </Card>
      </Flex>
      <Flex gap={8} wrap justify="space-between" style={{ marginBottom: 12 }}>
        <Segmented<'all' | 'unresolved'>
          value={show}
          onChange={setShow}
          options={[
            { value: 'all', label: t('complaints.onArchiveAll') },
            { value: 'unresolved', label: t('complaints.unresolved') },
          ]}
        />
        <Flex gap={8} wrap>
          <Button icon={<PlusOutlined />} onClick={() => void navigate(`/complaints/new?customerId=${customerId}`)} data-testid="customer-complaint-new">{t('complaints.newComplaint')}</Button>
          <Button icon={<DownloadOutlined />} href={routeUrl('exportComplaints', { query: { customerId, format: 'xlsx' } })}>{t('complaints.export')}</Button>
        </Flex>
      </Flex>
      <Table
        rowKey="id"
        size="small"
        loading={summary.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 700 }}
        locale={{ emptyText: t('complaints.onArchiveEmpty') }}
        data-testid="customer-complaints-table"
        onRow={(r) => ({ style: r.overdue ? { background: '#fff1f0' } : undefined })}
        columns={[
          { title: t('complaints.complaintNo'), dataIndex: 'complaintNo', width: 150, render: (no: string, r) => <Link to={`/complaints/${r.id}`} data-testid={`customer-complaint-${r.id}`}>{no}</Link> },
          { title: t('complaints.state'), dataIndex: 'state', width: 170, render: (st: ComplaintState, r) => <StateTag state={st} overdue={r.overdue} /> },
          { title: t('complaints.reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('complaints.receivedAt'), dataIndex: 'receivedAt', width: 150, render: chinaTime },
          { title: t('complaints.deadline'), dataIndex: 'deadlineAt', width: 150, render: (d: string | null, r) => <Typography.Text type={r.overdue ? 'danger' : undefined}>{chinaTime(d)}</Typography.Text> },
          { title: t('complaints.satisfaction'), dataIndex: ['followUp', 'satisfaction'], width: 80 },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('complaints.onArchiveHint')}</Typography.Paragraph>
    </>
  );
};
