/** 客户填表 (ARC-14), staff side: send a single-use link, see the links, review submissions field by field. */
import { CopyOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Form, Input, InputNumber, Modal, Radio, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../contract/customers.js';
import { defaultSelfServiceFields, selfServiceFields, type SelfServiceField, type Submission } from '../../../contract/self-service.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert, useFormErrors } from '../../ui/form-errors.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { fieldLabel } from '../customers/customer-fields.js';
import { customersKey } from '../customers/use-customers.js';

const selfServiceKey = ['self-service'] as const;
const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

const SendLinkModal = ({ customerId, open, onClose }: { customerId: string; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ fields: SelfServiceField[]; expiresInDays: number; note?: string }>();
  const formErrors = useFormErrors(form, ['fields', 'expiresInDays', 'note'], 'self-service-link-error');
  const [url, setUrl] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (v: { fields: SelfServiceField[]; expiresInDays: number; note?: string }) => call('createSelfServiceLink', { params: { id: customerId }, body: { fields: v.fields, expiresInDays: v.expiresInDays, ...(v.note?.trim() ? { note: v.note.trim() } : {}) } }),
    onMutate: formErrors.clear,
    onSuccess: async (link) => {
      void message.success(t('selfService.created'));
      setUrl(`${window.location.origin}${link.path}`);
      await queryClient.invalidateQueries({ queryKey: selfServiceKey });
    },
    onError: formErrors.onError,
  });
  const close = () => {
    setUrl(null);
    onClose();
  };
  return (
    <Modal open={open} title={t('selfService.sendTitle')} onCancel={close} destroyOnHidden footer={url ? <Button onClick={close}>{t('common.close')}</Button> : undefined} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={testId('self-service-link-submit')}>
      {url ? (
        <>
          <Typography.Paragraph>{t('selfService.linkReady')}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: url, icon: [<CopyOutlined key="c" />, <CopyOutlined key="d" />], tooltips: [t('selfService.copy'), t('selfService.copied')] }} code style={{ wordBreak: 'break-all' }} data-testid="self-service-link-url">
            {url}
          </Typography.Paragraph>
        </>
      ) : (
        <>
          <Alert type="info" showIcon title={t('selfService.sendHint')} style={{ marginBottom: 12 }} />
          {formErrors.alert}
          <Form form={form} layout="vertical" preserve={false} initialValues={{ fields: defaultSelfServiceFields, expiresInDays: 14 }} onFinish={(v) => mutation.mutate(v)}>
            <Form.Item name="fields" label={t('selfService.fields')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Checkbox.Group options={selfServiceFields.map((f) => ({ value: f, label: fieldLabel(t, f) }))} style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 4 }} />
            </Form.Item>
            <Form.Item name="expiresInDays" label={t('selfService.expiresInDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
            <Form.Item name="note" label={t('selfService.note')}>
              <Input maxLength={500} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
};

const SubmissionReview = ({ submission, customer }: { submission: Submission; customer: Customer }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [decisions, setDecisions] = useState<Partial<Record<SelfServiceField, 'accept' | 'reject'>>>({});
  const mutation = useMutation({
    mutationFn: () => call('reviewSubmission', { params: { id: submission.id }, body: { version: submission.version, customerVersion: customer.version, decisions } }),
    onSuccess: async () => {
      void message.success(t('selfService.reviewed'));
      await queryClient.invalidateQueries({ queryKey: selfServiceKey });
      await queryClient.invalidateQueries({ queryKey: customersKey });
    },
  });
  const pending = submission.state === 'pending';
  const allDecided = submission.changes.every((c) => decisions[c.field]);
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="self-service-submission" title={t('selfService.submittedBy', { name: submission.submitterName, time: formatDateTime(submission.submittedAt) })} extra={submission.submitterPhone}>
      {mutation.isError ? <ProblemAlert error={mutation.error} /> : null}
      {submission.note ? <Typography.Paragraph type="secondary">{submission.note}</Typography.Paragraph> : null}
      {submission.changes.length === 0 ? (
        <Typography.Text type="secondary">{t('selfService.noChanges')}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={submission.changes}
          scroll={{ x: 560 }}
          columns={[
            { title: t('selfService.field'), dataIndex: 'field', width: 110, render: (f: string) => fieldLabel(t, f) },
            { title: t('selfService.oldValue'), dataIndex: 'oldValue', render: show },
            { title: t('selfService.newValue'), dataIndex: 'newValue', render: (v: unknown) => <Typography.Text strong>{show(v)}</Typography.Text> },
            { title: t('selfService.currentValue'), dataIndex: 'currentValue', responsive: ['md'], render: show },
            {
              title: '',
              key: 'decision',
              width: 170,
              render: (_: unknown, c: Submission['changes'][number]) =>
                pending ? (
                  <Radio.Group size="small" value={decisions[c.field]} onChange={(e) => setDecisions((d) => ({ ...d, [c.field]: e.target.value as 'accept' | 'reject' }))} data-testid={`review-${c.field}`}>
                    <Radio.Button value="accept" data-testid={`review-${c.field}-accept`}>{t('selfService.accept')}</Radio.Button>
                    <Radio.Button value="reject" data-testid={`review-${c.field}-reject`}>{t('selfService.reject')}</Radio.Button>
                  </Radio.Group>
                ) : c.decision ? (
                  <Tag color={c.decision === 'accepted' ? 'green' : 'default'}>{t(`selfService.decided.${c.decision}`)}</Tag>
                ) : null,
            },
          ]}
        />
      )}
      {pending ? (
        <Flex justify="flex-end" gap={8} style={{ marginTop: 8 }}>
          <Button size="small" onClick={() => setDecisions(Object.fromEntries(submission.changes.map((c) => [c.field, 'accept'])))}>
            {t('selfService.acceptAll')}
          </Button>
          <Button type="primary" size="small" disabled={!allDecided} loading={mutation.isPending} onClick={() => mutation.mutate()} data-testid="self-service-review-submit">
            {t('selfService.review')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
};

export const SelfServiceTab = ({ customer }: { customer: Customer }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [sending, setSending] = useState(false);
  const links = useQuery({ queryKey: [...selfServiceKey, 'links', customer.id], queryFn: () => call('listSelfServiceLinks', { params: { id: customer.id } }) });
  const submissions = useQuery({ queryKey: [...selfServiceKey, 'submissions', customer.id], queryFn: () => call('listSubmissions', { query: { customerId: customer.id, limit: 20 } }) });
  const revoke = useMutation({
    mutationFn: (id: string) => call('revokeSelfServiceLink', { params: { id } }),
    onSuccess: async () => {
      void message.success(t('selfService.revoked'));
      await queryClient.invalidateQueries({ queryKey: selfServiceKey });
    },
  });
  if (links.isError) return <LoadError error={links.error} onRetry={() => void links.refetch()} />;
  const subs = submissions.data?.items ?? [];
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<SendOutlined />} onClick={() => setSending(true)} data-testid="self-service-send">
          {t('selfService.send')}
        </Button>
      </Flex>
      <Typography.Title level={5}>{t('selfService.submissions')}</Typography.Title>
      {subs.length === 0 ? <Empty description={t('selfService.noSubmissions')} /> : subs.map((s) => <SubmissionReview key={`${s.id}-${s.version}`} submission={s} customer={customer} />)}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('selfService.links')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        loading={links.isLoading}
        dataSource={links.data?.items ?? []}
        pagination={false}
        scroll={{ x: 560 }}
        columns={[
          { title: t('selfService.sentAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('selfService.createdBy'), dataIndex: 'createdByName', width: 100 },
          { title: t('selfService.fields'), dataIndex: 'fields', responsive: ['md'], render: (f: string[]) => f.map((x) => fieldLabel(t, x)).join('、') },
          { title: t('selfService.expiresAt'), dataIndex: 'expiresAt', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('common.status'), dataIndex: 'state', width: 90, render: (s: 'pending' | 'used' | 'expired' | 'revoked') => <Tag color={s === 'pending' ? 'blue' : s === 'used' ? 'green' : 'default'}>{t(`selfService.linkStates.${s}`)}</Tag> },
          {
            title: '',
            key: 'a',
            width: 70,
            render: (_: unknown, l: { id: string; state: string }) =>
              l.state === 'pending' ? (
                <Button size="small" type="link" danger onClick={() => revoke.mutate(l.id)}>
                  {t('selfService.revoke')}
                </Button>
              ) : null,
          },
        ]}
      />
      <SendLinkModal customerId={customer.id} open={sending} onClose={() => setSending(false)} />
    </>
  );
};
