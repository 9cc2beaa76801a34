/** /service-requests/new — 客服问题记录: one column, big touch targets, usable on a phone. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Radio, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { complaintChannels } from '../../../contract/complaints.js';
import { serviceCategories, serviceUrgencies, type CreateServiceRequestInput } from '../../../contract/service-requests.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { CustomerPicker } from '../complaints/customer-picker.js';
import { serviceRequestsKey } from './service-request-ui.js';

type Values = CreateServiceRequestInput;
const fields = ['customerId', 'customerName', 'channel', 'category', 'urgency', 'subject', 'description', 'contactName', 'contactPhone', 'receivedAt'] as const;

export const ServiceRequestIntakePage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [filed, setFiled] = useState<'filed' | 'unfiled'>('filed');
  const errors = useFormErrors(form, fields, 'service-intake-error');
  const create = useMutation({
    mutationFn: (v: Values) => {
      const body: CreateServiceRequestInput = {
        channel: v.channel, category: v.category, urgency: v.urgency, subject: v.subject, description: v.description,
        ...(filed === 'filed' ? { customerId: v.customerId } : { customerName: v.customerName }),
        ...(v.contactName ? { contactName: v.contactName } : {}),
        ...(v.contactPhone ? { contactPhone: v.contactPhone } : {}),
      };
      return call('createServiceRequest', { body });
    },
    onSuccess: async (r) => {
      void message.success(t('serviceRequests.created', { no: r.requestNo }));
      await queryClient.invalidateQueries({ queryKey: serviceRequestsKey });
      void navigate(`/service-requests/${r.id}`);
    },
    onError: errors.onError,
  });
  const big = { size: 'large' as const };
  return (
    <>
      <PageHeader title={t('serviceRequests.newRequest')} />
      <Card size="small" style={{ maxWidth: 720 }}>
        {errors.alert}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate(v)}
          initialValues={{ channel: 'phone', category: 'question', urgency: 'normal', ...(params.get('customerId') ? { customerId: params.get('customerId')! } : {}) }}
          data-testid="service-intake-form"
        >
          <Form.Item>
            <Segmented block value={filed} onChange={setFiled} options={[{ value: 'filed', label: t('serviceRequests.customer') }, { value: 'unfiled', label: <span data-testid="service-unfiled">{t('serviceRequests.unfiled')}</span> }]} />
          </Form.Item>
          {filed === 'filed' ? (
            <Form.Item name="customerId" label={t('serviceRequests.customer')} rules={[{ required: true }]}>
              <CustomerPicker placeholder={t('serviceRequests.linkHint')} testId="service-customer" />
            </Form.Item>
          ) : (
            <Form.Item name="customerName" label={t('serviceRequests.customer')} rules={[{ required: true, whitespace: true }]}>
              <Input {...big} maxLength={200} data-testid="service-customer-name" />
            </Form.Item>
          )}
          <Form.Item name="category" label={t('serviceRequests.category')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" {...big} options={serviceCategories.map((c) => ({ value: c, label: t(`serviceRequests.categories.${c}`) }))} data-testid="service-category" />
          </Form.Item>
          <Form.Item name="urgency" label={t('serviceRequests.urgency')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" {...big} options={serviceUrgencies.map((u) => ({ value: u, label: t(`serviceRequests.urgencies.${u}`) }))} />
          </Form.Item>
          <Form.Item name="channel" label={t('serviceRequests.channel')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" {...big} options={complaintChannels.map((c) => ({ value: c, label: t(`complaints.channels.${c}`) }))} />
          </Form.Item>
          <Form.Item name="subject" label={t('serviceRequests.subject')} rules={[{ required: true, whitespace: true }]}>
            <Input {...big} maxLength={200} data-testid="service-subject" />
          </Form.Item>
          <Form.Item name="description" label={t('serviceRequests.description')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} data-testid="service-description" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="contactName" label={t('serviceRequests.contactName')} style={{ flex: '1 1 160px' }}>
              <Input {...big} maxLength={100} />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('serviceRequests.contactPhone')} style={{ flex: '1 1 160px' }} rules={filed === 'unfiled' ? [{ required: true }] : []}>
              <Input {...big} inputMode="tel" maxLength={40} data-testid="service-contact-phone" />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" block size="large" loading={create.isPending} data-testid="service-submit">{t('serviceRequests.submit')}</Button>
        </Form>
      </Card>
    </>
  );
};
