/** /customers: search, filter, sort (server-side), choose columns, count, page by cursor; cards on a phone. */
import { DownloadOutlined, PlusOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Empty, Flex, Grid, List, Popover, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SorterResult, SortOrder } from 'antd/es/table/interface.js';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { customerCountQuery } from '../../../contract/customers.js';
import type { Customer, customerSortFields } from '../../../contract/customers.js';
import { routeUrl } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { regionName, useDivisions } from '../../ui/regions.js';
import { LoadError } from '../../ui/results.js';
import { enumLabel, fieldLabel, formatValue, type EnumField } from './customer-fields.js';
import { CustomerFilterBar } from './customer-filter-bar.js';
import { GradeTags } from './customer-tags.js';
import { useCustomerCount, useCustomerList, type CustomerFilters } from './use-customers.js';
import { formatCustomValue, useActiveCustomFields } from '../custom-fields/use-custom-fields.js';
import { BulkActionBar } from '../bulk-actions/bulk-action-bar.js';

const pageSize = 20;
const columnsKey = 'kedang.customers.columns';
const allColumns = [
  'archiveNo', 'name', 'customerType', 'category', 'status', 'stage', 'importance', 'grades',
  'region', 'industryCode', 'phone', 'ownerName', 'filedOn', 'updatedAt',
] as const;
/** A built-in column, or `custom.<key>` for a custom field of the archive (ARC-1). */
type ColumnKey = (typeof allColumns)[number] | `custom.${string}`;
const defaultColumns: ColumnKey[] = ['archiveNo', 'name', 'customerType', 'category', 'importance', 'grades', 'ownerName', 'filedOn', 'updatedAt'];
/** Column → server sort field (ARC-11: every built-in column; 信用等级 for the grades column). Custom fields are filters, not sorts. */
const sortFieldOf: Record<string, (typeof customerSortFields)[number]> = {
  archiveNo: 'archiveNo', name: 'name', customerType: 'customerType', category: 'category', status: 'status', stage: 'stage',
  importance: 'importance', grades: 'creditGrade', region: 'region', industryCode: 'industryCode', phone: 'phone', filedOn: 'filedOn', updatedAt: 'updatedAt',
};
const columnOfSort = (field: string) => Object.entries(sortFieldOf).find(([, f]) => f === field)?.[0];

const readColumns = (): ColumnKey[] => {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(columnsKey) ?? 'null');
    if (Array.isArray(parsed)) return [...allColumns.filter((c) => parsed.includes(c)), ...parsed.filter((c): c is ColumnKey => typeof c === 'string' && c.startsWith('custom.'))];
  } catch {
    // fall back to the defaults
  }
  return defaultColumns;
};

