/** /m/lookup: the field lookup for a phone — one big search box, result cards, then the contact card with call and visit buttons. */
import { EnvironmentOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Input, List, Segmented, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../../api.js';
import { LoadError } from '../../ui/results.js';
import { CallButton } from './call-button.js';
import { ContactCard } from './contact-card.js';
import { useContacts } from './contacts-tab.js';
import { enumLabel } from './customer-fields.js';
import { FeedbackModal } from './feedback-tab.js';
import { customersKey, useCustomer } from './use-customers.js';

const bigButton = { height: 56, fontSize: 18, flex: 1 } as const;

const CustomerCardView = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const customer = useCustomer(customerId);
  const contacts = useContacts(customerId);
  const [contactId, setContactId] = useState<string | undefined>();
  const [visiting, setVisiting] = useState(false);
  const error = customer.error ?? contacts.error;
  if (error) return <LoadError error={error} />;
  if (!customer.data || !contacts.data) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  const c = customer.data;
  const contact = contacts.data.find((x) => x.id === contactId) ?? contacts.data[0];
  return (
    <>
      {contacts.data.length > 1 ? (
        <div style={{ overflowX: 'auto', marginBottom: 12 }}>
          <Segmented
            value={contact?.id}
            onChange={(v) => setContactId(String(v))}
            options={contacts.data.map((x) => ({ value: x.id, label: x.name }))}
            aria-label={t('customers.lookup.chooseContact')}
          />
        </div>
      ) : null}
      {contact ? (
        <ContactCard customer={c} contact={contact} />
      ) : (
        <Card>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {c.name}
          </Typography.Title>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            <PhoneOutlined /> {c.phone ?? '—'}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            <EnvironmentOutlined /> {c.address ?? '—'}
          </Typography.Paragraph>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.lookup.noContacts')} />
        </Card>
      )}
      <Flex gap={12} style={{ marginTop: 16 }}>
        <CallButton type="primary" customer={c} contact={contact} style={bigButton} testId="lookup-call" />
        <Button icon={<EnvironmentOutlined />} onClick={() => setVisiting(true)} style={bigButton} data-testid="lookup-visit">
          {t('customers.card.visit')}
        </Button>
      </Flex>
      <Flex justify="center" style={{ marginTop: 12 }}>
        <Link to={`/customers/${c.id}`}>{t('customers.lookup.openArchive')}</Link>
      </Flex>
      <FeedbackModal customerId={c.id} open={visiting} onClose={() => setVisiting(false)} visit />
    </>
  );
};

export const LookupPage = () => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debounced, setDebounced] = useState(q.trim());
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 300);
    return () => clearTimeout(timer);
  }, [q]);
  const found = useQuery({
    queryKey: [...customersKey, 'lookup', debounced],
    queryFn: () => call('listCustomers', { query: { q: debounced, limit: 20 } }),
    enabled: debounced.length > 0 && !selected,
  });

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('customers.lookup.title')}
      </Typography.Title>
      {selected ? (
        <>
          <Button type="link" style={{ paddingInline: 0, marginBottom: 8 }} onClick={() => setParams(q ? { q } : {})}>
            ← {t('common.search')}
          </Button>
          <CustomerCardView customerId={selected} />
        </>
      ) : (
        <>
          <Input
            size="large"
            allowClear
            autoFocus
            prefix={<SearchOutlined />}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('customers.lookup.placeholder')}
            style={{ height: 52, fontSize: 18, marginBottom: 12 }}
            data-testid="lookup-search"
          />
          {found.isError ? (
            <LoadError error={found.error} onRetry={() => void found.refetch()} />
          ) : debounced ? (
            <List
              loading={found.isFetching}
              dataSource={found.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('customers.empty')} /> }}
              renderItem={(c) => (
                <Card
                  hoverable
                  size="small"
                  style={{ marginBottom: 8 }}
                  onClick={() => setParams({ q: debounced, c: c.id })}
                  data-testid={`lookup-result-${c.archiveNo}`}
                >
                  <Typography.Text strong style={{ fontSize: 16, display: 'block', wordBreak: 'break-all' }}>
                    {c.name}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {c.archiveNo} · {enumLabel(t, 'customerType', c.customerType)}
                    {c.phone ? ` · ${c.phone}` : ''}
                  </Typography.Text>
                  {c.address ? (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {c.address}
                    </Typography.Text>
                  ) : null}
                </Card>
              )}
            />
          ) : (
            <Typography.Text type="secondary">{t('customers.lookup.hint')}</Typography.Text>
          )}
        </>
      )}
    </div>
  );
};
