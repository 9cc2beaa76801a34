/** The 申请查阅 dialog and the button that opens it, for every place an archive (or part of it) is withheld. */
import { FileSearchOutlined } from '@ant-design/icons';
import { Button, Modal, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldGroup } from '../../../contract/access.js';
import { AccessRequestForm, type AccessTarget } from './access-request-form.js';

export const AccessRequestDialog = ({ target, initialGroups, open, onClose }: { target: AccessTarget; initialGroups?: FieldGroup[]; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={target.name ? t('security.borrow.dialogTitle', { name: target.name }) : t('security.borrow.dialogTitleUnknown')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={600}
    >
      <AccessRequestForm target={target} {...(initialGroups ? { initialGroups } : {})} onCancel={onClose} />
    </Modal>
  );
};

export const RequestAccessButton = ({ archive, initialGroups, ...button }: { archive: AccessTarget; initialGroups?: FieldGroup[] } & Omit<ButtonProps, 'onClick' | 'target'>) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<FileSearchOutlined />} data-testid="request-access" {...button} onClick={() => setOpen(true)}>
        {button.children ?? t('security.borrow.request')}
      </Button>
      <AccessRequestDialog target={archive} {...(initialGroups ? { initialGroups } : {})} open={open} onClose={() => setOpen(false)} />
    </>
  );
};
