/**
 * /archive-register — 档案登记簿 (ANA-2, SEC-4, ARC-6): the archivist's register of every archive
 * below top secret by number, name, level, filing date and filed documents, with who has it out on
 * loan. Filters live in the address (the home page's widgets link here, `?missingDocuments=true`);
 * the export is the server's (xlsx / csv, audited, confidential left out).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Empty, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { RouteQuery, RouteResult } from '../../../contract/routes.js';
import { call, routeUrl } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';
import { useCurrentUser } from '../auth/current-user.js';

type Item = RouteResult<'listArchiveRegister'>['items'][number];
type Filters = Omit<RouteQuery<'listArchiveRegister'>, 'limit' | 'cursor'>;
const levels = ['none', 'secret', 'confidential'] as const;

const filtersOf = (sp: URLSearchParams): Filters => {
  const level = sp.get('level');
  const q = sp.get('q')?.trim();
  return {
    ...(q ? { q: q.slice(0, 100) } : {}),
    ...(level && (levels as readonly string[]).includes(level) ? { level: level as (typeof levels)[number] } : {}),
    ...(sp.get('missingDocuments') === 'true' ? { missingDocuments: 'true' as const } : {}),
  };
};

export const ArchiveRegisterPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const secrecy = useSecrecyLabel();
  const [sp, setSp] = useSearchParams();
  const filters = filtersOf(sp);
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  const set = (next: Filters) => {
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.level) p.set('level', next.level);
    if (next.missingDocuments === 'true') p.set('missingDocuments', 'true');
    setSp(p, { replace: true });
  };
  const list = useCursorList(['archive-register', filters], (page) => call('listArchiveRegister', { query: { ...filters, limit: 50, ...page } }));
  const keeper = me.roles.includes('archivist');
  const exportButton = (format: 'xlsx' | 'csv') => (
    <Button icon={<DownloadOutlined />} href={routeUrl('exportArchiveRegister', { query: { ...filters, format } })} data-testid={`archive-register-export-${format}`}>
      {t(format === 'xlsx' ? 'archiveRegister.export' : 'archiveRegister.exportCsv')}
    </Button>
  );
  return (
    <>
      <PageHeader title={t('archiveRegister.title')} description={t(keeper ? 'archiveRegister.intro' : 'archiveRegister.introOther')} extra={<>{exportButton('xlsx')}{exportButton('csv')}</>} />
      <Card size="small">
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            style={{ width: 280, maxWidth: '100%' }}
            placeholder={t('archiveRegister.search')}
            value={text}
            maxLength={100}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set({ ...filters, q: v.trim() || undefined })}
            data-testid="archive-register-search"
          />
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('archiveRegister.level')}
            value={filters.level}
            onChange={(level) => set({ ...filters, level })}
            options={levels.map((l) => ({ value: l, label: secrecy(l) }))}
            data-testid="archive-register-level"
          />
          <Checkbox checked={filters.missingDocuments === 'true'} onChange={(e) => set({ ...filters, missingDocuments: e.target.checked ? 'true' : undefined })} data-testid="archive-register-missing">
            {t('archiveRegister.missingOnly')}
          </Checkbox>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('archiveRegister.exportHint')}</Typography.Text>
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Item>
            rowKey="customerId"
            size="small"
            loading={list.isLoading}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 860 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archiveRegister.empty')} /> }}
            data-testid="archive-register-table"
            columns={[
              { title: t('archiveRegister.archiveNo'), dataIndex: 'archiveNo', width: 150, fixed: 'left' },
              { title: t('archiveRegister.name'), dataIndex: 'name', ellipsis: true },
              { title: t('archiveRegister.level'), dataIndex: 'secrecyLevel', width: 90, render: (l: Item['secrecyLevel']) => <Tag color={l === 'confidential' ? 'red' : l === 'secret' ? 'orange' : undefined}>{secrecy(l)}</Tag> },
              { title: t('archiveRegister.filedOn'), dataIndex: 'filedOn', width: 110 },
              { title: t('archiveRegister.documentsFiled'), dataIndex: 'documentsFiled', width: 100, align: 'right' },
              {
                title: t('archiveRegister.documentsMissing'),
                dataIndex: 'documentsMissing',
                render: (m: Item['documentsMissing']) =>
                  m.length === 0 ? <Typography.Text type="success">{t('archiveRegister.complete')}</Typography.Text> : <Space size={4} wrap>{m.map((c) => <Tag key={c} color="error">{t(`documents.categories.${c}`)}</Tag>)}</Space>,
              },
              {
                title: t('archiveRegister.borrowedBy'),
                dataIndex: 'borrowedBy',
                width: 200,
                render: (b: Item['borrowedBy']) => (b ? t('archiveRegister.borrowedUntil', { name: b.name, until: formatDateTime(b.until) }) : <Typography.Text type="secondary">{t('archiveRegister.notBorrowed')}</Typography.Text>),
              },
            ]}
          />
        )}
        <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
          <Typography.Text type="secondary" data-testid="archive-register-count">{t('archiveRegister.count', { count: list.items.length })}</Typography.Text>
          {list.hasNextPage ? <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('archiveRegister.loadMore')}</Button> : null}
        </Flex>
      </Card>
    </>
  );
};
