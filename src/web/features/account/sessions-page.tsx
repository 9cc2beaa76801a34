/** Own sessions and personal access tokens. */
import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/page-header.js';
import { SessionsCard } from './sessions-card.js';
import { TokensCard } from './tokens-card.js';

export const SessionsPage = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.sessions')} />
      <Flex vertical gap={16}>
        <SessionsCard />
        <TokensCard />
      </Flex>
    </>
  );
};
