/**
 * 拨打电话 (issue 17 item 2, SEC-4, SEC-12): never dials a masked number. A masked mobile is
 * dialled only by someone who may reveal it, and only after revealing it through the contacts
 * API (`reveal=true`, audited as `personal.revealed` like the reveal button). Otherwise the
 * button dials an unmasked line (direct line, company phone), saying which, or is not shown.
 */
import { PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Tooltip } from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { errorLine } from '../../ui/problem.js';
import { contactsKey, type Contact } from './contacts-tab.js';

const digits = (n: string | null | undefined): string | null => n?.replace(/[^0-9+]/g, '') || null;
export const isMasked = (n: string | null | undefined): boolean => !!n && n.includes('*');

/** What the button may dial without revealing anything: the mobile when it is shown in full, then the direct line, then the company phone. */
export const plainNumber = (customer: Pick<Customer, 'phone'>, contact: Pick<Contact, 'mobile' | 'directPhone'> | undefined): string | null => {
  const mobile = contact?.mobile;
  if (mobile && !isMasked(mobile)) return mobile;
  return contact?.directPhone ?? customer.phone ?? null;
};

/** Whether the reader may reveal contacts' personal information on this archive (the masked list's `canReveal`). */
export const useCanReveal = (customerId: string) =>
  useQuery({
    queryKey: [...contactsKey(customerId), 'masked'],
    queryFn: async () => {
      const r = await call('listContacts', { params: { id: customerId } });
      return { items: r.items as Contact[], canReveal: r.canReveal };
    },
    select: (r) => r.canReveal,
  });

export const CallButton = ({ customer, contact, style, testId, type }: { customer: Customer; contact: Contact | undefined; style?: CSSProperties; testId?: string; type?: 'primary' }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canReveal = useCanReveal(customer.id).data ?? false;
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const shown = contact ? revealed[contact.id] : undefined;

  if (shown) {
    return (
      <Button type={type} icon={<PhoneOutlined />} href={`tel:${digits(shown)}`} style={style} data-testid={testId}>
        {t('newui.call.number', { number: shown })}
      </Button>
    );
  }
  if (contact && isMasked(contact.mobile) && canReveal) {
    const reveal = async () => {
      setBusy(true);
      try {
        const r = await call('listContacts', { params: { id: customer.id }, query: { reveal: 'true' } });
        const mobile = (r.items as Contact[]).find((c) => c.id === contact.id)?.mobile;
        if (!mobile || isMasked(mobile)) return;
        setRevealed((m) => ({ ...m, [contact.id]: mobile }));
        window.location.href = `tel:${digits(mobile)}`;
      } catch (e) {
        void message.error(errorLine(e, t));
      } finally {
        setBusy(false);
      }
    };
    return (
      <Tooltip title={t('newui.call.revealHint')}>
        <Button type={type} icon={<PhoneOutlined />} onClick={() => void reveal()} loading={busy} style={style} data-testid={testId} data-reveal="true">
          {t('newui.call.reveal')}
        </Button>
      </Tooltip>
    );
  }
  const plain = plainNumber(customer, contact);
  const tel = digits(plain);
  if (!plain || !tel || isMasked(plain)) return null;
  const isMobile = contact?.mobile === plain;
  return (
    <Button type={type} icon={<PhoneOutlined />} href={`tel:${tel}`} style={style} data-testid={testId}>
      {isMobile ? t('customers.card.call') : t('newui.call.number', { number: plain })}
    </Button>
  );
};
