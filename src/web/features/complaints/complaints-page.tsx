/** /complaints — the complaint workbench (SVC-6): my queue, overdue, waiting approval, all; overdue rows red and first. */
import { BarChartOutlined, DownloadOutlined, PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Flex, Segmented, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { complaintStates, type ComplaintState } from '../../../contract/complaints.js';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCurrentUser } from '../auth/current-user.js';
import { chinaTime, complaintsKey, StateTag } from './complaint-ui.js';

type Tab = 'mine' | 'overdue' | 'approval' | 'all';

export const ComplaintsPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // ANA-2 the home page's complaint widget links here with ?tab=overdue|all
  const asked = params.get('tab');
  const [tab, setTab] = useState<Tab>(asked === 'mine' || asked === 'overdue' || asked === 'approval' || asked === 'all' ? asked : me.roles.includes('cs_manager') ? 'overdue' : 'mine');
  const [state, setState] = useState<ComplaintState | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = {
    ...(tab === 'mine' ? { handlerId: me.id } : {}),
    ...(tab === 'overdue' ? { overdue: 'true' as const } : {}),
    ...(tab === 'approval' ? { waitingApproval: 'true' as const } : {}),
    ...(state ? { state } : {}),
    ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
    ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
  };
  const list = useInfiniteQuery({
    queryKey: [...complaintsKey, 'list', query],
    queryFn: ({ pageParam }) => call('listComplaints', { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title={t('complaints.workbench')}
        description={t('complaints.intro')}
        extra={
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/complaints/new')} data-testid="complaint-new">{t('complaints.newComplaint')}</Button>
            <Button icon={<BarChartOutlined />} onClick={() => void navigate('/complaints/statistics')} data-testid="complaint-statistics-link">{t('complaints.statistics')}</Button>
            <Button icon={<ScheduleOutlined />} onClick={() => void navigate('/complaints/rota')} data-testid="complaint-rota-link">{t('complaints.rota')}</Button>
            <Button icon={<DownloadOutlined />} href={routeUrl('exportComplaints', { query: { ...query, format: 'xlsx' } })} data-testid="complaint-export">{t('complaints.export')}</Button>
          </>
        }
      />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented<Tab>
            value={tab}
            onChange={setTab}
            options={(['mine', 'overdue', 'approval', 'all'] as const).map((k) => ({ value: k, label: <span data-testid={`complaint-tab-${k}`}>{t(`complaints.tabs.${k}`)}</span> }))}
          />
          <Select allowClear placeholder={t('complaints.state')} style={{ minWidth: 140 }} value={state} onChange={setState} options={complaintStates.map((s) => ({ value: s, label: t(`complaints.states.${s}`) }))} />
          <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} style={{ maxWidth: '100%' }} />
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={list.isLoading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('complaints.empty') }}
            data-testid="complaint-table"
            onRow={(r) => ({ style: r.overdue ? { background: '#fff1f0' } : undefined })}
            columns={[
              { title: t('complaints.complaintNo'), dataIndex: 'complaintNo', fixed: 'left', width: 150, render: (no: string, r) => <Link to={`/complaints/${r.id}`} data-testid={`complaint-row-${r.id}`}>{no}</Link> },
              { title: t('complaints.state'), dataIndex: 'state', width: 170, render: (s: ComplaintState, r) => <StateTag state={s} overdue={r.overdue} /> },
              { title: t('complaints.customer'), dataIndex: 'customerName', render: (n: string | null, r) => (r.customerHidden ? <Typography.Text type="secondary">{t('complaints.customerHidden')}</Typography.Text> : n) },
              { title: t('complaints.reason'), dataIndex: 'reason', ellipsis: true },
              { title: t('complaints.deadline'), dataIndex: 'deadlineAt', width: 150, render: (d: string | null, r) => <Typography.Text type={r.overdue ? 'danger' : undefined}>{chinaTime(d)}</Typography.Text> },
              { title: t('complaints.department'), dataIndex: 'responsibleDepartmentName', width: 120 },
              { title: t('complaints.handler'), dataIndex: 'handlerName', width: 100 },
              { title: t('complaints.receivedAt'), dataIndex: 'receivedAt', width: 150, render: chinaTime },
            ]}
          />
        )}
        {list.hasNextPage ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('complaints.loadMore')}</Button>
          </Flex>
        ) : null}
      </Card>
    </>
  );
};
