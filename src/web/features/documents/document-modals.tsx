/** Upload, edit, replace, versions and deletion request of a document (ARC-6). */
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { secrecyLevels } from '../../../contract/customers.js';
import { documentCategories, documentKinds, type CatalogueEntry, type DocumentRecord } from '../../../contract/documents.js';
import { call, routeUrl, upload } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { testId } from '../../ui/test-id.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';

export const documentsKey = ['documents'] as const;

export const formatSize = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`);

type MetaForm = { kind: string; category: string; title?: string; pages: number; receivedOn?: Dayjs | null; secrecyLevel: string; belongsTo?: string | null; remarks?: string };
const metaFields = ['kind', 'category', 'title', 'pages', 'receivedOn', 'secrecyLevel', 'belongsTo', 'remarks', 'file'] as const;

const MetaFormItems = ({ siblings, selfId }: { siblings: readonly CatalogueEntry[]; selfId?: string }) => {
  const { t } = useTranslation();
  const secrecy = useSecrecyLabel(); // the company's names of the levels, as on the archive (SEC-5)
  return (
    <>
      <Space wrap size={12} style={{ width: '100%' }}>
        <Form.Item name="category" label={t('documents.category')} rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={documentCategories.map((c) => ({ value: c, label: t(`documents.categories.${c}`) }))} data-testid="document-category" />
        </Form.Item>
        <Form.Item name="kind" label={t('documents.kind')} rules={[{ required: true }]}>
          <Select style={{ width: 120 }} options={documentKinds.map((k) => ({ value: k, label: t(`documents.kinds.${k}`) }))} data-testid="document-kind" />
        </Form.Item>
      </Space>
      <Form.Item name="title" label={t('documents.title')}>
        <Input maxLength={200} placeholder={t('documents.titlePlaceholder')} data-testid="document-title" />
      </Form.Item>
      <Space wrap size={12} style={{ width: '100%' }}>
        <Form.Item name="pages" label={t('documents.pages')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: 100 }} data-testid="document-pages" />
        </Form.Item>
        <Form.Item name="receivedOn" label={t('documents.receivedOn')}>
          <DatePicker format="YYYY-MM-DD" inputReadOnly />
        </Form.Item>
        <Form.Item name="secrecyLevel" label={t('documents.secrecyLevel')}>
          <Select style={{ width: 110 }} options={secrecyLevels.map((l) => ({ value: l, label: secrecy(l) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="belongsTo" label={t('documents.belongsTo')} extra={t('documents.belongsToHint')}>
        <Select allowClear options={siblings.filter((s) => s.id !== selfId).map((s) => ({ value: s.id, label: `${s.seq}. ${s.title}（${t(`documents.kinds.${s.kind}`)}）` }))} />
      </Form.Item>
      <Form.Item name="remarks" label={t('documents.remarks')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
      </Form.Item>
    </>
  );
};

export const UploadDocumentModal = ({ customerId, open, onClose, siblings, limitMb }: { customerId: string; open: boolean; onClose: () => void; siblings: readonly CatalogueEntry[]; limitMb: number }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MetaForm>();
  const [file, setFile] = useState<File | null>(null);
  const formErrors = useFormErrors(form, metaFields, 'document-form-error');
  const mutation = useMutation({
    mutationFn: (v: MetaForm) =>
      upload('uploadDocument', {
        params: { id: customerId },
        file: file!,
        fields: { kind: v.kind, category: v.category, title: v.title?.trim() || undefined, pages: String(v.pages), receivedOn: v.receivedOn ? v.receivedOn.format('YYYY-MM-DD') : undefined, secrecyLevel: v.secrecyLevel, belongsTo: v.belongsTo ?? undefined, remarks: v.remarks?.trim() || undefined },
      }),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t('documents.uploaded'));
      await queryClient.invalidateQueries({ queryKey: documentsKey });
      setFile(null);
      onClose();
    },
    onError: formErrors.onError,
  });
  return (
    <Modal open={open} title={t('documents.uploadTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={testId('document-upload-submit')} destroyOnHidden>
      {formErrors.alert}
      <Form<MetaForm> form={form} layout="vertical" preserve={false} initialValues={{ kind: 'original', category: 'business_licence', pages: 1, secrecyLevel: 'none', receivedOn: dayjs() }} onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="file" label={t('documents.file')} extra={t('documents.fileHint', { mb: limitMb })} rules={[{ validator: () => (file ? Promise.resolve() : Promise.reject(new Error(t('documents.fileRequired')))) }]}>
          <Upload
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false; // sent with the form, not on pick
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'f', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="document-file-pick">
              {t('documents.pickFile')}
            </Button>
          </Upload>
        </Form.Item>
        <MetaFormItems siblings={siblings} />
      </Form>
    </Modal>
  );
};

export const EditDocumentModal = ({ doc, onClose, siblings }: { doc: DocumentRecord | null; onClose: () => void; siblings: readonly CatalogueEntry[] }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MetaForm>();
  const formErrors = useFormErrors(form, metaFields, 'document-edit-error');
  const mutation = useMutation({
    mutationFn: (v: MetaForm) =>
      call('updateDocument', {
        params: { id: doc!.id },
        body: { version: doc!.version, kind: v.kind as never, category: v.category as never, ...(v.title?.trim() ? { title: v.title.trim() } : {}), pages: v.pages, receivedOn: v.receivedOn ? v.receivedOn.format('YYYY-MM-DD') : null, secrecyLevel: v.secrecyLevel as never, belongsTo: v.belongsTo ?? null, remarks: v.remarks?.trim() || null },
      }),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t('documents.saved'));
      await queryClient.invalidateQueries({ queryKey: documentsKey });
      onClose();
    },
    onError: formErrors.onError,
  });
  if (!doc) return null;
  return (
    <Modal open title={t('documents.editTitle', { title: doc.title })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={testId('document-edit-submit')} destroyOnHidden>
      {formErrors.alert}
      <Form<MetaForm>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ ...doc, receivedOn: doc.receivedOn ? dayjs(doc.receivedOn) : null, remarks: doc.remarks ?? undefined }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <MetaFormItems siblings={siblings} selfId={doc.id} />
      </Form>
    </Modal>
  );
};

export const ReplaceDocumentButton = ({ doc }: { doc: DocumentRecord }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (file: File) => upload('replaceDocument', { params: { id: doc.id }, file }),
    onSuccess: async () => {
      void message.success(t('documents.replaced'));
      await queryClient.invalidateQueries({ queryKey: documentsKey });
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  return (
    <Upload showUploadList={false} beforeUpload={(f) => (mutation.mutate(f), false)} disabled={doc.access !== 'download'}>
      <Button size="small" type="link" loading={mutation.isPending} disabled={doc.access !== 'download'}>
        {t('documents.replace')}
      </Button>
    </Upload>
  );
};

export const VersionsModal = ({ doc, onClose }: { doc: DocumentRecord | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const versions = useQuery({ queryKey: [...documentsKey, 'versions', doc?.id], queryFn: () => call('listDocumentVersions', { params: { id: doc!.id } }), enabled: !!doc });
  if (!doc) return null;
  return (
    <Modal open title={t('documents.versionsTitle', { title: doc.title })} onCancel={onClose} footer={null} width={720}>
      <Table
        size="small"
        rowKey="fileVersion"
        loading={versions.isLoading}
        dataSource={versions.data?.items ?? []}
        pagination={false}
        scroll={{ x: 560 }}
        columns={[
          { title: t('documents.version'), dataIndex: 'fileVersion', width: 70 },
          { title: t('documents.file'), dataIndex: 'fileName', ellipsis: true },
          { title: t('documents.size'), dataIndex: 'size', width: 90, render: (v: number) => formatSize(v) },
          { title: t('documents.uploadedBy'), dataIndex: 'uploadedByName', width: 100 },
          { title: '', dataIndex: 'uploadedAt', width: 150, render: (v: string) => formatDateTime(v) },
          {
            title: '',
            key: 'dl',
            width: 70,
            render: (_: unknown, v: { fileVersion: number }) =>
              doc.access === 'download' ? <a href={routeUrl('downloadDocument', { params: { id: doc.id }, query: { version: v.fileVersion } })}>{t('documents.download')}</a> : null,
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        SHA-256: {doc.sha256}
      </Typography.Text>
    </Modal>
  );
};

export const DeleteDocumentModal = ({ doc, onClose }: { doc: DocumentRecord | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const formErrors = useFormErrors(form, ['reason'], 'document-delete-error');
  const mutation = useMutation({
    mutationFn: (v: { reason: string }) => call('requestDocumentDeletion', { params: { id: doc!.id }, body: { reason: v.reason.trim() } }),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t('documents.deleteRequested'));
      await queryClient.invalidateQueries({ queryKey: documentsKey });
      onClose();
    },
    onError: formErrors.onError,
  });
  if (!doc) return null;
  return (
    <Modal open title={t('documents.deleteTitle', { title: doc.title })} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ danger: true, ...testId('document-delete-submit') }} confirmLoading={mutation.isPending} destroyOnHidden>
      {formErrors.alert}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="reason" label={t('documents.deleteReason')} rules={[{ required: true, whitespace: true, message: t('documents.deleteReasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