export const CustomersPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  useDivisions(); // region names in the list
  const [searchParams] = useSearchParams();
  // ANA-2: the home page's widgets link here with their filters in the address (?tier=key&lastContactTo=…)
  const [filters, setFilters] = useState<CustomerFilters>(() => {
    const parsed = customerCountQuery.safeParse(Object.fromEntries([...searchParams].filter(([k]) => k in customerCountQuery.shape)));
    return parsed.success ? (parsed.data as CustomerFilters) : {};
  });
  const [sort, setSort] = useState<string | undefined>(undefined);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [columns, setColumns] = useState<ColumnKey[]>(readColumns);
  const [selected, setSelected] = useState<string[]>([]); // 批量操作 (issue 17 item 16)
  const [allMatching, setAllMatching] = useState(false); // … on every archive matching the filter
  const pageIndex = cursors.length - 1;
  const list = useCustomerList(filters, sort, cursors[pageIndex], pageSize);
  const count = useCustomerCount(filters);

  const applyFilters = (next: CustomerFilters) => {
    setFilters(next);
    setAllMatching(false);
    setCursors([undefined]);
  };
  const chooseColumns = (next: ColumnKey[]) => {
    setColumns(next);
    try {
      window.localStorage.setItem(columnsKey, JSON.stringify(next));
    } catch {
      // not persisted
    }
  };
  const nextCursor = list.data?.nextCursor ?? null;
  const items = list.data?.items ?? [];
  const open = (c: Customer) => void navigate(`/customers/${c.id}`);
  const enumCell = (field: EnumField) => (v: string | null | undefined) => (v ? enumLabel(t, field, v) : '—');
  const sortOrder = (key: string): SortOrder => (sort && columnOfSort(sort.split(':')[0]!) === key ? (sort.endsWith(':asc') ? 'ascend' : 'descend') : null);

  const customFields = useActiveCustomFields();
  const customColumns = customFields.map((f) => `custom.${f.key}` as const);
  const columnDefs: Record<string, ColumnsType<Customer>[number]> = {
    ...Object.fromEntries(customFields.map((f) => [`custom.${f.key}`, { title: f.label, key: `custom.${f.key}`, width: 140, render: (_: unknown, c: Customer) => formatCustomValue(c.custom?.[f.key]) }])),
    archiveNo: { title: fieldLabel(t, 'archiveNo'), dataIndex: 'archiveNo', width: 150 },
    name: {
      title: fieldLabel(t, 'name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Space size={4} wrap>
          <Typography.Link strong>{name}</Typography.Link>
          {c.shortName ? <Typography.Text type="secondary">{c.shortName}</Typography.Text> : null}
        </Space>
      ),
    },
    customerType: { title: fieldLabel(t, 'customerType'), dataIndex: 'customerType', width: 110, render: enumCell('customerType') },
    category: { title: fieldLabel(t, 'category'), dataIndex: 'category', width: 110, render: enumCell('category') },
    status: { title: fieldLabel(t, 'status'), dataIndex: 'status', width: 110, render: enumCell('status') },
    stage: { title: fieldLabel(t, 'stage'), dataIndex: 'stage', width: 110, render: enumCell('stage') },
    importance: { title: fieldLabel(t, 'importance'), dataIndex: 'importance', width: 100, render: enumCell('importance') },
    grades: { title: `${fieldLabel(t, 'creditGrade')} / ${fieldLabel(t, 'tier')} / ABC`, key: 'grades', width: 190, render: (_, c) => <GradeTags customer={c} /> },
    region: { title: fieldLabel(t, 'region'), dataIndex: 'region', width: 180, render: (v: string | null) => (v ? regionName(v) : '—') },
    industryCode: { title: fieldLabel(t, 'industryCode'), dataIndex: 'industryCode', width: 240, render: (v: string | null) => (v ? formatValue(t, 'industryCode', v) : '—') },
    phone: { title: fieldLabel(t, 'phone'), dataIndex: 'phone', width: 140, render: (v: string | null) => v ?? '—' },
    ownerName: { title: fieldLabel(t, 'ownerName'), dataIndex: 'ownerName', width: 100, render: (v: string | null) => v ?? '—' },
    filedOn: { title: fieldLabel(t, 'filedOn'), dataIndex: 'filedOn', width: 120 },
    updatedAt: { title: fieldLabel(t, 'updatedAt'), dataIndex: 'updatedAt', width: 170, render: formatDateTime },
  };
  const tableColumns = columns.filter((key) => columnDefs[key]).map((key) => ({
    ...columnDefs[key],
    key,
    ...(sortFieldOf[key] ? { sorter: true, sortOrder: sortOrder(key) } : {}),
  }));

  const chooser = (
    <Popover
      trigger="click"
      placement="bottomRight"
      content={
        <Checkbox.Group
          value={columns}
          onChange={(v) => chooseColumns(v as ColumnKey[])}
          style={{ display: 'grid', gap: 6 }}
          options={[...allColumns, ...customColumns].map((c) => ({ value: c, label: columnDefs[c]!.title as string, disabled: c === 'name' }))}
          data-testid="customers-columns"
        />
      }
    >
      <Button icon={<SettingOutlined />} data-testid="customers-columns-button">
        {t('customers.columns')}
      </Button>
    </Popover>
  );

  // the export takes the list's filters, search, sort and chosen columns (ARC-12)
  const exportUrl = (format: 'xlsx' | 'csv', ids?: string[]) =>
    routeUrl('exportCustomers', {
      query: {
        ...(ids ? { ids: ids.join(',') } : {}),
        ...(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as CustomerFilters),
        format,
        ...(sort ? { sort } : {}),
        columns: columns.flatMap((c) => (c === 'grades' ? ['creditGrade', 'tier', 'abcClass'] : [c])).join(','),
      },
    });

  const countText = count.data
    ? count.data.capped
      ? t('customers.countCapped', { count: count.data.count })
      : t('customers.count', { count: count.data.count })
    : '';

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        description={t('customers.description')}
        extra={
          <>
            <Button icon={<UploadOutlined />} onClick={() => void navigate('/customers/import')} data-testid="customers-import">
              {t('imports.importButton')}
            </Button>
            <Button icon={<DownloadOutlined />} href={exportUrl('xlsx')} download data-testid="customers-export-xlsx">
              {t('imports.exportXlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={exportUrl('csv')} download data-testid="customers-export-csv">
              {t('imports.exportCsv')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/customers/new')} data-testid="customer-create">
              {t('customers.create')}
            </Button>
          </>
        }
      />
      <Card>
        <CustomerFilterBar filters={filters} onChange={applyFilters} />
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={8}>
          <Typography.Text type="secondary" data-testid="customers-count">
            {countText}
          </Typography.Text>
          {phone ? null : chooser}
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : phone ? (
          <List
            loading={list.isFetching}
            dataSource={items}
            data-testid="customers-cards"
            locale={{ emptyText: <Empty description={t('customers.empty')} /> }}
            renderItem={(c) => (
              <Card size="small" hoverable style={{ marginBottom: 8 }} onClick={() => open(c)} data-testid={`customer-row-${c.archiveNo}`}>
                <Typography.Text strong style={{ display: 'block', wordBreak: 'break-all' }}>
                  {c.name}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.archiveNo} · {enumLabel(t, 'customerType', c.customerType)}
                  {c.ownerName ? ` · ${c.ownerName}` : ''}
                </Typography.Text>
                <div style={{ marginTop: 6 }}>
                  <GradeTags customer={c} />
                  {c.category ? <Tag>{enumLabel(t, 'category', c.category)}</Tag> : null}
                  {c.phone ? <Typography.Text style={{ fontSize: 12 }}>{c.phone}</Typography.Text> : null}
                </div>
              </Card>
            )}
          />
        ) : (
          <Table<Customer>
            rowKey="id"
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => (setSelected(keys.map(String)), setAllMatching(false)), preserveSelectedRowKeys: true }}
            title={
              selected.length || allMatching
                ? () => (
                    <BulkActionBar
                      selected={selected}
                      filter={allMatching ? (filters as Record<string, string | undefined>) : null}
                      onSelectAllMatching={() => setAllMatching(true)}
                      onClear={() => (setSelected([]), setAllMatching(false))}
                      exportUrl={(ids) => exportUrl('xlsx', ids)}
                    />
                  )
                : undefined
            }
            size="middle"
            loading={list.isFetching}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={tableColumns}
            data-testid="customers-table"
            locale={{ emptyText: <Empty description={t('customers.empty')} /> }}
            onChange={(_p, _f, sorter) => {
              const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Customer> | undefined;
              const key = s?.columnKey ? String(s.columnKey) : undefined;
              const field = key ? sortFieldOf[key] : undefined;
              setSort(field && s?.order ? `${field}:${s.order === 'ascend' ? 'asc' : 'desc'}` : undefined);
              setCursors([undefined]);
            }}
            onRow={(c) => ({ onClick: () => open(c), style: { cursor: 'pointer' }, 'data-testid': `customer-row-${c.archiveNo}` }) as HTMLAttributes<HTMLElement>}
          />
        )}
        <Flex justify="flex-end" align="center" gap={8} wrap style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('common.pageN', { page: pageIndex + 1 })}</Typography.Text>
          <Button disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="customers-prev">
            {t('common.prevPage')}
          </Button>
          <Button
            disabled={!nextCursor || list.isPlaceholderData}
            onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}
            data-testid="customers-next"
          >
            {t('common.nextPage')}
          </Button>
        </Flex>
      </Card>
    </>
  );
};
