/** 档案资料 (ARC-6): the volume catalogue in filing order, completeness, upload, download, versions, deletion. */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Dropdown, Flex, Grid, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueEntry, DocumentRecord } from '../../../contract/documents.js';
import { call, routeUrl } from '../../api.js';
import { LoadError } from '../../ui/results.js';
import { DeleteDocumentModal, documentsKey, EditDocumentModal, formatSize, ReplaceDocumentButton, UploadDocumentModal, VersionsModal } from './document-modals.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';
import { canPreview, DocumentPreviewModal, type Previewed } from './document-preview.js';

export const useArchiveSettings = () => useQuery({ queryKey: ['archive-settings'], queryFn: () => call('getArchiveSettings'), staleTime: 60_000 });

const levelColor = { none: undefined, secret: 'orange', confidential: 'red', top_secret: 'magenta' } as const;

export const DocumentsTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const [previewing, setPreviewing] = useState<Previewed | null>(null);
  const secrecy = useSecrecyLabel(); // the company's names of the levels, as on the archive (SEC-5)
  const screens = Grid.useBreakpoint();
  const [uploading, setUploading] = useState(false);
  const [editing, setEditing] = useState<DocumentRecord | null>(null);
  const [versions, setVersions] = useState<DocumentRecord | null>(null);
  const [deleting, setDeleting] = useState<DocumentRecord | null>(null);
  const settings = useArchiveSettings();
  const list = useQuery({ queryKey: [...documentsKey, customerId], queryFn: () => call('listDocuments', { params: { id: customerId } }) });
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  const missing = list.data?.missing ?? [];
  const narrow = screens.md === false;

  return (
    <>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Typography.Text strong>{t('documents.catalogue')}</Typography.Text>{' '}
          <Typography.Text type="secondary" data-testid="documents-total">
            {t('documents.totalPages', { count: items.length, pages: list.data?.totalPages ?? 0 })}
          </Typography.Text>
          {narrow ? null : (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
              {t('documents.catalogueHint')}
            </Typography.Paragraph>
          )}
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setUploading(true)} data-testid="document-upload">
          {t('documents.upload')}
        </Button>
      </Flex>
      {list.data ? (
        missing.length > 0 ? (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="documents-missing" title={t('documents.missing', { list: missing.map((m) => t(`documents.categories.${m}`)).join('、') })} />
        ) : (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="documents-complete" title={t('documents.complete')} />
        )
      ) : null}
      <Table<CatalogueEntry>
        data-testid="documents-table"
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: narrow ? 520 : 960 }}
        locale={{ emptyText: t('documents.empty') }}
        columns={[
          { title: t('documents.seq'), dataIndex: 'seq', width: 56 },
          {
            title: t('documents.title'),
            dataIndex: 'title',
            width: narrow ? 150 : 240,
            render: (_: unknown, d) => (
              <span style={{ paddingLeft: d.depth * 16 }} data-testid="document-row-title">
                {d.title}
                {d.deletionPending ? <Tag color="red" style={{ marginLeft: 6 }}>{t('documents.deletionPending')}</Tag> : null}
              </span>
            ),
          },
          { title: t('documents.category'), dataIndex: 'category', width: 150, responsive: ['md'], render: (v: string) => t(`documents.categories.${v}` as never) },
          { title: t('documents.kind'), dataIndex: 'kind', width: 70, render: (v: string) => t(`documents.kinds.${v}` as never) },
          { title: t('documents.pageRange'), key: 'pages', width: 80, render: (_: unknown, d) => (d.startPage === d.endPage ? d.startPage : `${d.startPage}–${d.endPage}`) },
          { title: t('documents.receivedOn'), dataIndex: 'receivedOn', width: 110, responsive: ['lg'] },
          { title: t('documents.secrecyLevel'), dataIndex: 'secrecyLevel', width: 80, responsive: ['md'], render: (v: keyof typeof levelColor) => <Tag color={levelColor[v]}>{secrecy(v)}</Tag> },
          { title: t('documents.size'), dataIndex: 'size', width: 90, responsive: ['lg'], render: (v: number) => formatSize(v) },
          {
            title: t('documents.actions'),
            key: 'actions',
            width: narrow ? 110 : 260,
            render: (_: unknown, d) => (
              <Flex gap={4} wrap align="center">
                {canPreview(d) ? (
                  <a onClick={() => setPreviewing(d)} data-testid="document-preview-open">
                    {t('newui.preview.open')}
                  </a>
                ) : null}
                {d.access === 'download' ? (
                  <a href={routeUrl('downloadDocument', { params: { id: d.id } })} data-testid="document-download">
                    {t('documents.download')}
                  </a>
                ) : (
                  <Tooltip title={t('documents.viewOnlyHint')}>
                    <Tag>{t('documents.viewOnly')}</Tag>
                  </Tooltip>
                )}
                {narrow ? null : <ReplaceDocumentButton doc={d} />}
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'edit', label: t('documents.edit'), onClick: () => setEditing(d) },
                      { key: 'versions', label: t('documents.versions'), onClick: () => setVersions(d) },
                      { key: 'delete', danger: true, disabled: d.deletionPending, label: t('documents.delete'), onClick: () => setDeleting(d) },
                    ],
                  }}
                >
                  <Button size="small" type="link" data-testid="document-more">
                    {t('common.more')}
                  </Button>
                </Dropdown>
              </Flex>
            ),
          },
        ]}
      />
      <UploadDocumentModal customerId={customerId} open={uploading} onClose={() => setUploading(false)} siblings={items} limitMb={settings.data?.uploadLimitMb ?? 20} />
      <EditDocumentModal doc={editing} onClose={() => setEditing(null)} siblings={items} />
      <VersionsModal doc={versions} onClose={() => setVersions(null)} />
      <DeleteDocumentModal doc={deleting} onClose={() => setDeleting(null)} />
      <DocumentPreviewModal doc={previewing} onClose={() => setPreviewing(null)} />
    </>
  );
};
