/** 客户关系卡 (seed 000 客户关系维护 §二): name, employer, position, address, phone / mobile / email, as a printable card. */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex, Spin, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Customer } from '../../../contract/customers.js';
import { LoadError } from '../../ui/results.js';
import { CallButton } from './call-button.js';
import { useContacts, type Contact } from './contacts-tab.js';
import { useCustomer } from './use-customers.js';

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <Flex style={{ borderBottom: '1px solid #e8e8e8', padding: '8px 0' }} gap={12}>
    <Typography.Text type="secondary" style={{ flex: '0 0 72px' }}>
      {label}
    </Typography.Text>
    <Typography.Text style={{ flex: 1, minWidth: 0, wordBreak: 'break-all' }}>{children}</Typography.Text>
  </Flex>
);

export const ContactCard = ({ customer, contact }: { customer: Customer; contact: Contact }) => {
  const { t } = useTranslation();
  const important = customer.importance === 'important' || customer.importance === 'very_important' || customer.category === 'vip';
  const phoneText = [contact.directPhone, customer.phone].filter(Boolean).join(' / ');
  return (
    <div
      data-testid="contact-card"
      style={{
        maxWidth: 480,
        margin: '0 auto',
        background: '#fff',
        border: '2px solid #1f1f1f',
        borderRadius: 6,
        padding: '16px 20px',
        boxShadow: '0 2px 8px rgba(0,0,0,0.08)',
      }}
    >
      <Flex justify="space-between" align="center" style={{ borderBottom: '2px solid #1f1f1f', paddingBottom: 8, marginBottom: 4 }}>
        <Typography.Title level={5} style={{ margin: 0, letterSpacing: 4 }}>
          {t('customers.card.title')}
        </Typography.Title>
        <Flex gap={4} align="center">
          {important ? <Tag color="red">{t('customers.card.important')}</Tag> : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {customer.archiveNo}
          </Typography.Text>
        </Flex>
      </Flex>
      <Row label={t('customers.contacts.name')}>
        <Typography.Text strong style={{ fontSize: 18 }} data-testid="contact-card-name">
          {contact.name}
        </Typography.Text>{' '}
        <Tag>{t(`customers.contacts.roles.${contact.role}`)}</Tag>
      </Row>
      <Row label={t('customers.card.employer')}>{customer.name}</Row>
      <Row label={t('customers.contacts.position')}>{[contact.department, contact.position].filter(Boolean).join(' · ') || '—'}</Row>
      <Row label={t('customers.card.address')}>
        {customer.address ?? '—'}
        {customer.postalCode ? `（${customer.postalCode}）` : ''}
      </Row>
      <Row label={t('customers.contacts.mobile')}>{contact.mobile ?? '—'}</Row>
      <Row label={t('customers.fields.phone')}>{phoneText || '—'}</Row>
      <Row label={t('customers.contacts.email')}>{contact.email ?? '—'}</Row>
      {contact.wechat ? <Row label={t('customers.contacts.wechat')}>{contact.wechat}</Row> : null}
    </div>
  );
};

export const ContactCardPage = () => {
  const { t } = useTranslation();
  const { id = '', contactId = '' } = useParams();
  const customer = useCustomer(id);
  const contacts = useContacts(id);
  const error = customer.error ?? contacts.error;
  if (error) return <LoadError error={error} />;
  if (!customer.data || !contacts.data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const contact = contacts.data.find((c) => c.id === contactId);
  if (!contact) return <LoadError error={new Error(t('errors.not_found'))} />;
  return (
    <>
      <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 16 }}>
        <Link to={`/customers/${id}?tab=contacts`}>
          <Button icon={<ArrowLeftOutlined />}>{t('customers.card.back')}</Button>
        </Link>
        <Flex gap={8}>
          <CallButton customer={customer.data} contact={contact} testId="contact-card-call" />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('customers.card.print')}
          </Button>
        </Flex>
      </Flex>
      <ContactCard customer={customer.data} contact={contact} />
    </>
  );
};
