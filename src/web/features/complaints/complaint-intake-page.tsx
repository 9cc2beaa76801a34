/** /complaints/new — 客户投诉记录单: intake on a phone in under a minute (one column, big touch targets). */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Input, Radio, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { complaintCategories, complaintChannels, type CreateComplaintInput } from '../../../contract/complaints.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { complaintsKey } from './complaint-ui.js';
import { CustomerPicker } from './customer-picker.js';

type Values = Omit<CreateComplaintInput, 'receivedAt'> & { receivedAt: Dayjs };
const fields = ['customerId', 'customerName', 'channel', 'receivedAt', 'reason', 'demand', 'category', 'products', 'contactName', 'contactPhone', 'businessAddress'] as const;

export const ComplaintIntakePage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [filed, setFiled] = useState<'filed' | 'unfiled'>('filed');
  const errors = useFormErrors(form, fields, 'complaint-intake-error');
  const create = useMutation({
    mutationFn: (v: Values) => {
      const body: CreateComplaintInput = {
        channel: v.channel, receivedAt: v.receivedAt.toISOString(), reason: v.reason, demand: v.demand,
        ...(v.category ? { category: v.category } : {}),
        ...(filed === 'filed' ? { customerId: v.customerId } : { customerName: v.customerName }),
        ...(v.products?.length ? { products: v.products } : {}),
        ...(v.contactName ? { contactName: v.contactName } : {}),
        ...(v.contactPhone ? { contactPhone: v.contactPhone } : {}),
        ...(v.businessAddress ? { businessAddress: v.businessAddress } : {}),
      };
      return call('createComplaint', { body });
    },
    onSuccess: async (c) => {
      void message.success(t('complaints.created', { no: c.complaintNo }));
      await queryClient.invalidateQueries({ queryKey: complaintsKey });
      void navigate(`/complaints/${c.id}`);
    },
    onError: errors.onError,
  });
  const big = { size: 'large' as const };
  return (
    <>
      <PageHeader title={t('complaints.newComplaint')} />
      <Card size="small" style={{ maxWidth: 720 }}>
        {errors.alert}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate(v)}
          initialValues={{ channel: 'phone', receivedAt: dayjs(), category: 'quality', ...(params.get('customerId') ? { customerId: params.get('customerId')! } : {}) }}
          data-testid="complaint-intake-form"
        >
          <Form.Item>
            <Segmented block value={filed} onChange={setFiled} options={[{ value: 'filed', label: t('complaints.customer') }, { value: 'unfiled', label: <span data-testid="complaint-unfiled">{t('complaints.unfiled')}</span> }]} />
          </Form.Item>
          {filed === 'filed' ? (
            <Form.Item name="customerId" label={t('complaints.customer')} rules={[{ required: true }]}>
              <CustomerPicker placeholder={t('complaints.linkHint')} testId="complaint-customer" />
            </Form.Item>
          ) : (
            <Form.Item name="customerName" label={t('complaints.customer')} rules={[{ required: true }]}>
              <Input {...big} maxLength={200} data-testid="complaint-customer-name" />
            </Form.Item>
          )}
          <Form.Item name="channel" label={t('complaints.channel')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" {...big} options={complaintChannels.map((c) => ({ value: c, label: t(`complaints.channels.${c}`) }))} />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="receivedAt" label={t('complaints.receivedAt')} rules={[{ required: true }]} style={{ flex: '1 1 200px' }}>
              <DatePicker showTime {...big} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="category" label={t('complaints.category')} style={{ flex: '1 1 160px' }}>
              <Select {...big} options={complaintCategories.map((c) => ({ value: c, label: t(`complaints.categories.${c}`) }))} />
            </Form.Item>
          </Flex>
          <Form.Item name="reason" label={t('complaints.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} data-testid="complaint-reason" />
          </Form.Item>
          <Form.Item name="demand" label={t('complaints.demand')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="complaint-demand" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="contactName" label={t('complaints.contactName')} style={{ flex: '1 1 160px' }}>
              <Input {...big} maxLength={100} />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('complaints.contactPhone')} style={{ flex: '1 1 160px' }} rules={filed === 'unfiled' ? [{ required: true }] : []}>
              <Input {...big} inputMode="tel" maxLength={40} data-testid="complaint-contact-phone" />
            </Form.Item>
          </Flex>
          <Form.Item name="businessAddress" label={t('complaints.businessAddress')}>
            <Input {...big} maxLength={300} />
          </Form.Item>
          <Form.List name="products">
            {(items, { add, remove }) => (
              <Form.Item label={t('complaints.products')}>
                {items.map((f) => (
                  <Flex key={f.key} gap={8} align="baseline" wrap>
                    <Form.Item name={[f.name, 'product']} rules={[{ required: true }]} style={{ flex: '2 1 140px' }}><Input placeholder={t('complaints.product')} /></Form.Item>
                    <Form.Item name={[f.name, 'quantity']} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,4})?$/ }]} style={{ flex: '1 1 70px' }}><Input inputMode="decimal" placeholder={t('complaints.quantity')} /></Form.Item>
                    <Form.Item name={[f.name, 'unit']} rules={[{ required: true }]} style={{ flex: '1 1 60px' }}><Input placeholder={t('complaints.unit')} /></Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: '1' })}>{t('complaints.addProduct')}</Button>
              </Form.Item>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit" block size="large" loading={create.isPending} data-testid="complaint-submit">{t('complaints.submit')}</Button>
        </Form>
      </Card>
    </>
  );
};
