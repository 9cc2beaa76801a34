/** 重要客户关系卡 (ARC-3): the relationship cards of important customers on their own page, printable. */
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { ContactCard } from './contact-card.js';

// printed: only the cards, two to an A4 page side by side where they fit, never split
const printCss = `@media print {
  .ant-layout-sider, .ant-layout-header, [data-testid="page-header"], [data-testid="cards-toolbar"], nav { display: none !important; }
  [data-testid="contact-card"] { break-inside: avoid; box-shadow: none !important; margin: 0 0 8mm !important; }
}`;

export const RelationshipCardsPage = () => {
  const { t } = useTranslation();
  const list = useCursorList(['relationship-cards'], (page) => call('listRelationshipCards', { query: { limit: 50, ...page } }));
  const items = list.items as Awaited<ReturnType<typeof call<'listRelationshipCards'>>>['items'];
  const cards = items.flatMap((i) => i.contacts.map((c) => ({ customer: i.customer, contact: c })));
  const withheld = items.filter((i) => i.customer.withheld.includes('contacts'));
  return (
    <>
      <style>{printCss}</style>
      <PageHeader title={t('customers.cards.title')} description={t('customers.cards.description')} />
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 16 }} data-testid="cards-toolbar">
        <Typography.Text type="secondary">{t('customers.cards.count', { customers: items.length, cards: cards.length })}</Typography.Text>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="cards-print">{t('customers.card.print')}</Button>
      </Flex>
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Spin style={{ display: 'block', margin: '64px auto' }} />
      ) : cards.length === 0 ? (
        <Empty description={t('customers.cards.empty')} />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 360px), 1fr))', gap: 16 }} data-testid="relationship-cards">
          {cards.map(({ customer, contact }) => (
            <ContactCard key={contact.id} customer={customer} contact={contact} />
          ))}
        </div>
      )}
      {withheld.length ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }} data-testid="cards-withheld">
          {t('customers.cards.withheld')}{' '}
          {withheld.map((i, n) => (
            <span key={i.customer.id}>{n ? '、' : ''}<Link to={`/customers/${i.customer.id}`}>{i.customer.name}</Link></span>
          ))}
        </Typography.Paragraph>
      ) : null}
      {list.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 16 }} data-testid="cards-toolbar">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('security.list.loadMore')}</Button>
        </Flex>
      ) : null}
    </>
  );
};
