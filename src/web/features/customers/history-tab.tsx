/** 修改记录 (ARC-7): every recorded change (who, when, field, old → new) and a side-by-side compare of two versions. */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Select, Space, Spin, Switch, Table, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { historyEntrySchema } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { useDivisions } from '../../ui/regions.js';
import { allFields, fieldLabel, formatValue } from './customer-fields.js';
import { customersKey } from './use-customers.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type Entry = z.infer<typeof historyEntrySchema>;

const changeLabel = (t: TFunction, entity: Entry['entity'], field: string) =>
  entity === 'contact' ? t(`customers.contacts.${field}` as never, { defaultValue: field }) : fieldLabel(t, field);

const changed = { background: '#fffbe6' };

const VersionCompare = ({ customerId, versions }: { customerId: string; versions: { version: number; at: string }[] }) => {
  const { t } = useTranslation();
  const [left, setLeft] = useState<number | undefined>(versions[1]?.version);
  const [right, setRight] = useState<number | undefined>(versions[0]?.version);
  const [changedOnly, setChangedOnly] = useState(true);
  const divisions = useDivisions().data;
  const load = (v: number | undefined) => ({
    queryKey: [...customersKey, 'version', customerId, v],
    queryFn: () => call('customerVersion', { params: { id: customerId, version: v! } }),
    enabled: v !== undefined,
    staleTime: Infinity,
  });
  const a = useQuery(load(left));
  const b = useQuery(load(right));
  const rows = useMemo(() => {
    if (!a.data || !b.data) return [];
    const ca = a.data.customer;
    const cb = b.data.customer;
    const extra = [...new Set([...Object.keys(ca), ...Object.keys(cb)])].filter(
      (k) => !allFields.includes(k as never) && !['id', 'version', 'withheld', 'createdAt', 'updatedAt', 'revisionCount', 'ownerId', 'departmentId', 'custom'].includes(k),
    );
    return [...allFields, ...extra].map((field) => ({
      field,
      a: formatValue(t, field, ca[field]),
      b: formatValue(t, field, cb[field]),
      differs: JSON.stringify(ca[field] ?? null) !== JSON.stringify(cb[field] ?? null),
    }));
  }, [a.data, b.data, t, divisions]);
  const shown = changedOnly ? rows.filter((r) => r.differs) : rows;
  const options = versions.map((v) => ({ value: v.version, label: t('customers.history.versionAt', { version: v.version, time: formatDateTime(v.at) }) }));

  return (
    <Card size="small" title={t('customers.history.compare')} style={{ marginBottom: 16 }} data-testid="history-compare">
      <Typography.Paragraph type="secondary">{t('customers.history.compareHint')}</Typography.Paragraph>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select value={left} onChange={setLeft} options={options} style={{ minWidth: 220, flex: '1 1 220px' }} data-testid="history-compare-left" />
        <Select value={right} onChange={setRight} options={options} style={{ minWidth: 220, flex: '1 1 220px' }} data-testid="history-compare-right" />
        <Space>
          <Switch checked={changedOnly} onChange={setChangedOnly} size="small" />
          {t('customers.history.changedOnly')}
        </Space>
      </Flex>
      {a.isError || b.isError ? (
        <LoadError error={a.error ?? b.error} />
      ) : a.isLoading || b.isLoading ? (
        <Spin />
      ) : (
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={shown}
          scroll={{ x: 'max-content' }}
          data-testid="history-compare-table"
          locale={{ emptyText: <Empty description={t('customers.history.noDifference')} /> }}
          onRow={(r) => ({ style: r.differs ? changed : undefined, 'data-changed': r.differs ? 'true' : 'false' }) as never}
          columns={[
            { title: t('customers.history.field'), dataIndex: 'field', width: 150, render: (f: string) => fieldLabel(t, f) },
            { title: left !== undefined ? t('customers.history.version', { version: left }) : t('customers.history.left'), dataIndex: 'a', render: (v: string, r) => (r.differs ? <Typography.Text delete type="danger">{v}</Typography.Text> : v) },
            { title: right !== undefined ? t('customers.history.version', { version: right }) : t('customers.history.right'), dataIndex: 'b', render: (v: string, r) => (r.differs ? <Typography.Text strong type="success">{v}</Typography.Text> : v) },
          ]}
        />
      )}
    </Card>
  );
};

export const HistoryTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  useDivisions(); // region names in the changes
  const history = useCursorList([...customersKey, 'history', customerId], (page) => call('customerHistory', { params: { id: customerId }, query: { limit: 50, ...page } }));
  if (history.isError) return <LoadError error={history.error} onRetry={() => void history.refetch()} />;
  if (history.isLoading) return <Spin />;
  const entries = history.items;
  if (entries.length === 0) return <Empty description={t('customers.history.empty')} />;
  const versions = entries
    .filter((e) => e.entity === 'customer')
    .map((e) => ({ version: e.version, at: e.at }))
    .sort((x, y) => y.version - x.version);

  return (
    <>
      {versions.length > 1 ? <VersionCompare customerId={customerId} versions={versions} /> : null}
      <Timeline
        data-testid="history-list"
        items={entries.map((e) => ({
          key: e.id,
          color: e.version === 0 && e.entity === 'customer' ? 'green' : 'blue',
          content: (
            <div data-testid={`history-entry-${e.entity}-${e.version}`}>
              <Space wrap size={4} style={{ marginBottom: 4 }}>
                <Typography.Text strong>{formatDateTime(e.at)}</Typography.Text>
                <Tag>{t(`customers.history.entity.${e.entity}`)}</Tag>
                <Typography.Text type="secondary">{t('customers.history.version', { version: e.version })}</Typography.Text>
                {e.actorName ? <Typography.Text>{e.actorName}</Typography.Text> : null}
                {e.version === 0 && e.entity === 'customer' ? <Tag color="green">{t('customers.history.created')}</Tag> : null}
              </Space>
              {e.version === 0 && e.entity === 'customer' ? null : (
                <Table
                  size="small"
                  rowKey="field"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={e.changes}
                  columns={[
                    { title: t('customers.history.field'), dataIndex: 'field', width: 140, render: (f: string) => changeLabel(t, e.entity, f) },
                    { title: t('customers.history.oldValue'), dataIndex: 'oldValue', render: (v: unknown, c) => <Typography.Text type="secondary">{formatValue(t, c.field, v)}</Typography.Text> },
                    { title: t('customers.history.newValue'), dataIndex: 'newValue', render: (v: unknown, c) => formatValue(t, c.field, v) },
                  ]}
                />
              )}
            </div>
          ),
        }))}
      />
      {history.hasNextPage ? (
        <Flex justify="center">
          <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
            {t('customers.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
};
