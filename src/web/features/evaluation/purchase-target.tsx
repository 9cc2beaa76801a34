/** EVA-1: the customer's quarterly purchase target (its own, or its type's from the scorecard); evaluation administrators set it. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, InputNumber, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { describeError } from '../../ui/problem.js';
import { evaluationKey, useEvaluationRoles } from './evaluation-ui.js';

const yuan = (v: string) => Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const PurchaseTarget = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { isAdmin } = useEvaluationRoles();
  const queryClient = useQueryClient();
  const key = [...evaluationKey, 'purchase-target', customerId];
  const target = useQuery({ queryKey: key, queryFn: () => call('getPurchaseTarget', { params: { id: customerId } }) });
  const [draft, setDraft] = useState<number | null | undefined>(undefined);
  const save = useMutation({
    mutationFn: (quarterlyTarget: string | null) => call('setPurchaseTarget', { params: { id: customerId }, body: { quarterlyTarget } }),
    onSuccess: (r) => {
      void message.success(t('evaluation.purchaseTarget.saved'));
      queryClient.setQueryData(key, r);
      setDraft(undefined);
    },
  });
  if (!target.data) return null;
  const d = target.data;
  const error = save.isError ? describeError(save.error, t) : null;
  return (
    <div data-testid="purchase-target">
      <Typography.Title level={5}>{t('evaluation.purchaseTarget.title')}</Typography.Title>
      <Flex gap={8} wrap align="center">
        <Typography.Text strong data-testid="purchase-target-effective">¥ {yuan(d.effectiveTarget)}</Typography.Text>
        <Tag color={d.source === 'customer' ? 'blue' : 'default'}>{t(`evaluation.purchaseTarget.source.${d.source}`)}</Tag>
        {d.source === 'customer' ? <Typography.Text type="secondary">{t('evaluation.purchaseTarget.typeTarget', { amount: yuan(d.typeTarget) })}</Typography.Text> : null}
      </Flex>
      {isAdmin ? (
        <Space wrap style={{ marginTop: 8 }}>
          <InputNumber<number>
            min={0}
            max={1e15}
            precision={2}
            value={draft === undefined ? (d.quarterlyTarget === null ? null : Number(d.quarterlyTarget)) : draft}
            onChange={(v) => setDraft(v)}
            placeholder={t('evaluation.purchaseTarget.placeholder')}
            addonBefore="¥"
            style={{ width: 220 }}
            data-testid="purchase-target-input"
          />
          <Button type="primary" disabled={draft === undefined || draft === null} loading={save.isPending} onClick={() => save.mutate(draft!.toFixed(2))} data-testid="purchase-target-save">
            {t('common.save')}
          </Button>
          {d.source === 'customer' ? <Button onClick={() => save.mutate(null)} loading={save.isPending}>{t('evaluation.purchaseTarget.useType')}</Button> : null}
        </Space>
      ) : null}
      {error ? <Typography.Text type="danger">{error.title}</Typography.Text> : null}
    </div>
  );
};
