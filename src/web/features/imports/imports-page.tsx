/**
 * /imports (ARC-12): choose what to import, download its template, upload a file; the dry run's
 * progress (rows, ETA) is polled; errors by row and column with the annotated file to download;
 * then one commit — all rows or none — with its own progress.
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Progress, Radio, Result, Segmented, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { ImportEntity, ImportIssue, ImportJob } from '../../../contract/imports.js';
import { importIssueText } from '../../../contract/import-issues.js';
import { currentLanguage } from '../../i18n/index.js';
import { call, routeUrl, upload } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';

const running = (j: ImportJob | undefined) => j?.status === 'validating' || j?.status === 'committing';

export const ImportsPage = () => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const [entity, setEntity] = useState<ImportEntity>((params.get('entity') as ImportEntity | null) ?? 'customers');
  const [duplicates, setDuplicates] = useState<'skip' | 'create'>('skip');
  const [rowsMode, setRowsMode] = useState<'all' | 'valid'>('all');
  const [issueCursor, setIssueCursor] = useState<string[]>([]);

  const job = useQuery({
    queryKey: ['imports', id],
    queryFn: () => call('getImport', { params: { id: id! } }),
    enabled: !!id,
    refetchInterval: (q) => (running(q.state.data) ? 1000 : false),
  });
  const issues = useQuery({
    queryKey: ['imports', id, 'issues', job.data?.updatedAt, issueCursor.length],
    queryFn: async () => {
      const pages: ImportIssue[] = [];
      let cursor: string | undefined;
      for (let i = 0; i <= issueCursor.length; i++) {
        const page = await call('importIssues', { params: { id: id! }, query: { limit: 100, ...(cursor ? { cursor } : {}) } });
        pages.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        if (!cursor) return { items: pages, nextCursor: null };
      }
      return { items: pages, nextCursor: cursor ?? null };
    },
    enabled: !!id && job.data !== undefined && !running(job.data) && job.data.status !== 'committed',
  });
  const recent = useQuery({ queryKey: ['imports', 'recent'], queryFn: () => call('listImports', { query: { limit: 10 } }), refetchInterval: (q) => (q.state.data?.items.some(running) ? 2000 : false) });

  const open = (next: string | null) => {
    setIssueCursor([]);
    setParams(next ? { id: next } : {});
    void qc.invalidateQueries({ queryKey: ['imports', 'recent'] });
  };
  const send = useMutation({
    mutationFn: (file: File) => upload('createImport', { params: undefined, fields: { entity }, file }),
    onSuccess: (j) => open(j.id),
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const commit = useMutation({
    mutationFn: () => call('commitImport', { params: { id: id! }, body: { duplicates, rows: rowsMode } }),
    onSuccess: () => void job.refetch(),
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const discard = useMutation({
    mutationFn: () => call('discardImport', { params: { id: id! } }),
    onSuccess: () => open(null),
    onError: (e) => void message.error(errorLine(e, t)),
  });

  const j = job.data;
  const statusTag = (s: ImportJob['status']) => <Tag color={s === 'committed' ? 'success' : s === 'failed' ? 'error' : running({ status: s } as ImportJob) ? 'processing' : 'default'}>{t(`imports.status.${s}`)}</Tag>;

  const uploader = (
    <Card>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Flex gap={12} wrap align="center" justify="space-between">
          <Segmented<ImportEntity>
            value={entity}
            onChange={setEntity}
            options={(['customers', 'contacts', 'transactions'] as const).map((e) => ({ value: e, label: t(`imports.entity.${e}`) }))}
            data-testid="import-entity"
          />
          <Space wrap>
            <Typography.Text type="secondary">{t('imports.template')}</Typography.Text>
            <Button icon={<DownloadOutlined />} href={routeUrl('importTemplate', { params: { entity }, query: { format: 'xlsx' } })} download data-testid="import-template-xlsx">
              {t('imports.templateXlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={routeUrl('importTemplate', { params: { entity }, query: { format: 'csv' } })} download>
              {t('imports.templateCsv')}
            </Button>
          </Space>
        </Flex>
        <div data-testid="import-upload">
        <Upload.Dragger
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          disabled={send.isPending}
          beforeUpload={(file) => {
            send.mutate(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{send.isPending ? t('imports.uploading') : t('imports.drop')}</p>
          <p className="ant-upload-hint">{t('imports.dropHint')}</p>
        </Upload.Dragger>
        </div>
      </Space>
    </Card>
  );

  const current = j ? (
    <Card title={<Space wrap>{j.fileName}{statusTag(j.status)}</Space>} data-testid="import-job" extra={<Button onClick={() => open(null)}>{t('imports.again')}</Button>}>
      {running(j) ? (
        <div data-testid="import-progress">
          <Progress percent={Math.round(j.progress * 100)} status="active" />
          <Typography.Text type="secondary">
            {t('imports.progress', { rows: j.rowsDone.toLocaleString() })}
            {j.etaSeconds !== null ? ` · ${t('imports.eta', { seconds: j.etaSeconds })}` : ''}
          </Typography.Text>
        </div>
      ) : j.status === 'committed' ? (
        <Result
          status="success"
          title={t('imports.committed', { count: j.committedRows })}
          subTitle={j.skippedRows ? t('imports.skipped', { count: j.skippedRows }) : undefined}
          extra={
            <Space wrap>
              <Button type="primary" onClick={() => void navigate('/customers')}>{t('imports.toCustomers')}</Button>
              {j.errorRows > 0 ? (
                <Button href={routeUrl('importReport', { params: { id: j.id }, query: { rows: 'rejected', lang: currentLanguage() } })} download icon={<DownloadOutlined />} data-testid="import-rejected">
                  {t('sharing.importRejected', { count: j.errorRows })}
                </Button>
              ) : null}
            </Space>
          }
          data-testid="import-committed"
        />
      ) : j.status === 'failed' ? (
        <Alert type="error" showIcon title={j.message ?? t('imports.status.failed')} data-testid="import-failed" />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {j.message ? <Alert type="warning" showIcon title={j.message} /> : null}
          <Typography.Text data-testid="import-summary">{t('imports.summary', { total: j.rowsTotal ?? 0, valid: j.validRows, errors: j.errorRows, duplicates: j.duplicateRows })}</Typography.Text>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
            ...(j.encoding ? [{ key: 'enc', label: t('imports.encoding', { encoding: '' }).replace(/[:：]\s*$/, ''), children: j.encoding }] : []),
            { key: 'cols', label: t('imports.columns'), children: <Space size={4} wrap>{j.columns.map((c) => <Tag key={c.column} color={c.field ? 'blue' : undefined}>{c.header}{c.field ? '' : ` (${t('imports.notImported')})`}</Tag>)}</Space> },
          ]} />
          {j.errorRows > 0 ? (
            <Alert type="error" showIcon title={t('imports.fixHint')} action={<Button href={routeUrl('importReport', { params: { id: j.id }, query: { lang: currentLanguage() } })} download icon={<DownloadOutlined />} data-testid="import-report">{t('imports.report')}</Button>} />
          ) : j.duplicateRows > 0 ? (
            <Alert type="warning" showIcon title={t('sharing.importDuplicatesSkipped', { count: j.duplicateRows })} data-testid="import-duplicates-skipped" />
          ) : (
            <Alert type="success" showIcon title={t('imports.noIssues')} />
          )}
          <Table<ImportIssue>
            size="small"
            rowKey={(r) => `${r.row}-${r.column ?? ''}-${r.message}`}
            loading={issues.isFetching}
            dataSource={issues.data?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="import-issues"
            columns={[
              { title: t('imports.row'), dataIndex: 'row', width: 70 },
              { title: t('imports.column'), dataIndex: 'column', width: 70, render: (v: string | null) => v ?? '—' },
              { title: t('imports.header'), dataIndex: 'header', width: 120, render: (v: string | null) => v ?? '—' },
              { title: '', dataIndex: 'kind', width: 100, render: (k: ImportIssue['kind']) => <Tag color={k === 'error' ? 'error' : 'warning'}>{k === 'error' ? t('imports.kindError') : t('imports.kindDuplicate')}</Tag> },
              { title: t('imports.message'), dataIndex: 'message', render: (_m: string, r: ImportIssue) => importIssueText(r, currentLanguage()) },
              { title: t('imports.value'), dataIndex: 'value', render: (v: string | null) => v ?? '' },
            ]}
          />
          {issues.data?.nextCursor ? <Button onClick={() => setIssueCursor((c) => [...c, issues.data!.nextCursor!])}>{t('imports.moreIssues')}</Button> : null}
          {j.errorRows > 0 && j.validRows > 0 && j.status === 'validated' ? (
            <Space wrap>
              <Typography.Text>{t('sharing.importRows')}</Typography.Text>
              <Radio.Group value={rowsMode} onChange={(e) => setRowsMode(e.target.value as 'all' | 'valid')} data-testid="import-rows-mode" options={[{ value: 'all', label: t('sharing.importRowsAll') }, { value: 'valid', label: t('sharing.importRowsValid') }]} />
            </Space>
          ) : null}
          {(j.errorRows === 0 || (rowsMode === 'valid' && j.validRows > 0)) && j.status === 'validated' ? (
            <Flex gap={12} wrap align="center">
              {j.duplicateRows > 0 ? (
                <Space wrap>
                  <Typography.Text>{t('imports.duplicates')}</Typography.Text>
                  <Radio.Group value={duplicates} onChange={(e) => setDuplicates(e.target.value as 'skip' | 'create')} options={[{ value: 'skip', label: t('imports.duplicatesSkip') }, { value: 'create', label: t('imports.duplicatesCreate') }]} />
                </Space>
              ) : null}
              <Button
                type="primary"
                loading={commit.isPending}
                data-testid="import-commit"
                onClick={() => modal.confirm({ title: t('imports.commit'), content: t('imports.commitConfirm', { count: duplicates === 'skip' ? j.validRows - j.duplicateRows : j.validRows }), onOk: () => commit.mutateAsync() })}
              >
                {t('imports.commit')}
              </Button>
            </Flex>
          ) : null}
          <div>
            <Button danger onClick={() => discard.mutate()} loading={discard.isPending}>{t('imports.discard')}</Button>
          </div>
        </Space>
      )}
    </Card>
  ) : null;

  return (
    <>
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {id ? current : uploader}
        <Card title={t('imports.recent')} size="small">
          <Table<ImportJob>
            size="small"
            rowKey="id"
            dataSource={recent.data?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('imports.fileName'), dataIndex: 'fileName' },
              { title: t('imports.chooseEntity'), dataIndex: 'entity', render: (e: ImportEntity) => t(`imports.entity.${e}`) },
              { title: t('imports.rows'), dataIndex: 'rowsTotal', render: (v: number | null) => v ?? '—' },
              { title: '', dataIndex: 'status', render: statusTag },
              { title: t('imports.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            ]}
          />
        </Card>
      </Space>
    </>
  );
};
