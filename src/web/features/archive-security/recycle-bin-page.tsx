/** 回收站 (SEC-8): deleted archives, restore on approval; destruction requested from here (SEC-9). */
import { Button, Card, Empty, Flex, Grid, Input, List, Space, Table, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { SecrecyBadge } from '../customers/customer-tags.js';
import { ProtectedChangeDialog, type ProtectedKind } from './protected-change-dialog.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type Item = RouteResult<'listRecycleBin'>['items'][number];
export const recycleBinKey = ['recycle-bin'] as const;

const matches = (r: Item, q: string) => !q || [r.archiveNo, r.name, r.deletedByName, r.ownerName, r.reason].some((v) => v?.toLowerCase().includes(q.toLowerCase()));

export const RecycleBinPage = () => {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().md === false;
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<{ item: Item; kind: ProtectedKind } | null>(null);
  const [lastItem, setLastItem] = useState<Item | null>(null);
  const list = useCursorList([...recycleBinKey], (page) => call('listRecycleBin', { query: { limit: 50, ...page } }));
  const loaded = useMemo(() => list.items, [list.data]);
  const rows = useMemo(() => loaded.filter((r) => matches(r, q.trim())), [loaded, q]);
  const open = (item: Item, kind: ProtectedKind) => {
    setLastItem(item);
    setDialog({ item, kind });
  };
  const actions = (r: Item) => (
    <Space size={4} wrap>
      <Button size="small" onClick={() => open(r, 'restore')} data-testid={`recycle-restore-${r.archiveNo}`}>
        {t('security.recycle.restore')}
      </Button>
      <Button size="small" danger onClick={() => open(r, 'destroy')} data-testid={`recycle-destroy-${r.archiveNo}`}>
        {t('security.recycle.destroy')}
      </Button>
    </Space>
  );

  return (
    <>
      <PageHeader title={t('security.recycle.title')} description={t('security.recycle.description')} />
      <Card>
        <Input.Search allowClear value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('security.list.searchLoaded')} style={{ marginBottom: 16, maxWidth: 480 }} data-testid="recycle-filter" />
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : phone ? (
          <List
            loading={list.isPending}
            dataSource={rows}
            locale={{ emptyText: <Empty description={t('security.recycle.empty')} /> }}
            renderItem={(r) => (
              <Card size="small" style={{ marginBottom: 8 }} data-testid={`recycle-row-${r.archiveNo}`}>
                <Typography.Text strong style={{ display: 'block', wordBreak: 'break-all' }}>
                  {r.name}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.archiveNo} · {formatDateTime(r.deletedAt)} · {r.deletedByName ?? '—'}
                </Typography.Text>
                {r.reason ? <Typography.Paragraph style={{ margin: '4px 0' }}>{r.reason}</Typography.Paragraph> : null}
                <div style={{ marginTop: 6 }}>{actions(r)}</div>
              </Card>
            )}
          />
        ) : (
          <Table<Item>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('security.recycle.empty')} /> }}
            onRow={(r) => ({ 'data-testid': `recycle-row-${r.archiveNo}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('customers.fields.archiveNo'), dataIndex: 'archiveNo', width: 150 },
              { title: t('customers.fields.name'), dataIndex: 'name' },
              { title: t('customers.fields.secrecyLevel'), dataIndex: 'secrecyLevel', width: 100, render: (l: string) => <SecrecyBadge level={l as never} /> },
              { title: t('security.recycle.owner'), dataIndex: 'ownerName', width: 100, render: (v: string | null) => v ?? '—' },
              { title: t('security.recycle.deletedAt'), dataIndex: 'deletedAt', width: 160, render: formatDateTime },
              { title: t('security.recycle.deletedBy'), dataIndex: 'deletedByName', width: 100, render: (v: string | null) => v ?? '—' },
              { title: t('security.recycle.reason'), dataIndex: 'reason', width: 240, render: (v: string | null) => v ?? '—' },
              { title: t('common.actions'), key: 'actions', width: 190, render: (_, r) => actions(r) },
            ]}
          />
        )}
        <Flex justify="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('security.list.loaded', { count: loaded.length })}</Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('security.list.loadMore')}
            </Button>
          ) : null}
        </Flex>
      </Card>
      {lastItem ? <ProtectedChangeDialog target={lastItem} kind={dialog?.kind ?? null} onClose={() => setDialog(null)} /> : null}
    </>
  );
};
