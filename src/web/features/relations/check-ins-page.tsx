/**
 * /relations/check-ins — 外勤签到 (REL-3): the day's check-ins per rep as a list and as points on the
 * offline map of China (coloured by place: far, near, unknown, reference), far ones flagged against a
 * distance the manager sets (default 2 km); exportable.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Empty, Flex, InputNumber, Segmented, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { checkInSchema } from '../../../contract/revisits.js';
import { call } from '../../api.js';
import { ChinaPointsMap, type MapPointGroup } from '../../ui/china-map.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';

type CheckIn = z.infer<typeof checkInSchema>;
const placeColor: Record<CheckIn['place'], string> = { reference: 'blue', near: 'green', far: 'red', unknown: 'default' };
const placeHex: Record<CheckIn['place'], string> = { far: '#f5222d', near: '#52c41a', unknown: '#8c8c8c', reference: '#1677ff' };
const places = ['far', 'near', 'unknown', 'reference'] as const;

export const CheckInsPage = () => {
  const { t } = useTranslation();
  const [date, setDate] = useState(dayjs().format('YYYY-MM-DD'));
  const [km, setKm] = useState(2);
  const [view, setView] = useState<'list' | 'map'>('list');
  const [rep, setRep] = useState<string | undefined>();
  const list = useQuery({ queryKey: ['check-ins', date, km], queryFn: () => call('listCheckIns', { query: { date, maxDistanceM: Math.round(km * 1000) } }) });
  const all = list.data?.items ?? [];
  const reps = [...new Map(all.map((r) => [r.userId, r.userName ?? r.userId])).entries()];
  const items = rep ? all.filter((r) => r.userId === rep) : all;
  const groups: MapPointGroup[] = places.map((place) => ({
    key: place,
    label: t(`relations.checkIns.place.${place}`),
    color: placeHex[place],
    points: items
      .filter((r) => r.place === place)
      .map((r) => ({
        lng: r.lng,
        lat: r.lat,
        name: `${r.userName ?? ''} ${r.customerName}`,
        tooltip: [
          [t('relations.checkIns.tooltip.rep'), r.userName ?? '—'],
          [t('relations.checkIns.tooltip.customer'), r.customerName],
          [t('relations.checkIns.tooltip.at'), formatDateTime(r.at)],
          [t('relations.checkIns.tooltip.accuracy'), t('relations.checkIns.metres', { m: Math.round(r.accuracy) })],
          [t('relations.checkIns.tooltip.place'), t(`relations.checkIns.place.${r.place}`) + (r.distanceM !== null && r.place !== 'reference' ? `（${t('relations.checkIns.metres', { m: r.distanceM })}）` : '')],
        ],
      })),
  }));
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
        description={t('relations.checkIns.description', { km })}
        extra={<Button icon={<DownloadOutlined />} disabled={items.length === 0} onClick={() => exportRows('xlsx', `check-ins-${date}`, t('relations.checkIns.title'), columns, items)} data-testid="check-ins-export">Excel</Button>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap align="center">
          <Segmented data-testid="check-ins-view" value={view} onChange={(v) => setView(v as 'list' | 'map')} options={(['list', 'map'] as const).map((v) => ({ value: v, label: <span data-testid={`check-ins-view-${v}`}>{t(`relations.checkIns.view.${v}`)}</span> }))} />
          <DatePicker inputReadOnly allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          <Select allowClear style={{ width: 150 }} placeholder={t('relations.checkIns.allReps')} value={rep} onChange={setRep} options={reps.map(([id, name]) => ({ value: id, label: name }))} data-testid="check-ins-rep" />
          <InputNumber min={0.1} max={100} step={0.5} value={km} onChange={(v) => v && setKm(v)} suffix="km" style={{ width: 110 }} aria-label={t('relations.checkIns.col.distance')} data-testid="check-ins-km" />
        </Flex>
      </Card>
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {view === 'map' ? (
        <Card size="small" styles={{ body: { padding: 4 } }}>
          {items.length === 0 && !list.isLoading ? <Empty description={t('relations.checkIns.mapEmpty')} /> : null}
          <ChinaPointsMap testId="check-ins-map" groups={groups} height={window.innerWidth < 600 ? 360 : 520} />
        </Card>
      ) : (
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
      )}
    </>
  );
};
