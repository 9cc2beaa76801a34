/** /rewards: 客户奖励计划 (REL-10) — the plans, filterable and exportable; managers create and edit them; each plan's effect as a chart. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Flex, Form, Input, InputNumber, List, Modal, Select, Space, Statistic, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerTypes } from '../../../contract/customers.js';
import { rewardItemKinds, rewardPlanStates, type RewardPlan } from '../../../contract/rewards.js';
import { call, routeUrl } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { useDebounced } from '../../ui/use-debounced.js';
import { useCurrentUser } from '../auth/current-user.js';
import { Chart } from '../evaluation/chart.js';
import { ExportButtons } from '../evaluation/evaluation-ui.js';

const managerRoles = ['admin', 'marketing_manager', 'marketing_director'];
type CustomerType = (typeof customerTypes)[number];
type State = (typeof rewardPlanStates)[number];
const stateColor: Record<State, string> = { in_force: 'green', upcoming: 'blue', ended: 'default', disabled: 'red' };
const stateOf = (p: RewardPlan, today: string): State => (p.disabled ? 'disabled' : p.inForce ? 'in_force' : p.validFrom > today ? 'upcoming' : 'ended');

type PlanForm = {
  name: string;
  customerType?: CustomerType | 'all';
  period: [Dayjs, Dayjs | null];
  tiers: { from: string; pointsPer100: string }[];
  pointsValidMonths?: number | null;
  rewards?: { kind: 'coupon' | 'gift'; name: string; points: number }[];
  description?: string;
  disabled?: boolean;
};
const fields = ['name', 'customerType', 'validFrom', 'validTo', 'tiers', 'pointsValidMonths', 'rewards', 'description'] as const;

const PlanModal = ({ plan, open, onClose }: { plan: RewardPlan | null; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanForm>();
  const formErrors = useFormErrors(form, fields, 'plan-form-error');
  const mutation = useMutation({
    mutationFn: (v: PlanForm) => {
      const body = {
        name: v.name.trim(),
        customerType: v.customerType && v.customerType !== 'all' ? v.customerType : null,
        validFrom: v.period[0].format('YYYY-MM-DD'),
        validTo: v.period[1] ? v.period[1].format('YYYY-MM-DD') : null,
        tiers: v.tiers.map((x) => ({ from: String(x.from), pointsPer100: String(x.pointsPer100) })),
        pointsValidMonths: v.pointsValidMonths ?? null,
        rewards: v.rewards ?? [],
        description: v.description?.trim() ? v.description.trim() : null,
      };
      return plan ? call('updateRewardPlan', { params: { id: plan.id }, body: { ...body, disabled: v.disabled ?? false, version: plan.version } }) : call('createRewardPlan', { body });
    },
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t('rewards.saved'));
      await queryClient.invalidateQueries({ queryKey: ['reward-plans'] });
      onClose();
    },
    onError: formErrors.onError,
  });
  const initial: Partial<PlanForm> = plan
    ? {
        name: plan.name,
        customerType: plan.customerType ?? 'all',
        period: [dayjs(plan.validFrom), plan.validTo ? dayjs(plan.validTo) : null],
        tiers: plan.tiers,
        pointsValidMonths: plan.pointsValidMonths,
        rewards: plan.rewards,
        description: plan.description ?? '',
        disabled: plan.disabled,
      }
    : { customerType: 'all', period: [dayjs().startOf('year'), dayjs().endOf('year')], tiers: [{ from: '0', pointsPer100: '1' }, { from: '100000', pointsPer100: '1.5' }], pointsValidMonths: 12, rewards: [] };
  return (
    <Modal open={open} title={t(plan ? 'rewards.editPlan' : 'rewards.newPlan')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={testId('plan-form-submit')} destroyOnHidden width={640}>
      {formErrors.alert}
      <Form<PlanForm> form={form} preserve={false} layout="vertical" initialValues={initial} onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="name" label={t('rewards.planName')} rules={[{ required: true, whitespace: true, message: t('rewards.planName') }]}>
          <Input maxLength={100} data-testid="plan-name" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="customerType" label={t('rewards.scope')} style={{ minWidth: 160, flex: 1 }}>
            <Select options={[{ value: 'all', label: t('rewards.companyWide') }, ...customerTypes.map((c) => ({ value: c, label: t(`customers.customerType.${c}`) }))]} />
          </Form.Item>
          <Form.Item name="period" label={`${t('rewards.validFrom')} ~ ${t('rewards.validTo')}`} rules={[{ required: true, message: t('rewards.validFrom') }]} style={{ minWidth: 240, flex: 2 }}>
            <DatePicker.RangePicker allowEmpty={[false, true]} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('rewards.tiers')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('rewards.tierHint')}
        </Typography.Paragraph>
        <Form.List name="tiers">
          {(items, { add, remove }) => (
            <>
              {items.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'from']} label={i === 0 ? t('rewards.tierFrom') : undefined} rules={[{ required: true, message: t('rewards.tierFrom') }]}>
                    <Input inputMode="decimal" style={{ width: 140 }} disabled={i === 0} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'pointsPer100']} label={i === 0 ? t('rewards.tierRate') : undefined} rules={[{ required: true, message: t('rewards.tierRate') }]}>
                    <Input inputMode="decimal" style={{ width: 110 }} />
                  </Form.Item>
                  {i > 0 ? <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="remove" /> : null}
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ from: '', pointsPer100: '1' })} icon={<PlusOutlined />} style={{ marginBottom: 16 }}>
                {t('rewards.addTier')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="pointsValidMonths" label={t('rewards.pointsValidMonths')} extra={t('rewards.forever')}>
          <InputNumber min={1} max={120} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Typography.Text strong>{t('rewards.rewards')}</Typography.Text>
        <Form.List name="rewards">
          {(items, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {items.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: t('rewards.kind') }]}>
                    <Select style={{ width: 100 }} options={rewardItemKinds.map((k) => ({ value: k, label: t(`rewards.rewardKind.${k}`) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('rewards.rewardName') }]}>
                    <Input placeholder={t('rewards.rewardName')} maxLength={100} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'points']} rules={[{ required: true, message: t('rewards.rewardPoints') }]}>
                    <InputNumber min={1} precision={0} placeholder={t('rewards.rewardPoints')} style={{ width: 110 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="remove" />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ kind: 'coupon', name: '', points: 100 })} icon={<PlusOutlined />} style={{ marginBottom: 16 }}>
                {t('rewards.addReward')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="description" label={t('rewards.description')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} />
        </Form.Item>
        {plan ? (
          <Form.Item name="disabled" valuePropName="checked">
            <Checkbox>{t('rewards.disabled')}</Checkbox>
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
};

const PlanEffect = ({ plan }: { plan: RewardPlan }) => {
  const { t } = useTranslation();
  const effect = useQuery({ queryKey: ['reward-plans', 'effect', plan.id], queryFn: () => call('rewardPlanEffect', { params: { id: plan.id } }) });
  if (effect.isError) return <LoadError error={effect.error} onRetry={() => void effect.refetch()} />;
  const e = effect.data;
  if (!e) return null;
  const group = (key: 'rewarded' | 'notRewarded') => (
    <Card size="small" title={t(`rewards.${key}`)} style={{ flex: '1 1 220px' }}>
      <Flex wrap gap={16}>
        <Statistic title={t('rewards.customers')} value={e[key].customers} />
        <Statistic title={t('rewards.transactions')} value={e[key].transactions} />
        <Statistic title={t('rewards.purchases')} value={e[key].purchases} prefix="¥" />
        <Statistic title={t('rewards.perCustomer')} value={e[key].perCustomer} prefix="¥" data-testid={`effect-${key}-per-customer`} />
      </Flex>
    </Card>
  );
  return (
    <Flex vertical gap={12} data-testid="plan-effect">
      <Typography.Text type="secondary">
        {t('rewards.period')}: {e.from} ~ {e.to}。{t('rewards.effectIntro')}
      </Typography.Text>
      <Flex wrap gap={12}>
        {group('rewarded')}
        {group('notRewarded')}
      </Flex>
      <Flex wrap gap={24}>
        <Statistic title={t('rewards.pointsEarned')} value={e.pointsEarned} />
        <Statistic title={t('rewards.pointsRedeemed')} value={e.pointsRedeemed} />
      </Flex>
      <Chart
        testId="plan-effect-chart"
        height={280}
        option={{
          title: { text: t('rewards.perCustomerByMonth'), left: 0, textStyle: { fontSize: 13 } },
          tooltip: { trigger: 'axis' },
          legend: { bottom: 0, data: [t('rewards.rewarded'), t('rewards.notRewarded')] },
          grid: { left: 56, right: 12, top: 40, bottom: 56 },
          xAxis: { type: 'category', data: e.byMonth.map((m) => m.month) },
          yAxis: { type: 'value' },
          series: [
            { name: t('rewards.rewarded'), type: 'bar', data: e.byMonth.map((m) => Number(m.rewardedPerCustomer)) },
            { name: t('rewards.notRewarded'), type: 'bar', data: e.byMonth.map((m) => Number(m.notRewardedPerCustomer)) },
          ],
        }}
      />
    </Flex>
  );
};

export const RewardPlansPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const manager = me.roles.some((r) => managerRoles.includes(r));
  const [state, setState] = useState<State | undefined>();
  const [customerType, setCustomerType] = useState<CustomerType | undefined>();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 300);
  const filters = { ...(state ? { state } : {}), ...(customerType ? { customerType } : {}), ...(query ? { q: query } : {}) };
  const plans = useQuery({ queryKey: ['reward-plans', 'list', filters], queryFn: () => call('listRewardPlans', { query: filters }) });
  const [editing, setEditing] = useState<RewardPlan | null | 'new'>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const today = dayjs().format('YYYY-MM-DD');
  const items = plans.data?.items ?? [];
  const current = items.find((p) => p.id === selected) ?? items.find((p) => p.inForce) ?? items[0] ?? null;
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('rewards.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('rewards.intro')}</Typography.Paragraph>
      </div>
      <Card
        title={t('rewards.plans')}
        extra={
          manager ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="plan-new">
              {t('rewards.newPlan')}
            </Button>
          ) : null
        }
      >
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('rewards.search')} value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 200 }} data-testid="plan-search" />
          <Select<State | undefined> allowClear placeholder={t('rewards.state')} value={state} onChange={setState} style={{ width: 120 }} options={rewardPlanStates.map((s) => ({ value: s, label: t(`rewards.states.${s}`) }))} />
          <Select<CustomerType | undefined> allowClear placeholder={t('rewards.scope')} value={customerType} onChange={setCustomerType} style={{ width: 140 }} options={customerTypes.map((c) => ({ value: c, label: t(`customers.customerType.${c}`) }))} />
          <ExportButtons testId="plans" href={(format) => routeUrl('exportRewardPlans', { query: { ...filters, format } })} />
        </Flex>
        {plans.isError ? <LoadError error={plans.error} onRetry={() => void plans.refetch()} /> : null}
        <List
          loading={plans.isLoading}
          dataSource={items}
          locale={{ emptyText: <Empty description={manager ? t('rewards.noPlans') : t('rewards.manageOnly')} /> }}
          data-testid="plan-list"
          renderItem={(p) => {
            const s = stateOf(p, today);
            return (
              <List.Item
                onClick={() => setSelected(p.id)}
                style={{ cursor: 'pointer', background: current?.id === p.id ? 'rgba(22,119,255,0.06)' : undefined, paddingInline: 8 }}
                actions={manager ? [<a key="edit" onClick={(ev) => { ev.stopPropagation(); setEditing(p); }}>{t('rewards.editPlan')}</a>] : []}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      {p.name}
                      <Tag color={stateColor[s]}>{t(`rewards.states.${s}`)}</Tag>
                      <Tag>{p.customerType ? t(`customers.customerType.${p.customerType}`) : t('rewards.companyWide')}</Tag>
                    </Space>
                  }
                  description={
                    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
                      <Descriptions.Item label={t('rewards.validity')}>
                        {p.validFrom} ~ {p.validTo ?? t('rewards.openEnded')}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('rewards.tiers')}>{p.tiers.map((x) => `≥¥${x.from}: ${x.pointsPer100}/¥100`).join('；')}</Descriptions.Item>
                      <Descriptions.Item label={t('rewards.pointsValidMonths')}>{p.pointsValidMonths ?? t('rewards.forever')}</Descriptions.Item>
                      {p.rewards.length > 0 ? (
                        <Descriptions.Item label={t('rewards.rewards')}>{p.rewards.map((r) => `${t(`rewards.rewardKind.${r.kind}`)}「${r.name}」${r.points}`).join('；')}</Descriptions.Item>
                      ) : null}
                    </Descriptions>
                  }
                />
              </List.Item>
            );
          }}
        />
      </Card>
      {current ? (
        <Card title={`${t('rewards.effect')} · ${current.name}`}>
          <PlanEffect plan={current} />
        </Card>
      ) : null}
      <PlanModal plan={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
    </Flex>
  );
};
