/** The archive page's 更多操作 menu: protected changes (SEC-8) and, for the bin's keepers, destruction (SEC-9). */
import { DeleteOutlined, DownOutlined, FireOutlined, SwapOutlined, UnlockOutlined } from '@ant-design/icons';
import { Button, Dropdown, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../contract/customers.js';
import { useHasPermission } from '../auth/current-user.js';
import { ProtectedChangeDialog, type ProtectedKind } from './protected-change-dialog.js';

export const ArchiveActions = ({ customer }: { customer: Customer }) => {
  const { t } = useTranslation();
  const keepsBin = useHasPermission('recycle.manage');
  const [kind, setKind] = useState<ProtectedKind | null>(null);
  const live = customer.lifecycle === 'active' || customer.lifecycle === 'dormant';
  const keyCustomer = customer.tier === 'key' || customer.tier === 'big';
  const items: MenuProps['items'] = [
    ...(live ? [{ key: 'delete', icon: <DeleteOutlined />, danger: true, label: <span data-testid="archive-action-delete">{t('security.protected.delete')}</span> }] : []),
    ...(live && customer.secrecyLevel !== 'none' ? [{ key: 'lower_secrecy', icon: <UnlockOutlined />, label: <span data-testid="archive-action-lower_secrecy">{t('security.protected.lowerSecrecy')}</span> }] : []),
    ...(live && keyCustomer ? [{ key: 'transfer_owner', icon: <SwapOutlined />, label: <span data-testid="archive-action-transfer_owner">{t('security.protected.transferOwner')}</span> }] : []),
    ...(keepsBin && (customer.lifecycle === 'dormant' || customer.lifecycle === 'deleted')
      ? [{ key: 'destroy', icon: <FireOutlined />, danger: true, label: <span data-testid="archive-action-destroy">{t('security.protected.destroy')}</span> }]
      : []),
  ];
  if (items.length === 0) return null;
  return (
    <>
      <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => setKind(key as ProtectedKind) }}>
        <Button data-testid="archive-actions">
          {t('security.protected.more')} <DownOutlined style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
      <ProtectedChangeDialog target={customer} kind={kind} onClose={() => setKind(null)} />
    </>
  );
};
