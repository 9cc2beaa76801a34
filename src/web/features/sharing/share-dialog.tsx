/** 共享给: the archive's shares with colleagues, added and ended by the owner, their department manager or cs_manager (SEC-2). */
import { ShareAltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, List, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { ProblemAlert } from '../../ui/form-errors.js';
import { formatDateTime } from '../../ui/format.js';
import { UserField } from '../archive-security/user-field.js';
import { useCurrentUser } from '../auth/current-user.js';

const sharesKey = (id: string) => ['customers', 'one', id, 'shares'] as const;

/** Whether the signed-in user may share this archive (the server decides again). */
export const useMayShare = (customer: Customer): boolean => {
  const me = useCurrentUser();
  return customer.ownerId === me.id || me.roles.includes('cs_manager') || customer.accessVia === 'department_manager';
};

const ShareDialog = ({ customer, open, onClose }: { customer: Customer; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | undefined>();
  const shares = useQuery({ queryKey: sharesKey(customer.id), queryFn: () => call('listCustomerShares', { params: { id: customer.id } }), enabled: open });
  const add = useMutation({
    mutationFn: (id: string) => call('createCustomerShare', { params: { id: customer.id }, body: { userId: id } }),
    onSuccess: async (s) => {
      void message.success(t('sharing.added', { name: s.displayName }));
      setUserId(undefined);
      await queryClient.invalidateQueries({ queryKey: sharesKey(customer.id) });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => call('deleteCustomerShare', { params: { id: customer.id, userId: id } }),
    onSuccess: async () => {
      void message.success(t('sharing.removed'));
      await queryClient.invalidateQueries({ queryKey: sharesKey(customer.id) });
    },
  });
  return (
    <Modal open={open} title={t('sharing.shareTitle')} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('sharing.shareDescription')}</Typography.Paragraph>
      {add.isError ? <ProblemAlert error={add.error} /> : null}
      {remove.isError ? <ProblemAlert error={remove.error} /> : null}
      <Flex gap={8} style={{ marginBottom: 16 }}>
        <div style={{ flex: 1, minWidth: 0 }} data-testid="share-user">
          <UserField value={userId} onChange={setUserId} />
        </div>
        <Button type="primary" disabled={!userId} loading={add.isPending} onClick={() => userId && add.mutate(userId)} data-testid="share-add">
          {t('sharing.add')}
        </Button>
      </Flex>
      <List
        loading={shares.isLoading}
        locale={{ emptyText: t('sharing.none') }}
        dataSource={shares.data?.items ?? []}
        data-testid="share-list"
        renderItem={(s) => (
          <List.Item
            data-testid={`share-${s.userId}`}
            actions={[
              <Popconfirm key="remove" title={t('sharing.removeConfirm', { name: s.displayName })} onConfirm={() => remove.mutateAsync(s.userId).catch(() => undefined)}>
                <Button size="small" danger data-testid={`share-remove-${s.userId}`}>
                  {t('sharing.remove')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={`${s.displayName}${s.departmentName ? ` · ${s.departmentName}` : ''}`}
              description={`${t('sharing.sharedAt')} ${formatDateTime(s.sharedAt)}${s.sharedBy ? ` · ${t('sharing.sharedBy')} ${s.sharedBy}` : ''}`}
            />
          </List.Item>
        )}
      />
    </Modal>
  );
};

export const ShareButton = ({ customer }: { customer: Customer }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!useMayShare(customer)) return null;
  return (
    <>
      <Button icon={<ShareAltOutlined />} onClick={() => setOpen(true)} data-testid="customer-share">
        {t('sharing.shareButton')}
      </Button>
      <ShareDialog customer={customer} open={open} onClose={() => setOpen(false)} />
    </>
  );
};
