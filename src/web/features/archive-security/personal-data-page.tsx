/**
 * 个人信息请求 (SEC-12, PIPL): find the contact by name or mobile, ask for an export or an erasure
 * (the gm approves), and download an approved export (JSON, within 7 days, audited).
 */
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, Grid, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Approval } from '../../../contract/approvals.js';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { saveFile } from '../../ui/table-export.js';
import { testId } from '../../ui/test-id.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { approvalTypeLabel } from '../approvals/approval-labels.js';
import { ApprovalStateTag } from '../approvals/approvals-page.js';
import { approvalsKey, useRefreshAfterDecision } from '../approvals/use-approvals.js';

type Found = RouteResult<'findPersonalDataContacts'>['items'][number];
type Kind = 'export' | 'erasure';

const RequestModal = ({ contact, kind, onClose }: { contact: Found | null; kind: Kind; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshAfterDecision();
  const [form] = Form.useForm<{ reason: string }>();
  const errors = useFormErrors(form, ['reason'], 'personal-request-error');
  const submit = useMutation({
    mutationFn: (reason: string) => call('requestPersonalData', { body: { contactId: contact!.contactId, kind, reason: reason.trim() } }),
    onMutate: errors.clear,
    onSuccess: async () => {
      void message.success(t('security.personal.submitted'));
      await refresh();
      onClose();
    },
    onError: errors.onError,
  });
  return (
    <Modal
      open={contact !== null}
      title={contact ? t(kind === 'export' ? 'security.personal.dialogExport' : 'security.personal.dialogErasure', { name: contact.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: kind === 'erasure', ...testId('personal-request-submit') }}
      okText={t('security.protected.submit')}
      confirmLoading={submit.isPending}
      destroyOnHidden
    >
      <Alert type={kind === 'erasure' ? 'warning' : 'info'} showIcon style={{ marginBottom: 16 }} title={t(kind === 'export' ? 'security.personal.exportHint' : 'security.personal.erasureHint')} />
      {errors.alert}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => submit.mutate(v.reason)}>
        <Form.Item name="reason" label={t('security.personal.reason')} rules={[{ required: true, whitespace: true, message: t('security.personal.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} showCount placeholder={t('security.personal.reasonPlaceholder')} data-testid="personal-request-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

const MyRequests = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const list = useQuery({
    queryKey: [...approvalsKey, 'list', 'personal-data'],
    queryFn: async () => {
      const [exports, erasures] = await Promise.all([
        call('listApprovals', { query: { box: 'mine', type: 'personal_data_export', limit: 100 } }),
        call('listApprovals', { query: { box: 'mine', type: 'personal_data_erasure', limit: 100 } }),
      ]);
      return [...exports.items, ...erasures.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  });
  const download = useMutation({
    mutationFn: async (a: Approval) => {
      const blob = await call('downloadPersonalData', { params: { id: a.id } });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      saveFile(`personal-data-${String(a.payload['archiveNo'] ?? a.id)}-${a.id}.json`, bytes, 'application/json');
    },
    onSuccess: () => void message.success(t('security.personal.downloaded')),
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const withinWeek = (a: Approval) => a.decidedAt !== null && Date.now() - new Date(a.decidedAt).getTime() < 7 * 86_400_000;
  const action = (a: Approval) =>
    a.type === 'personal_data_export' && a.state === 'approved' ? (
      withinWeek(a) ? (
        <Button size="small" icon={<DownloadOutlined />} loading={download.isPending && download.variables?.id === a.id} onClick={() => download.mutate(a)} data-testid={`personal-download-${a.id}`}>
          {t('security.personal.download')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('security.personal.downloadExpired')}</Typography.Text>
      )
    ) : null;
  const items = list.data ?? [];
  const contactOf = (a: Approval) => `${String(a.payload['contactName'] ?? '')}（${String(a.payload['archiveNo'] ?? '')}）`;
  return (
    <Card title={t('security.personal.requests')} style={{ marginTop: 16 }}>
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : phone ? (
        <List
          loading={list.isPending}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('security.personal.requestsEmpty')} /> }}
          renderItem={(a) => (
            <Card size="small" style={{ marginBottom: 8 }}>
              <Flex justify="space-between" gap={8}>
                <Link to={`/approvals/${a.id}`}>{contactOf(a)}</Link>
                <ApprovalStateTag state={a.state} />
              </Flex>
              <Tag style={{ marginTop: 4 }}>{approvalTypeLabel(t, a.type)}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(a.createdAt)}
              </Typography.Text>
              <div style={{ marginTop: 6 }}>{action(a)}</div>
            </Card>
          )}
        />
      ) : (
        <Table<Approval>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('security.personal.requestsEmpty')} /> }}
          columns={[
            { title: t('security.personal.contact'), key: 'contact', render: (_, a) => <Link to={`/approvals/${a.id}`}>{contactOf(a)}</Link> },
            { title: t('security.approvals.type'), dataIndex: 'type', width: 130, render: (v: string) => <Tag>{approvalTypeLabel(t, v)}</Tag> },
            { title: t('security.approvals.state'), dataIndex: 'state', width: 90, render: (_, a) => <ApprovalStateTag state={a.state} /> },
            { title: t('security.approvals.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
            { title: t('security.approvals.decidedAt'), dataIndex: 'decidedAt', width: 160, render: formatDateTime },
            { title: t('common.actions'), key: 'actions', width: 160, render: (_, a) => action(a) },
          ]}
        />
      )}
    </Card>
  );
};

export const PersonalDataPage = () => {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().md === false;
  const width = useFilterWidth();
  const [draft, setDraft] = useState({ name: '', mobile: '' });
  const [query, setQuery] = useState<{ name?: string; mobile?: string } | null>(null);
  const [dialog, setDialog] = useState<{ contact: Found; kind: Kind } | null>(null);
  const [lastKind, setLastKind] = useState<Kind>('export');
  const found = useQuery({
    queryKey: ['personal-data', 'contacts', query],
    queryFn: () => call('findPersonalDataContacts', { query: query ?? {} }),
    enabled: query !== null,
  });
  const search = () => {
    const name = draft.name.trim();
    const mobile = draft.mobile.trim();
    if (!name && !mobile) return;
    setQuery({ ...(name ? { name } : {}), ...(mobile ? { mobile } : {}) });
  };
  const open = (contact: Found, kind: Kind) => {
    setLastKind(kind);
    setDialog({ contact, kind });
  };
  const actions = (c: Found) => (
    <Space size={4} wrap>
      <Button size="small" onClick={() => open(c, 'export')} data-testid={`personal-export-${c.contactId}`}>
        {t('security.personal.requestExport')}
      </Button>
      <Button size="small" danger onClick={() => open(c, 'erasure')} data-testid={`personal-erasure-${c.contactId}`}>
        {t('security.personal.requestErasure')}
      </Button>
    </Space>
  );
  const items = found.data?.items ?? [];
  const mobileValid = !draft.mobile.trim() || /^1\d{10}$/.test(draft.mobile.trim());
  return (
    <>
      <PageHeader title={t('security.personal.title')} description={t('security.personal.description')} />
      <Card title={t('security.personal.findTitle')}>
        <Flex
          gap={8}
          wrap
          style={{ marginBottom: 16 }}
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
        >
          <Input allowClear value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder={t('security.personal.name')} maxLength={60} style={width(200)} data-testid="personal-find-name" />
          <Input
            allowClear
            value={draft.mobile}
            onChange={(e) => setDraft({ ...draft, mobile: e.target.value })}
            placeholder={t('security.personal.mobile')}
            maxLength={11}
            inputMode="numeric"
            status={mobileValid ? undefined : 'error'}
            style={width(180)}
            data-testid="personal-find-mobile"
          />
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} disabled={(!draft.name.trim() && !draft.mobile.trim()) || !mobileValid} data-testid="personal-find">
            {t('security.personal.find')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('security.personal.findHint')}
        </Typography.Paragraph>
        {query === null ? null : found.isError ? (
          <LoadError error={found.error} onRetry={() => void found.refetch()} />
        ) : phone ? (
          <List
            loading={found.isFetching}
            dataSource={items}
            locale={{ emptyText: <Empty description={t('security.personal.notFound')} /> }}
            renderItem={(c) => (
              <Card size="small" style={{ marginBottom: 8 }} data-testid={`personal-contact-${c.contactId}`}>
                <Typography.Text strong>{c.name}</Typography.Text> <Typography.Text type="secondary">{c.position ?? ''}</Typography.Text>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {c.customerName} · {c.archiveNo}
                </Typography.Text>
                <div style={{ marginTop: 6 }}>{actions(c)}</div>
              </Card>
            )}
          />
        ) : (
          <Table<Found>
            rowKey="contactId"
            size="middle"
            loading={found.isFetching}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('security.personal.notFound')} /> }}
            columns={[
              { title: t('security.personal.contact'), dataIndex: 'name' },
              { title: t('security.personal.position'), dataIndex: 'position', render: (v: string | null) => v ?? '—' },
              { title: t('security.personal.customer'), key: 'customer', render: (_, c) => `${c.customerName}（${c.archiveNo}）` },
              { title: t('common.actions'), key: 'actions', width: 200, render: (_, c) => actions(c) },
            ]}
          />
        )}
      </Card>
      <MyRequests />
      <RequestModal contact={dialog?.contact ?? null} kind={dialog?.kind ?? lastKind} onClose={() => setDialog(null)} />
    </>
  );
};
