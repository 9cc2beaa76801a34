/**
 * The skeleton both intake pages share (客户投诉记录单 SVC-1 and 客服问题记录 SVC-10): one column with
 * big touch targets, a filed archive (picked, or preset by `?customerId=`) or the name of someone not
 * yet filed, the page's own fields, the contact pair (a phone required for someone not yet filed),
 * field errors from the server, and submit → message → the new record's page.
 */
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Segmented, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { CustomerPicker } from '../customers/customer-picker.js';

export type Filed = 'filed' | 'unfiled';
type Base = { customerId?: string | undefined; customerName?: string | undefined; contactName?: string | undefined; contactPhone?: string | undefined };

export function IntakeForm<V extends Base, R>({
  ns, testPrefix, title, fields, initialValues, submit, invalidate, done, children,
}: {
  /** The i18n namespace with `customer`, `unfiled`, `linkHint`, `contactName`, `contactPhone`, `submit`. */
  ns: 'complaints' | 'serviceRequests';
  /** Test ids: `${testPrefix}-intake-form`, `-customer`, `-customer-name`, `-unfiled`, `-contact-phone`, `-submit`. */
  testPrefix: 'complaint' | 'service';
  title: string;
  /** Body fields the server may name in its errors (shown on their inputs). */
  fields: readonly string[];
  initialValues: Partial<V>;
  /** The create call: the filed customer or the unfiled name is already chosen in `v` (the other one dropped). */
  submit: (v: V) => Promise<R>;
  invalidate: QueryKey;
  /** The success message and where to go. */
  done: (r: R) => { message: string; to: string };
  /** The page's own fields after the customer (with `<ContactFields>` where the page wants the contact). */
  children: (form: FormInstance<V>, filed: Filed) => ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<V>();
  const [filed, setFiled] = useState<Filed>('filed');
  const errors = useFormErrors(form, fields, `${testPrefix}-intake-error`);
  const create = useMutation({
    mutationFn: (v: V) => {
      const { customerId, customerName, contactName, contactPhone, ...rest } = v;
      return submit({
        ...rest,
        ...(filed === 'filed' ? { customerId } : { customerName }),
        ...(contactName ? { contactName } : {}),
        ...(contactPhone ? { contactPhone } : {}),
      } as V);
    },
    onSuccess: async (r) => {
      const d = done(r);
      void message.success(d.message);
      await queryClient.invalidateQueries({ queryKey: invalidate });
      void navigate(d.to);
    },
    onError: errors.onError,
  });
  const preset = params.get('customerId');
  return (
    <>
      <PageHeader title={title} />
      <Card size="small" style={{ maxWidth: 720 }}>
        {errors.alert}
        <Form<V>
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate(v)}
          initialValues={{ ...initialValues, ...(preset ? { customerId: preset } : {}) }}
          data-testid={`${testPrefix}-intake-form`}
        >
          <Form.Item>
            <Segmented block value={filed} onChange={setFiled} options={[{ value: 'filed', label: t(`${ns}.customer`) }, { value: 'unfiled', label: <span data-testid={`${testPrefix}-unfiled`}>{t(`${ns}.unfiled`)}</span> }]} />
          </Form.Item>
          {filed === 'filed' ? (
            <Form.Item name="customerId" label={t(`${ns}.customer`)} rules={[{ required: true }]}>
              <CustomerPicker placeholder={t(`${ns}.linkHint`)} testId={`${testPrefix}-customer`} />
            </Form.Item>
          ) : (
            <Form.Item name="customerName" label={t(`${ns}.customer`)} rules={[{ required: true, whitespace: true }]}>
              <Input size="large" maxLength={200} data-testid={`${testPrefix}-customer-name`} />
            </Form.Item>
          )}
          {children(form, filed)}
          <Button type="primary" htmlType="submit" block size="large" loading={create.isPending} data-testid={`${testPrefix}-submit`}>{t(`${ns}.submit`)}</Button>
        </Form>
      </Card>
    </>
  );
}

/** The customer's contact: a name and a phone (the phone required for someone not yet filed). */
export const ContactFields = ({ ns, testPrefix, filed }: { ns: 'complaints' | 'serviceRequests'; testPrefix: 'complaint' | 'service'; filed: Filed }) => {
  const { t } = useTranslation();
  return (
    <Flex gap={12} wrap>
      <Form.Item name="contactName" label={t(`${ns}.contactName`)} style={{ flex: '1 1 160px' }}>
        <Input size="large" maxLength={100} />
      </Form.Item>
      <Form.Item name="contactPhone" label={t(`${ns}.contactPhone`)} style={{ flex: '1 1 160px' }} rules={filed === 'unfiled' ? [{ required: true }] : []}>
        <Input size="large" inputMode="tel" maxLength={40} data-testid={`${testPrefix}-contact-phone`} />
      </Form.Item>
    </Flex>
  );
};
