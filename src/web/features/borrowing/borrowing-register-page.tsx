/**
 * 查借阅登记 (SEC-6): every request, its approver, decision, start and end, and every read made
 * under the grant. Filters go to the server (state, archive, requester); the export is written in the
 * browser from every page the filters select (there is no server export route for the register).
 */
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Grid, Input, List, Select, Table, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { accessRequestStates } from '../../../contract/approvals.js';
import type { RouteQuery, RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { exportRows, type ExportColumn } from '../../ui/table-export.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { formatDuration, groupList, requestStateLabel, roleLabel } from '../approvals/approval-labels.js';
import { accessRequestsKey } from '../approvals/use-approvals.js';
import { UserPicker } from '../audit/user-picker.js';
import { actionLabel } from '../audit/audit-labels.js';
import { RequestArchive, RequestGroups, RequestStateTag } from './request-parts.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type Entry = RouteResult<'borrowingRegister'>['items'][number];
type Filters = Omit<RouteQuery<'borrowingRegister'>, 'limit' | 'cursor'>;
type State = Entry['state'];

/** The export reads at most this many rows (pages of 200). */
const exportCap = 10_000;

const matches = (r: Entry, text: string) =>
  !text || [r.archiveNo, r.customerName, r.requesterName, r.purpose, r.decidedByName].some((v) => v?.toLowerCase().includes(text.toLowerCase()));

export const BorrowingRegisterPage = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const width = useFilterWidth();
  const [draft, setDraft] = useState<{ state?: State; customerId?: string; requesterId?: string }>({});
  const [filters, setFilters] = useState<Filters>({});
  const [text, setText] = useState('');
  const [exporting, setExporting] = useState<number | null>(null);
  const list = useCursorList([...accessRequestsKey, 'register', filters], (page) => call('borrowingRegister', { query: { ...filters, limit: 50, ...page } }));
  const loaded = useMemo(() => list.items, [list.data]);
  const rows = useMemo(() => loaded.filter((r) => matches(r, text.trim())), [loaded, text]);

  const apply = () => {
    const id = draft.customerId?.trim();
    setFilters({
      ...(draft.state ? { state: draft.state } : {}),
      ...(id && /^\d{1,18}$/.test(id) ? { customerId: id } : {}),
      ...(draft.requesterId ? { requesterId: draft.requesterId } : {}),
    });
  };

  const columns: ExportColumn<Entry>[] = [
    { header: t('customers.fields.archiveNo'), value: (r) => r.archiveNo },
    { header: t('customers.fields.name'), value: (r) => r.customerName },
    { header: t('security.register.requester'), value: (r) => r.requesterName },
    { header: t('security.mine.groups'), value: (r) => groupList(t, r.groups) },
    { header: t('security.register.purpose'), value: (r) => r.purpose },
    { header: t('security.mine.duration'), value: (r) => formatDuration(t, r.durationMinutes) },
    { header: t('security.mine.state'), value: (r) => requestStateLabel(t, r.state) },
    { header: t('security.mine.approverRole'), value: (r) => roleLabel(t, r.approverRole) },
    { header: t('security.approval.decidedBy'), value: (r) => r.decidedByName },
    { header: t('security.approval.decidedAt'), value: (r) => formatDateTime(r.decidedAt) },
    { header: t('security.mine.startsAt'), value: (r) => formatDateTime(r.startsAt) },
    { header: t('security.mine.expiresAt'), value: (r) => formatDateTime(r.expiresAt) },
    { header: t('security.mine.returnedAt'), value: (r) => formatDateTime(r.returnedAt) },
    { header: t('security.register.reads'), value: (r) => r.reads.length },
    { header: t('security.register.readAt'), value: (r) => r.reads.map((e) => `${formatDateTime(e.at)} ${actionLabel(e.action, t, i18n) ?? e.action}`).join('; ') },
  ];

  /** Reads every page the filters select (not only the loaded ones), then writes the file. */
  const exportAll = async (format: 'csv' | 'xlsx') => {
    setExporting(0);
    try {
      const all: Entry[] = [];
      let cursor: string | undefined;
      do {
        const page = await call('borrowingRegister', { query: { ...filters, limit: 200, ...(cursor ? { cursor } : {}) } });
        all.push(...page.items);
        setExporting(all.length);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < exportCap);
      const selected = all.filter((r) => matches(r, text.trim()));
      exportRows(format, `borrowing-register-${new Date().toISOString().slice(0, 10)}`, t('security.register.sheet'), columns, selected);
      void message.success(t('security.list.exported', { count: selected.length }));
    } catch (e) {
      void message.error(errorLine(e, t));
    } finally {
      setExporting(null);
    }
  };

  const reads = (r: Entry) =>
    r.reads.length === 0 ? (
      <Typography.Text type="secondary">{t('security.register.noReads')}</Typography.Text>
    ) : (
      <Table
        size="small"
        rowKey={(e) => `${e.at}-${e.action}`}
        pagination={false}
        dataSource={r.reads}
        data-testid={`register-reads-${r.id}`}
        columns={[
          { title: t('security.register.readAt'), dataIndex: 'at', width: 170, render: formatDateTime },
          { title: t('security.register.readAction'), dataIndex: 'action', render: (a: string) => actionLabel(a, t, i18n) ?? a },
          { title: t('security.register.readIp'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
        ]}
      />
    );

  const exportButton = (format: 'csv' | 'xlsx') => (
    <Button icon={<DownloadOutlined />} loading={exporting !== null} disabled={rows.length === 0 && !list.hasNextPage} onClick={() => void exportAll(format)} data-testid={`register-export-${format}`}>
      {t(format === 'csv' ? 'security.list.exportCsv' : 'security.list.exportXlsx')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('security.register.title')}
        description={t('security.register.description')}
        extra={
          <>
            {exportButton('csv')}
            {exportButton('xlsx')}
          </>
        }
      />
      <Card>
        <Flex
          gap={8}
          wrap
          style={{ marginBottom: 12 }}
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <Select<State | ''>
            value={draft.state ?? ''}
            onChange={(v) => setDraft({ ...draft, state: v || undefined })}
            options={[{ value: '', label: t('security.approvals.allStates') }, ...accessRequestStates.map((s) => ({ value: s, label: requestStateLabel(t, s) }))]}
            style={width(140)}
            aria-label={t('security.mine.state')}
            data-testid="register-filter-state"
          />
          <Input allowClear value={draft.customerId} onChange={(e) => setDraft({ ...draft, customerId: e.target.value })} placeholder={t('security.register.customerId')} style={width(130)} inputMode="numeric" data-testid="register-filter-customer" />
          <UserPicker value={draft.requesterId} onChange={(requesterId) => setDraft({ ...draft, ...(requesterId ? { requesterId } : { requesterId: undefined }) })} style={width(180)} />
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="register-search">
            {t('security.list.filter')}
          </Button>
          <Button
            onClick={() => {
              setDraft({});
              setFilters({});
              setText('');
            }}
          >
            {t('security.list.reset')}
          </Button>
        </Flex>
        <Input.Search allowClear value={text} onChange={(e) => setText(e.target.value)} placeholder={t('security.list.searchLoaded')} style={{ marginBottom: 16, maxWidth: 480 }} data-testid="register-filter-text" />
        {exporting !== null ? (
          <Typography.Paragraph type="secondary" data-testid="register-exporting">
            {t('security.list.exporting', { count: exporting })}
          </Typography.Paragraph>
        ) : null}
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : phone ? (
          <List
            loading={list.isPending}
            dataSource={rows}
            locale={{ emptyText: <Empty description={t('security.register.empty')} /> }}
            renderItem={(r) => (
              <Card size="small" style={{ marginBottom: 8 }} data-testid={`register-row-${r.id}`}>
                <Flex justify="space-between" gap={8} align="flex-start">
                  <RequestArchive r={r} />
                  <RequestStateTag state={r.state} />
                </Flex>
                <Typography.Text style={{ display: 'block', marginTop: 4 }}>
                  {r.requesterName ?? r.requesterId} · {formatDuration(t, r.durationMinutes)}
                </Typography.Text>
                <div>
                  <RequestGroups groups={r.groups} />
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {r.purpose}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {t('security.approval.decidedBy')}：{r.decidedByName ?? roleLabel(t, r.approverRole)} · {r.startsAt ? `${formatDateTime(r.startsAt)} – ${formatDateTime(r.returnedAt ?? r.expiresAt)}` : '—'}
                </Typography.Text>
                <Typography.Text style={{ fontSize: 12 }} data-testid={`register-reads-count-${r.id}`}>
                  {t('security.register.reads')}：{t('security.register.readsCount', { count: r.reads.length })}
                </Typography.Text>
              </Card>
            )}
          />
        ) : (
          <Table<Entry>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="register-table"
            locale={{ emptyText: <Empty description={t('security.register.empty')} /> }}
            expandable={{ expandedRowRender: reads, rowExpandable: (r) => r.startsAt !== null }}
            onRow={(r) => ({ 'data-testid': `register-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('security.mine.customer'), key: 'customer', render: (_, r) => <RequestArchive r={r} /> },
              { title: t('security.register.requester'), key: 'requester', width: 100, render: (_, r) => r.requesterName ?? r.requesterId },
              { title: t('security.mine.groups'), dataIndex: 'groups', render: (g: string[]) => <RequestGroups groups={g} /> },
              { title: t('security.register.purpose'), dataIndex: 'purpose', width: 180, render: (p: string) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: p }} style={{ marginBottom: 0 }}>{p}</Typography.Paragraph> },
              { title: t('security.mine.duration'), dataIndex: 'durationMinutes', width: 90, render: (m: number) => formatDuration(t, m) },
              { title: t('security.mine.state'), dataIndex: 'state', width: 90, render: (s: State) => <RequestStateTag state={s} /> },
              {
                title: t('security.mine.decidedBy'),
                key: 'decided',
                width: 150,
                render: (_, r) =>
                  r.decidedByName ? (
                    <>
                      {r.decidedByName}
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {formatDateTime(r.decidedAt)}
                      </Typography.Text>
                    </>
                  ) : (
                    roleLabel(t, r.approverRole)
                  ),
              },
              { title: t('security.mine.startsAt'), dataIndex: 'startsAt', width: 150, render: formatDateTime },
              { title: t('security.mine.expiresAt'), key: 'until', width: 150, render: (_, r) => formatDateTime(r.returnedAt ?? r.expiresAt) },
              { title: t('security.register.reads'), key: 'reads', width: 110, render: (_, r) => <span data-testid={`register-reads-count-${r.id}`}>{t('security.register.readsCount', { count: r.reads.length })}</span> },
            ]}
          />
        )}
        <Flex justify="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('security.list.loaded', { count: loaded.length })}</Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="register-load-more">
              {t('security.list.loadMore')}
            </Button>
          ) : null}
        </Flex>
      </Card>
    </>
  );
};
