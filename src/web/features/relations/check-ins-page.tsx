/** /relations/check-ins — 外勤签到 (REL-3): the day's check-ins per rep, far ones flagged; exportable. (The map of China waits for a bundled map, see the README.) */
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Flex, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { checkInSchema } from '../../../contract/revisits.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';

type CheckIn = z.infer<typeof checkInSchema>;
const placeColor: Record<CheckIn['place'], string> = { reference: 'blue', near: 'green', far: 'red', unknown: 'default' };

export const CheckInsPage = () => {
  const { t } = useTranslation();
  const [date, setDate] = useState(dayjs().format('YYYY-MM-DD'));
  const list = useQuery({ queryKey: ['check-ins', date], queryFn: () => call('listCheckIns', { query: { date, maxDistanceM: 2000 } }) });
  const items = list.data?.items ?? [];
  const columns = [
    { header: t('relations.checkIns.col.rep'), value: (r: CheckIn) => r.userName },
    { header: t('relations.checkIns.col.at'), value: (r: CheckIn) => formatDateTime(r.at) },
    { header: t('relations.checkIns.col.customer'), value: (r: CheckIn) => r.customerName },
    { header: t('relations.checkIns.col.subject'), value: (r: CheckIn) => r.subject },
    { header: 'lat', value: (r: CheckIn) => r.lat },
    { header: 'lng', value: (r: CheckIn) => r.lng },
    { header: t('relations.checkIns.col.accuracy'), value: (r: CheckIn) => r.accuracy },
    { header: t('relations.checkIns.col.distance'), value: (r: CheckIn) => r.distanceM },
    { header: '', value: (r: CheckIn) => t(`relations.checkIns.place.${r.place}`) },
  ];
  return (
    <>
      <PageHeader
        title={t('relations.checkIns.title')}
        description={t('relations.checkIns.description', { km: 2 })}
        extra={<Button icon={<DownloadOutlined />} disabled={items.length === 0} onClick={() => exportRows('xlsx', `check-ins-${date}`, t('relations.checkIns.title'), columns, items)} data-testid="check-ins-export">Excel</Button>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <DatePicker inputReadOnly allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
      </Card>
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<CheckIn>
        data-testid="check-ins-table"
        rowKey="communicationId"
        size="small"
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 760 }}
        columns={[
          { title: t('relations.checkIns.col.rep'), dataIndex: 'userName', width: 90, fixed: 'left' },
          { title: t('relations.checkIns.col.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('relations.checkIns.col.customer'), key: 'c', width: 170, render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> },
          { title: t('relations.checkIns.col.subject'), dataIndex: 'subject' },
          { title: t('relations.checkIns.col.accuracy'), dataIndex: 'accuracy', width: 80, render: (m: number) => t('relations.checkIns.metres', { m: Math.round(m) }) },
          { title: t('relations.checkIns.col.distance'), key: 'd', width: 170, render: (_, r) => <Flex gap={4} wrap><Tag color={placeColor[r.place]}>{t(`relations.checkIns.place.${r.place}`)}</Tag>{r.distanceM !== null && r.place !== 'reference' ? t('relations.checkIns.metres', { m: r.distanceM }) : null}</Flex> },
        ]}
      />
    </>
  );
};
