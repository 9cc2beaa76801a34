/** 积分 on the archive (REL-10): the balance, the plan in force, the ledger (filterable, exportable) and the redeem / adjust dialog. */
import { GiftOutlined, MinusCircleOutlined, PlusCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pointsKinds, type PointsKind, type RewardPlan } from '../../../contract/rewards.js';
import { call, isApiError, routeUrl } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { useCurrentUser } from '../auth/current-user.js';
import { ExportButtons } from '../evaluation/evaluation-ui.js';

const writerRoles = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director'];
const kindColor: Record<PointsKind, string> = { earn: 'green', redeem: 'blue', expire: 'default', adjust: 'orange' };
export const pointsKey = (id: string) => ['points', id] as const;

type Filters = { kind?: PointsKind | undefined; from?: string | undefined; to?: string | undefined };
type Mode = 'redeem' | 'adjust' | 'earn';
type WriteForm = { reward?: number; points: number; reason: string; direction?: 'increase' | 'decrease' };

/** The plan in force today for a customer type: its own plan first, else the company-wide one. */
const planFor = (plans: RewardPlan[], customerType: string) => plans.find((p) => p.inForce && p.customerType === customerType) ?? plans.find((p) => p.inForce && p.customerType === null) ?? null;

const WriteDialog = ({ customerId, mode, plan, balance, onClose }: { customerId: string; mode: Mode | null; plan: RewardPlan | null; balance: number; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WriteForm>();
  const [short, setShort] = useState<{ balance: number; requested: number } | null>(null);
  const formErrors = useFormErrors(form, ['points', 'reason', 'direction'], 'points-form-error');
  const mutation = useMutation({
    mutationFn: (v: WriteForm) =>
      call('createPointsEntry', {
        params: { id: customerId },
        body: { kind: mode ?? 'redeem', points: v.points, reason: v.reason.trim(), ...(mode === 'adjust' ? { direction: v.direction ?? 'increase' } : {}) },
      }),
    onMutate: () => {
      setShort(null);
      formErrors.clear();
    },
    onSuccess: async () => {
      void message.success(t('rewards.written'));
      await queryClient.invalidateQueries({ queryKey: pointsKey(customerId) });
      onClose();
    },
    onError: async (e, v) => {
      if (isApiError(e) && e.status === 422 && e.rule === 'REL-10') {
        await queryClient.invalidateQueries({ queryKey: pointsKey(customerId) });
        const fresh = await call('getCustomerPoints', { params: { id: customerId }, query: { limit: 1 } }).catch(() => null);
        setShort({ balance: fresh?.balance ?? balance, requested: v.points });
        return;
      }
      formErrors.onError(e);
    },
  });
  const items = plan?.rewards ?? [];
  return (
    <Modal
      open={mode !== null}
      title={mode ? t(`rewards.${mode}`) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      okButtonProps={testId('points-form-submit')}
      destroyOnHidden
    >
      {short ? <Alert type="error" showIcon title={t('rewards.notEnough', short)} style={{ marginBottom: 16 }} data-testid="points-not-enough" /> : null}
      {formErrors.alert}
      <Typography.Paragraph type="secondary">
        {t('rewards.balance')}: <b data-testid="points-dialog-balance">{balance}</b>
      </Typography.Paragraph>
      <Form<WriteForm> form={form} preserve={false} layout="vertical" initialValues={{ direction: 'increase' }} onFinish={(v) => mutation.mutate(v)}>
        {mode === 'redeem' && items.length > 0 ? (
          <Form.Item name="reward" label={t('rewards.reward')}>
            <Select
              allowClear
              placeholder={t('rewards.rewardNone')}
              data-testid="points-reward"
              options={items.map((r, i) => ({ value: i, label: `${t(`rewards.rewardKind.${r.kind}`)}「${r.name}」· ${r.points}` }))}
              onChange={(i?: number) => {
                const r = i === undefined ? undefined : items[i];
                if (r) form.setFieldsValue({ points: r.points, reason: `${t(`rewards.rewardKind.${r.kind}`)}：${r.name}` });
              }}
            />
          </Form.Item>
        ) : null}
        {mode === 'adjust' ? (
          <Form.Item name="direction" label={t('rewards.direction')}>
            <Radio.Group optionType="button" options={(['increase', 'decrease'] as const).map((d) => ({ value: d, label: t(`rewards.directions.${d}`) }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="points" label={t('rewards.points')} rules={[{ required: true, message: t('rewards.points') }]}>
          <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="points-amount" />
        </Form.Item>
        <Form.Item name="reason" label={t('rewards.reason')} rules={[{ required: true, whitespace: true, message: t('rewards.reason') }]}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} data-testid="points-reason" />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('rewards.appendOnly')}</Typography.Text>
    </Modal>
  );
};

export const PointsTab = ({ customerId, ownerId, customerType }: { customerId: string; ownerId: string | null; customerType: string }) => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [filters, setFilters] = useState<Filters>({});
  const [mode, setMode] = useState<Mode | null>(null);
  const ledger = useQuery({ queryKey: [...pointsKey(customerId), filters], queryFn: () => call('getCustomerPoints', { params: { id: customerId }, query: { ...filters, limit: 500 } }) });
  const plans = useQuery({ queryKey: ['reward-plans', 'in_force'], queryFn: () => call('listRewardPlans', { query: { state: 'in_force' } }), staleTime: 60_000 });
  const plan = planFor(plans.data?.items ?? [], customerType);
  const mayWrite = me.id === ownerId || me.roles.some((r) => writerRoles.includes(r));
  if (ledger.isError) return <LoadError error={ledger.error} onRetry={() => void ledger.refetch()} />;
  const balance = ledger.data?.balance ?? 0;
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex wrap gap={16} justify="space-between" align="center">
          <Statistic title={t('rewards.balance')} value={balance} prefix={<GiftOutlined />} loading={ledger.isLoading} data-testid="points-balance" />
          <div style={{ minWidth: 0 }}>
            <Typography.Text type="secondary">{t('rewards.planInForce')}：</Typography.Text>
            {plan ? (
              <Typography.Text data-testid="points-plan">
                {plan.name}（{plan.tiers.map((x) => `≥¥${x.from} ${x.pointsPer100}/¥100`).join('，')}）
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('rewards.noPlan')}</Typography.Text>
            )}
          </div>
          {mayWrite ? (
            <Space wrap>
              <Button type="primary" icon={<GiftOutlined />} onClick={() => setMode('redeem')} data-testid="points-redeem">
                {t('rewards.redeem')}
              </Button>
              <Button icon={<MinusCircleOutlined />} onClick={() => setMode('adjust')} data-testid="points-adjust">
                {t('rewards.adjust')}
              </Button>
              <Button icon={<PlusCircleOutlined />} onClick={() => setMode('earn')} data-testid="points-earn">
                {t('rewards.earn')}
              </Button>
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('rewards.writeOnly')}</Typography.Text>
          )}
        </Flex>
      </Card>
      <Flex wrap gap={8} align="center">
        <Select<PointsKind | undefined>
          allowClear
          placeholder={t('rewards.allKinds')}
          style={{ width: 140 }}
          value={filters.kind}
          onChange={(kind) => setFilters((f) => ({ ...f, kind }))}
          options={pointsKinds.map((k) => ({ value: k, label: t(`rewards.kinds.${k}`) }))}
          data-testid="points-filter-kind"
        />
        <DatePicker.RangePicker
          style={{ maxWidth: '100%' }}
          onChange={(v: [Dayjs | null, Dayjs | null] | null) => setFilters((f) => ({ ...f, from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') }))}
        />
        <ExportButtons testId="points" href={(format) => routeUrl('exportCustomerPoints', { params: { id: customerId }, query: { ...filters, format } })} />
      </Flex>
      <Table
        rowKey="id"
        size="small"
        loading={ledger.isLoading}
        dataSource={ledger.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 560 }}
        locale={{ emptyText: t('rewards.empty') }}
        data-testid="points-ledger"
        columns={[
          { title: t('rewards.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('rewards.kind'), dataIndex: 'kind', width: 70, render: (k: PointsKind) => <Tag color={kindColor[k]}>{t(`rewards.kinds.${k}`)}</Tag> },
          {
            title: t('rewards.points'),
            dataIndex: 'points',
            width: 80,
            align: 'right',
            render: (p: number, r) => {
              const signed = r.kind === 'adjust' ? p : r.kind === 'earn' ? p : -p;
              return <Typography.Text type={signed < 0 ? 'danger' : 'success'}>{signed > 0 ? `+${signed}` : signed}</Typography.Text>;
            },
          },
          { title: t('rewards.reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('rewards.byName'), dataIndex: 'byName', width: 100, render: (v: string | null) => v ?? t('rewards.system') },
        ]}
      />
      <WriteDialog customerId={customerId} mode={mode} plan={plan} balance={balance} onClose={() => setMode(null)} />
    </Flex>
  );
};
