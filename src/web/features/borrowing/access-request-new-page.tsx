/**
 * /access-requests/new: a request for an archive the user cannot see at all (e.g. one named in a
 * complaint), by its archive number — the one way the server accepts to ask for an unseen archive
 * (SEC-6). Nothing about the archive is shown before approval.
 */
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/page-header.js';
import { AccessRequestForm } from './access-request-form.js';

export const AccessRequestNewPage = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('security.borrow.newTitle')} description={t('security.borrow.newDescription')} />
      <Card style={{ maxWidth: 720 }}>
        <AccessRequestForm target={null} askForId />
      </Card>
    </>
  );
};
