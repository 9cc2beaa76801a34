/** 联系人 (ARC-3): the customer's contacts, add / edit (PATCH with version), link to each 客户关系卡. */
import { EyeInvisibleOutlined, EyeOutlined, IdcardOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { contactRoles, type Contact as ContactBase, type createContactBody } from '../../../contract/customers.js';
import type { RouteBody } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { useFormValuesOnOpen } from '../../ui/use-form-values-on-open.js';
import { customersKey } from './use-customers.js';

/** The contract's contact schema is built from entries, so its optional fields are spelled out here. */
export type Contact = ContactBase & Partial<z.infer<typeof createContactBody>>;

export const contactsKey = (customerId: string) => [...customersKey, 'contacts', customerId] as const;
export const useContacts = (customerId: string) =>
  useQuery({ queryKey: contactsKey(customerId), queryFn: async () => (await call('listContacts', { params: { id: customerId } })).items as Contact[] });

/**
 * The tab's list with `canReveal`; revealed only on request (SEC-4, SEC-12). Each reveal is an audit
 * event on the server, so a revealed list is not refetched behind the user's back.
 */
const useContactList = (customerId: string, reveal: boolean) =>
  useQuery({
    queryKey: [...contactsKey(customerId), reveal ? 'revealed' : 'masked'],
    queryFn: async () => {
      const r = await call('listContacts', { params: { id: customerId }, query: reveal ? { reveal: 'true' } : {} });
      return { items: r.items as Contact[], canReveal: r.canReveal };
    },
    ...(reveal ? { staleTime: Infinity, refetchOnWindowFocus: false } : {}),
  });

/** Masked (`138****5678`) or left out: the personal fields cannot be edited from what is shown. */
const personalHidden = (c: Contact | undefined): boolean => !!c && ((c.withheld ?? []).includes('personal') || (c.mobile ?? '').includes('*'));
const personalFields: readonly string[] = ['mobile', 'birthDate', 'hobbies', 'family'];

const textFields = ['name', 'position', 'department', 'mobile', 'directPhone', 'email', 'qq', 'wechat', 'education', 'hobbies', 'family', 'notes'] as const;
const formFields = ['role', ...textFields, 'birthDate'] as const;
type ContactForm = Record<(typeof textFields)[number], string | undefined> & { role: Contact['role']; birthDate: Dayjs | undefined };
type ContactDialog = { kind: 'create' } | { kind: 'edit'; contact: Contact };

const toValues = (c: Contact | undefined): ContactForm => ({
  ...(Object.fromEntries(textFields.map((f) => [f, (c?.[f] as string | null | undefined) ?? undefined])) as Record<(typeof textFields)[number], string | undefined>),
  role: c?.role ?? 'primary',
  birthDate: c?.birthDate ? dayjs(c.birthDate) : undefined,
});
const toBody = (v: ContactForm): Record<string, unknown> => ({
  role: v.role,
  ...Object.fromEntries(textFields.map((f) => [f, v[f]?.trim() ? v[f]!.trim() : null])),
  birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : null,
});

const ContactModal = ({ customerId, dialog: requested, onClose }: { customerId: string; dialog: ContactDialog | null; onClose: () => void }) => {
  const last = useRef(requested);
  if (requested) last.current = requested;
  const dialog = last.current;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ContactForm>();
  const formErrors = useFormErrors(form, formFields, 'contact-form-error');
  const initial = toValues(dialog?.kind === 'edit' ? dialog.contact : undefined);
  useFormValuesOnOpen(form, requested !== null, initial);

  const mutation = useMutation({
    mutationFn: async (v: ContactForm) => {
      const body = toBody(v);
      if (dialog?.kind !== 'edit') {
        const create = Object.fromEntries(Object.entries(body).filter(([, x]) => x !== null));
        return call('createContact', { params: { id: customerId }, body: create as RouteBody<'createContact'> });
      }
      const before = toBody(toValues(dialog.contact));
      const changes = Object.fromEntries(Object.entries(body).filter(([k, x]) => x !== before[k]));
      return call('updateContact', { params: { id: customerId, contactId: dialog.contact.id }, body: { version: dialog.contact.version, ...changes } });
    },
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t(dialog?.kind === 'edit' ? 'customers.contacts.updated' : 'customers.contacts.created'));
      await queryClient.invalidateQueries({ queryKey: customersKey });
      onClose();
    },
    onError: formErrors.onError,
  });

  const c = (key: string) => `customers.contacts.${key}` as const;
  const locked = dialog?.kind === 'edit' && personalHidden(dialog.contact);
  const lockedHint = (f: string) => (locked && personalFields.includes(f) ? t('security.reveal.editMasked') : undefined);
  const item = (f: (typeof textFields)[number], wide = false, rules: object[] = []) => (
    <Col xs={24} sm={wide ? 24 : 12} key={f}>
      <Form.Item name={f} label={t(c(f) as never)} rules={locked && personalFields.includes(f) ? [] : rules} extra={lockedHint(f)}>
        {wide ? (
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} disabled={locked && personalFields.includes(f)} />
        ) : (
          <Input maxLength={100} data-testid={`contact-${f}`} disabled={locked && personalFields.includes(f)} />
        )}
      </Form.Item>
    </Col>
  );
  return (
    <Modal
      open={requested !== null}
      title={dialog?.kind === 'edit' ? t('customers.contacts.editTitle', { name: dialog.contact.name }) : t('customers.contacts.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      okButtonProps={testId('contact-form-submit')}
      destroyOnHidden
      width={640}
    >
      {formErrors.alert}
      <Form<ContactForm> form={form} preserve={false} layout="vertical" initialValues={initial} onFinish={(v) => mutation.mutate(v)}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="role" label={t('customers.contacts.role')} rules={[{ required: true }]}>
              <Select options={contactRoles.map((r) => ({ value: r, label: t(`customers.contacts.roles.${r}`) }))} data-testid="contact-role" />
            </Form.Item>
          </Col>
          {item('name', false, [{ required: true, whitespace: true, message: t('customers.contacts.nameRequired') }])}
          {item('position')}
          {item('department')}
          {item('mobile', false, [{ pattern: /^1\d{10}$/, message: t('customers.validation.mobile') }])}
          {item('directPhone', false, [{ pattern: /^[0-9+()\- ]*$/, message: t('customers.validation.phone') }])}
          {item('email', false, [{ type: 'email', message: t('customers.validation.email') }])}
          {item('qq', false, [{ pattern: /^\d{5,12}$/, message: t('customers.validation.qq') }])}
          {item('wechat')}
          <Col xs={24} sm={12}>
            <Form.Item name="birthDate" label={t('customers.contacts.birthDate')} extra={lockedHint('birthDate')}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabled={locked} />
            </Form.Item>
          </Col>
          {item('education', true)}
          {item('hobbies', true)}
          {item('family', true)}
          {item('notes', true)}
        </Row>
      </Form>
    </Modal>
  );
};

/** `readOnly`: read under a borrowing grant, which opens no edits (SEC-6). */
export const ContactsTab = ({ customerId, readOnly = false }: { customerId: string; readOnly?: boolean }) => {
  const { t } = useTranslation();
  const [reveal, setReveal] = useState(false);
  const contacts = useContactList(customerId, reveal);
  const [dialog, setDialog] = useState<ContactDialog | null>(null);
  if (contacts.isError) return <LoadError error={contacts.error} onRetry={() => void contacts.refetch()} />;
  const items = contacts.data?.items ?? [];
  const canReveal = contacts.data?.canReveal ?? false;
  const hidden = items.some(personalHidden);
  return (
    <>
      {!canReveal && hidden ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('security.reveal.personalWithheld')} data-testid="contacts-personal-withheld" /> : null}
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        {canReveal ? (
          <Tooltip title={t('security.reveal.hint')}>
            <Button
              icon={reveal ? <EyeInvisibleOutlined /> : <EyeOutlined />}
              onClick={() => setReveal(!reveal)}
              loading={contacts.isFetching && reveal}
              data-testid="contacts-reveal"
            >
              {t(reveal ? 'security.reveal.hide' : 'security.reveal.reveal')}
            </Button>
          </Tooltip>
        ) : (
          <span />
        )}
        {readOnly ? null : (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="contact-create">
            {t('customers.contacts.add')}
          </Button>
        )}
      </Flex>
      {items.length === 0 && !contacts.isLoading ? <Empty description={t('customers.contacts.empty')} /> : null}
      <Row gutter={[16, 16]}>
        {items.map((ct) => (
          <Col xs={24} lg={12} key={ct.id}>
            <Card
              size="small"
              data-testid={`contact-${ct.name}`}
              title={
                <Space wrap size={4}>
                  <Typography.Text strong>{ct.name}</Typography.Text>
                  <Tag color="blue">{t(`customers.contacts.roles.${ct.role}`)}</Tag>
                </Space>
              }
              extra={
                <Space size={0}>
                  {readOnly ? null : (
                    <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', contact: ct })}>
                      {t('customers.contacts.edit')}
                    </Button>
                  )}
                  <Link to={`/customers/${customerId}/contacts/${ct.id}/card`}>
                    <Button type="link" size="small" icon={<IdcardOutlined />} data-testid={`contact-card-${ct.name}`}>
                      {t('customers.contacts.card')}
                    </Button>
                  </Link>
                </Space>
              }
            >
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                items={(['position', 'department', 'mobile', 'directPhone', 'email', 'wechat', 'birthDate', 'hobbies', 'education', 'family', 'notes'] as const)
                  .filter((f) => ct[f])
                  .map((f) => ({ key: f, label: t(`customers.contacts.${f}`), children: String(ct[f]) }))}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <ContactModal customerId={customerId} dialog={dialog} onClose={() => setDialog(null)} />
    </>
  );
};
