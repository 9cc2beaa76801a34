/** 审计日志保留期限 (SEC-10): how long audit events are kept; a nightly job removes older ones, verification unaffected. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, InputNumber, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { describeError } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';

const retentionKey = ['audit-retention'] as const;

export const AuditRetentionCard = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const retention = useQuery({ queryKey: retentionKey, queryFn: () => call('getAuditRetention') });
  const [months, setMonths] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (retentionMonths: number | null) => call('updateAuditRetention', { body: { retentionMonths } }),
    onSuccess: (r) => {
      void message.success(t('audit.retention.saved'));
      queryClient.setQueryData(retentionKey, r);
      setMonths(null);
    },
  });
  const error = save.isError ? describeError(save.error, t) : null;
  const value = months ?? retention.data?.retentionMonths ?? null;
  return (
    <Card title={t('audit.retention.title')} style={{ marginTop: 16 }} data-testid="audit-retention-card">
      {retention.isError ? (
        <LoadError error={retention.error} onRetry={() => void retention.refetch()} />
      ) : !retention.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('audit.retention.hint')}</Typography.Paragraph>
          <Flex gap={8} wrap align="center">
            <InputNumber
              min={6}
              max={120}
              precision={0}
              value={value}
              onChange={(v) => setMonths(v)}
              addonAfter={t('audit.retention.months')}
              style={{ width: 180 }}
              data-testid="audit-retention-months"
            />
            <Button type="primary" loading={save.isPending} disabled={months === null || months === retention.data.retentionMonths} onClick={() => save.mutate(months)} data-testid="audit-retention-save">
              {t('common.save')}
            </Button>
            {!retention.data.isDefault ? (
              <Button onClick={() => save.mutate(null)} loading={save.isPending}>
                {t('audit.retention.restoreDefault')}
              </Button>
            ) : null}
          </Flex>
          {error ? <Typography.Text type="danger">{error.title}{error.detail ? `：${error.detail}` : ''}</Typography.Text> : null}
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('audit.retention.oldest')}>{retention.data.oldestEventAt ? formatDateTime(retention.data.oldestEventAt) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('audit.retention.lastPurge')}>
              {retention.data.lastPurge ? t('audit.retention.lastPurgeValue', { at: formatDateTime(retention.data.lastPurge.at), count: retention.data.lastPurge.deleted }) : t('audit.retention.never')}
            </Descriptions.Item>
          </Descriptions>
        </Flex>
      )}
    </Card>
  );
};
