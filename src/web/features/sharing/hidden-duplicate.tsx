/** A colleague's archive named by a duplicate warning (ARC-10 撞单): who owns it, and asking them for a share or a transfer. */
import { useMutation } from '@tanstack/react-query';
import { App, Button, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';

export const HiddenDuplicateItem = ({ archiveNo, ownerName }: { archiveNo: string; ownerName: string }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [asked, setAsked] = useState<'share' | 'transfer' | null>(null);
  const ask = useMutation({
    mutationFn: (kind: 'share' | 'transfer') => call('createShareInquiry', { body: { archiveNo, kind } }),
    onSuccess: (r, kind) => {
      setAsked(kind);
      void message.success(t('sharing.asked', { ownerName: r.ownerName }));
    },
  });
  return (
    <List.Item data-testid={`customer-duplicate-${archiveNo}`}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Tag>{archiveNo}</Tag>
          <Typography.Text strong data-testid="customer-duplicate-owner">
            {t('sharing.hiddenDuplicate', { archiveNo, ownerName })}
          </Typography.Text>
        </Space>
        <Typography.Text type="secondary">{t('sharing.hiddenDuplicateHint')}</Typography.Text>
        <Space wrap>
          <Button size="small" type="primary" disabled={asked !== null} loading={ask.isPending && ask.variables === 'share'} onClick={() => ask.mutate('share')} data-testid="customer-duplicate-ask-share">
            {t('sharing.askShare')}
          </Button>
          <Button size="small" disabled={asked !== null} loading={ask.isPending && ask.variables === 'transfer'} onClick={() => ask.mutate('transfer')} data-testid="customer-duplicate-ask-transfer">
            {t('sharing.askTransfer')}
          </Button>
        </Space>
      </Space>
    </List.Item>
  );
};
