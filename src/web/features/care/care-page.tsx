/**
 * /care — 客户关怀 (REL-8): statutory holidays ahead (from the chinese-days calendar) with a
 * one-click greeting campaign, and the campaigns with their reach and response rates; filterable
 * by kind and exportable.
 */
import { DownloadOutlined, GiftOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Dropdown, Flex, Progress, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { careKinds, type CareCampaign, type CareKind, type HolidayKey } from '../../../contract/care.js';
import { call, isApiError } from '../../api.js';
import type { RouteResult } from '../../../contract/routes.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { CampaignForm } from './campaign-form.js';

export const careKey = ['care'] as const;
type Occasion = RouteResult<'listCareOccasions'>['items'][number];
const pct = (x: number) => Math.round(x * 100);
const rate = (a: number, b: number) => (b > 0 ? a / b : 0);

export const CarePage = () => {
  const { t } = useTranslation();
  const [kind, setKind] = useState<CareKind | 'all'>('all');
  const [creating, setCreating] = useState<{ kind: CareKind; holiday?: HolidayKey; eventOn?: string } | null>(null);
  const holidays = useQuery({ queryKey: [...careKey, 'holidays'], queryFn: () => call('listCareHolidays', { query: { within: 120 } }) });
  const list = useQuery({ queryKey: [...careKey, 'campaigns', kind], queryFn: () => call('listCareCampaigns', { query: kind === 'all' ? {} : { kind } }), retry: false });
  const occasions = useQuery({ queryKey: [...careKey, 'occasions'], queryFn: () => call('listCareOccasions', { query: { within: 30 } }), retry: false });
  const items = list.data?.items ?? [];
  const occasionColumns = [
    { header: t('care.date'), value: (o: Occasion) => o.date },
    { header: t('care.occasion'), value: (o: Occasion) => (o.kind === 'birthday' ? t('care.birthday') : (o.label ?? '')) },
    { header: t('care.contact'), value: (o: Occasion) => o.contactName },
    { header: t('care.customer'), value: (o: Occasion) => o.customerName },
    { header: t('care.archiveNo'), value: (o: Occasion) => o.archiveNo },
    { header: t('care.owner'), value: (o: Occasion) => o.ownerName ?? '' },
  ];
  const columns = [
    { title: t('care.name'), dataIndex: 'name', render: (_: unknown, c: CareCampaign) => <Link to={`/care/${c.id}`} data-testid={`care-campaign-${c.id}`}>{c.name}</Link> },
    { title: t('care.kind'), dataIndex: 'kind', render: (_: unknown, c: CareCampaign) => <Tag>{t(`care.kinds.${c.kind}`)}{c.holiday ? ` · ${t(`care.holidays.${c.holiday}`)}` : ''}</Tag> },
    { title: t('care.eventOn'), dataIndex: 'eventOn', responsive: ['md' as const] },
    { title: t('care.targets'), dataIndex: 'targets' },
    { title: t('care.reachRate'), key: 'reach', render: (_: unknown, c: CareCampaign) => <Progress percent={pct(rate(c.reached, c.targets))} size="small" style={{ minWidth: 80 }} /> },
    { title: t('care.responseRate'), key: 'response', responsive: ['sm' as const], render: (_: unknown, c: CareCampaign) => <Progress percent={pct(rate(c.responded, c.reached))} size="small" strokeColor="#52c41a" style={{ minWidth: 80 }} /> },
    { title: t('care.createdBy'), dataIndex: 'createdByName', responsive: ['lg' as const] },
  ];
  const exportColumns = [
    { header: t('care.name'), value: (c: CareCampaign) => c.name },
    { header: t('care.kind'), value: (c: CareCampaign) => t(`care.kinds.${c.kind}`) },
    { header: t('care.holiday'), value: (c: CareCampaign) => (c.holiday ? t(`care.holidays.${c.holiday}`) : '') },
    { header: t('care.eventOn'), value: (c: CareCampaign) => c.eventOn ?? '' },
    { header: t('care.targets'), value: (c: CareCampaign) => c.targets },
    { header: t('care.reached'), value: (c: CareCampaign) => c.reached },
    { header: t('care.responded'), value: (c: CareCampaign) => c.responded },
    { header: t('care.attended'), value: (c: CareCampaign) => c.attended },
    { header: t('care.reachRate'), value: (c: CareCampaign) => `${pct(rate(c.reached, c.targets))}%` },
    { header: t('care.responseRate'), value: (c: CareCampaign) => `${pct(rate(c.responded, c.reached))}%` },
    { header: t('care.createdBy'), value: (c: CareCampaign) => c.createdByName ?? '' },
  ];
  if (list.error && isApiError(list.error) && list.error.status === 403) return <Alert type="info" message={t('care.notAllowed')} showIcon />;
  return (
    <>
      <PageHeader
        title={t('care.title')}
        description={t('care.description')}
        extra={
          <>
            <Dropdown menu={{ items: [{ key: 'xlsx', label: 'Excel (.xlsx)' }, { key: 'csv', label: 'CSV' }], onClick: ({ key }) => exportRows(key as 'csv' | 'xlsx', 'care-campaigns', t('care.title'), exportColumns, items) }}>
              <Button icon={<DownloadOutlined />} disabled={items.length === 0} data-testid="care-export">
                {t('care.export')}
              </Button>
            </Dropdown>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({ kind: 'other' })} data-testid="care-new">
              {t('care.newCampaign')}
            </Button>
          </>
        }
      />
      <Card size="small" title={t('care.upcoming')} style={{ marginBottom: 16 }} data-testid="care-holidays">
        <Flex gap={8} wrap>
          {(holidays.data?.items ?? []).map((h) => (
            <Card key={`${h.key}-${h.date}`} size="small" style={{ flex: '1 1 160px' }}>
              <Typography.Text strong>{t(`care.holidays.${h.key}`)}</Typography.Text>
              <div style={{ fontSize: 12 }}>
                {h.date} · {h.daysAway === 0 ? t('care.today') : t('care.daysAway', { count: h.daysAway })}
              </div>
              <Button size="small" icon={<GiftOutlined />} style={{ marginTop: 6 }} onClick={() => setCreating({ kind: 'holiday', holiday: h.key, eventOn: h.date })} data-testid={`care-greet-${h.key}`}>
                {t('care.greet')}
              </Button>
            </Card>
          ))}
        </Flex>
      </Card>
      <Card size="small" title={t('care.occasions')} style={{ marginBottom: 16 }} data-testid="care-occasions"
        extra={
          <Button size="small" icon={<DownloadOutlined />} disabled={(occasions.data?.items.length ?? 0) === 0} onClick={() => exportRows('xlsx', 'care-occasions', t('care.occasions'), occasionColumns, occasions.data?.items ?? [])}>
            {t('care.export')}
          </Button>
        }
      >
        <Table<Occasion>
          rowKey={(o) => `${o.kind}-${o.contactId}-${o.monthDay}-${o.label ?? ''}`}
          size="small"
          loading={occasions.isLoading}
          dataSource={occasions.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('care.noOccasions') }}
          columns={[
            { title: t('care.date'), key: 'date', render: (_: unknown, o: Occasion) => `${o.date.slice(5)} · ${o.daysAway === 0 ? t('care.today') : t('care.daysAway', { count: o.daysAway })}` },
            { title: t('care.occasion'), key: 'kind', render: (_: unknown, o: Occasion) => <Tag color={o.kind === 'birthday' ? 'magenta' : 'gold'}>{o.kind === 'birthday' ? t('care.birthday') : o.label}</Tag> },
            { title: t('care.contact'), dataIndex: 'contactName' },
            { title: t('care.customer'), key: 'customer', render: (_: unknown, o: Occasion) => <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link> },
            { title: t('care.owner'), dataIndex: 'ownerName', responsive: ['md' as const] },
          ]}
        />
      </Card>
      <Segmented<CareKind | 'all'>
        style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        value={kind}
        onChange={setKind}
        options={[{ value: 'all', label: t('care.all') }, ...careKinds.map((k) => ({ value: k, label: t(`care.kinds.${k}`) }))]}
        data-testid="care-kind-filter"
      />
      {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<CareCampaign> rowKey="id" size="small" loading={list.isLoading} dataSource={items} columns={columns} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} locale={{ emptyText: t('care.empty') }} data-testid="care-campaigns" />
      {creating ? <CampaignForm initial={creating} onClose={() => setCreating(null)} /> : null}
    </>
  );
};
