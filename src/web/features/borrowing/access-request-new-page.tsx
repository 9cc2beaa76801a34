/**
 * /access-requests/new[?customerId=…]: a request for an archive the user cannot see at all (e.g. one
 * named in a complaint). Nothing about the archive is shown before approval: only its id is known.
 */
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../ui/page-header.js';
import { AccessRequestForm } from './access-request-form.js';

export const AccessRequestNewPage = () => {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const given = params.get('customerId');
  const customerId = given && /^\d{1,18}$/.test(given) ? given : undefined;
  return (
    <>
      <PageHeader title={t('security.borrow.newTitle')} description={t('security.borrow.newDescription')} />
      <Card style={{ maxWidth: 720 }}>
        <AccessRequestForm target={customerId ? { id: customerId } : null} askForId />
      </Card>
    </>
  );
};
