/** 代批授权 (SEC-5/SEC-6): the gm names a deputy for a date range (China time, inclusive); revoke ends it at once. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Form, Grid, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { delegableApprovalTypes, type ApprovalType } from '../../../contract/approvals.js';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { UserField } from '../archive-security/user-field.js';
import { approvalTypeLabel } from './approval-labels.js';

type Delegation = RouteResult<'listDelegations'>['items'][number];
type DelegationForm = { deputyId?: string; types: (typeof delegableApprovalTypes)[number][]; range?: [Dayjs, Dayjs] };
const key = ['approval-delegations'] as const;

/** Today in China (the dates of a delegation are China dates). */
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const stateOf = (d: Delegation): 'active' | 'upcoming' | 'ended' | 'revoked' => {
  if (d.revokedAt) return 'revoked';
  const today = chinaToday();
  if (today < d.startsOn) return 'upcoming';
  if (today > d.endsOn) return 'ended';
  return 'active';
};
const stateColor = { active: 'success', upcoming: 'processing', ended: 'default', revoked: 'default' } as const;

const CreateModal = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DelegationForm>();
  const errors = useFormErrors(form, ['deputyId', 'types', 'range'], 'delegation-form-error');
  const create = useMutation({
    mutationFn: (v: DelegationForm) =>
      call('createDelegation', { body: { deputyId: v.deputyId ?? '', types: v.types, startsOn: v.range![0].format('YYYY-MM-DD'), endsOn: v.range![1].format('YYYY-MM-DD') } }),
    onMutate: errors.clear,
    onSuccess: async () => {
      void message.success(t('security.delegations.created'));
      await queryClient.invalidateQueries({ queryKey: key });
      onClose();
    },
    onError: errors.onError,
  });
  return (
    <Modal open={open} title={t('security.delegations.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okButtonProps={testId('delegation-submit')} destroyOnHidden>
      {errors.alert}
      <Form<DelegationForm> form={form} layout="vertical" preserve={false} initialValues={{ types: ['access_request'] }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="deputyId" label={t('security.delegations.deputy')} rules={[{ required: true, message: t('security.delegations.deputyRequired') }]} extra={t('security.delegations.deputyIdHelp')}>
          <UserField />
        </Form.Item>
        <Form.Item name="types" label={t('security.delegations.types')} rules={[{ required: true, type: 'array', min: 1, message: t('security.delegations.typesRequired') }]}>
          <Select mode="multiple" options={delegableApprovalTypes.map((v) => ({ value: v, label: approvalTypeLabel(t, v) }))} data-testid="delegation-types" />
        </Form.Item>
        <Form.Item name="range" label={t('security.delegations.range')} rules={[{ required: true, message: t('security.delegations.rangeRequired') }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="delegation-range" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const DelegationsPage = () => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: key, queryFn: () => call('listDelegations') });
  const revoke = useMutation({
    mutationFn: (id: string) => call('revokeDelegation', { params: { id } }),
    onSuccess: async () => {
      void message.success(t('security.delegations.revoked'));
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const askRevoke = (d: Delegation) => modal.confirm({ title: t('security.delegations.revokeConfirm'), okButtonProps: { danger: true }, onOk: () => revoke.mutateAsync(d.id).catch(() => undefined) });
  const items = list.data?.items ?? [];
  const typesOf = (d: Delegation) => d.types.map((ty) => <Tag key={ty}>{approvalTypeLabel(t, ty)}</Tag>);
  const stateTag = (d: Delegation) => <Tag color={stateColor[stateOf(d)]}>{t(`security.delegations.states.${stateOf(d)}`)}</Tag>;
  const revokeButton = (d: Delegation) =>
    d.revokedAt || stateOf(d) === 'ended' ? null : (
      <Button size="small" danger onClick={() => askRevoke(d)} data-testid={`delegation-revoke-${d.id}`}>
        {t('security.delegations.revoke')}
      </Button>
    );

  return (
    <>
      <PageHeader
        title={t('security.delegations.title')}
        description={t('security.delegations.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="delegation-create">
            {t('security.delegations.create')}
          </Button>
        }
      />
      <Card>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : phone ? (
          <List
            loading={list.isPending}
            dataSource={items}
            locale={{ emptyText: <Empty description={t('security.delegations.empty')} /> }}
            renderItem={(d) => (
              <Card size="small" style={{ marginBottom: 8 }}>
                <Space wrap>
                  <Typography.Text strong>{d.deputyName ?? d.deputyId}</Typography.Text>
                  {stateTag(d)}
                </Space>
                <div style={{ margin: '4px 0' }}>
                  {d.startsOn} – {d.endsOn}
                </div>
                <div>{typesOf(d)}</div>
                <div style={{ marginTop: 6 }}>{revokeButton(d)}</div>
              </Card>
            )}
          />
        ) : (
          <Table<Delegation>
            rowKey="id"
            loading={list.isPending}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('security.delegations.empty')} /> }}
            columns={[
              { title: t('security.delegations.deputy'), key: 'deputy', render: (_, d) => d.deputyName ?? d.deputyId },
              { title: t('security.delegations.types'), key: 'types', render: (_, d) => typesOf(d) },
              { title: t('security.delegations.startsOn'), dataIndex: 'startsOn', width: 120 },
              { title: t('security.delegations.endsOn'), dataIndex: 'endsOn', width: 120 },
              { title: t('security.approvals.state'), key: 'state', width: 100, render: (_, d) => stateTag(d) },
              { title: t('security.delegations.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
              { title: t('common.actions'), key: 'actions', width: 90, render: (_, d) => revokeButton(d) },
            ]}
          />
        )}
      </Card>
      <CreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
};
