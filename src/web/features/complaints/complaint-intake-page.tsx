/** /complaints/new — 客户投诉记录单: intake on a phone in under a minute (one column, big touch targets). */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { complaintCategories, complaintChannels, type Complaint, type CreateComplaintInput } from '../../../contract/complaints.js';
import { call } from '../../api.js';
import { complaintsKey } from './complaint-ui.js';
import { ContactFields, IntakeForm } from './intake-form.js';

type Values = Omit<CreateComplaintInput, 'receivedAt'> & { receivedAt: Dayjs };
const fields = ['customerId', 'customerName', 'channel', 'receivedAt', 'reason', 'demand', 'category', 'products', 'contactName', 'contactPhone', 'businessAddress'] as const;

export const ComplaintIntakePage = () => {
  const { t } = useTranslation();
  const big = { size: 'large' as const };
  return (
    <IntakeForm<Values, Complaint>
      ns="complaints"
      testPrefix="complaint"
      title={t('complaints.newComplaint')}
      fields={fields}
      initialValues={{ channel: 'phone', receivedAt: dayjs(), category: 'quality' }}
      submit={(v) => {
        const { receivedAt, products, category, businessAddress, ...rest } = v;
        const body: CreateComplaintInput = {
          ...rest, receivedAt: receivedAt.toISOString(),
          ...(category ? { category } : {}),
          ...(products?.length ? { products } : {}),
          ...(businessAddress ? { businessAddress } : {}),
        };
        return call('createComplaint', { body });
      }}
      invalidate={complaintsKey}
      done={(c) => ({ message: t('complaints.created', { no: c.complaintNo }), to: `/complaints/${c.id}` })}
    >
      {(_form, filed) => (
        <>
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
          <ContactFields ns="complaints" testPrefix="complaint" filed={filed} />
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
        </>
      )}
    </IntakeForm>
  );
};
