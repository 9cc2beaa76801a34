/** /service-requests/new — 客服问题记录: one column, big touch targets, usable on a phone. */
import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { complaintChannels } from '../../../contract/complaints.js';
import { serviceCategories, serviceUrgencies, type CreateServiceRequestInput, type ServiceRequest } from '../../../contract/service-requests.js';
import { call } from '../../api.js';
import { ContactFields, IntakeForm } from '../complaints/intake-form.js';
import { serviceRequestsKey } from './service-request-ui.js';

type Values = CreateServiceRequestInput;
const fields = ['customerId', 'customerName', 'channel', 'category', 'urgency', 'subject', 'description', 'contactName', 'contactPhone', 'receivedAt'] as const;

export const ServiceRequestIntakePage = () => {
  const { t } = useTranslation();
  const big = { size: 'large' as const };
  return (
    <IntakeForm<Values, ServiceRequest>
      ns="serviceRequests"
      testPrefix="service"
      title={t('serviceRequests.newRequest')}
      fields={fields}
      initialValues={{ channel: 'phone', category: 'question', urgency: 'normal' }}
      submit={(body) => call('createServiceRequest', { body })}
      invalidate={serviceRequestsKey}
      done={(r) => ({ message: t('serviceRequests.created', { no: r.requestNo }), to: `/service-requests/${r.id}` })}
    >
      {(_form, filed) => (
        <>
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
          <ContactFields ns="serviceRequests" testPrefix="service" filed={filed} />
        </>
      )}
    </IntakeForm>
  );
};
