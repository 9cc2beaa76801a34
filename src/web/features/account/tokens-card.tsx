/** Own personal access tokens: list, create (shown once), revoke. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { CreateTokenModal, TokenRevealModal } from './create-token-modal.js';

type Token = RouteResult<'listTokens'>['items'][number];
type CreatedToken = RouteResult<'createToken'>;
export const tokensKey = ['tokens'] as const;

const tokenState = (token: Token, now: number): 'revoked' | 'expired' | 'active' =>
  token.revokedAt ? 'revoked' : token.expiresAt && Date.parse(token.expiresAt) <= now ? 'expired' : 'active';

export const TokensCard = () => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const tokens = useQuery({ queryKey: tokensKey, queryFn: () => call('listTokens') });
  const revoke = useMutation({
    mutationFn: (id: string) => call('revokeToken', { params: { id } }),
    onSuccess: () => void message.success(t('tokens.revoked')),
    onError: (e) => void message.error(errorLine(e, t)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
  const now = Date.now();

  const confirmRevoke = (token: Token) =>
    modal.confirm({
      title: t('tokens.revokeConfirm', { name: token.name }),
      content: t('tokens.revokeConfirmContent'),
      okButtonProps: { danger: true },
      onOk: () => revoke.mutateAsync(token.id).catch(() => undefined),
    });

  return (
    <Card
      title={t('tokens.title')}
      data-testid="tokens-card"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
          {t('tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.description')}</Typography.Paragraph>
      {tokens.isError ? (
        <LoadError error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <Table<Token>
          rowKey="id"
          size="middle"
          loading={tokens.isPending}
          dataSource={tokens.data?.items ?? []}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={t('tokens.empty')} /> }}
          columns={[
            { title: t('tokens.name'), dataIndex: 'name' },
            {
              title: t('tokens.scopes'),
              dataIndex: 'scopes',
              render: (scopes: Token['scopes']) => scopes.map((s) => <Tag key={s}>{t(`tokens.scope_${s}`)}</Tag>),
            },
            {
              title: t('common.status'),
              key: 'state',
              render: (_, token) => {
                const state = tokenState(token, now);
                const color = state === 'active' ? 'green' : 'default';
                return <Tag color={color}>{t(`tokens.${state}Tag`)}</Tag>;
              },
            },
            { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            {
              title: t('tokens.expiresAt'),
              dataIndex: 'expiresAt',
              render: (v: string | null) => (v ? formatDateTime(v) : t('tokens.never')),
            },
            {
              title: t('tokens.lastUsedAt'),
              dataIndex: 'lastUsedAt',
              render: (v: string | null) => (v ? formatDateTime(v) : t('tokens.neverUsed')),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              render: (_, token) =>
                tokenState(token, now) === 'revoked' ? null : (
                  <Button type="link" danger size="small" onClick={() => confirmRevoke(token)} data-testid={`token-revoke-${token.id}`}>
                    {t('tokens.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      )}
      <CreateTokenModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
          void queryClient.invalidateQueries({ queryKey: tokensKey });
        }}
      />
      <TokenRevealModal token={created} onClose={() => setCreated(null)} />
    </Card>
  );
};
