/** The archive form's 自定义字段 section and the archive page's card (ARC-1). */
import { Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../../contract/custom-fields.js';
import { formatCustomValue, useActiveCustomFields } from './use-custom-fields.js';

/** A date held as `YYYY-MM-DD` text in the form (what the API stores), picked with a DatePicker. */
const DateText = ({ value, onChange, ...rest }: { value?: string | null; onChange?: (v: string | null) => void } & Record<string, unknown>) => (
  <DatePicker {...rest} style={{ width: '100%' }} format="YYYY-MM-DD" value={value ? dayjs(value) : null} onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)} />
);

const CustomInput = ({ field, ...control }: { field: CustomField } & Record<string, unknown>) => {
  const props = { ...control, 'data-testid': `customer-custom-${field.key}` };
  const options = field.options.map((o) => ({ value: o, label: o }));
  switch (field.type) {
    case 'number':
      return <InputNumber {...props} style={{ width: '100%' }} />;
    case 'date':
      return <DateText {...props} />;
    case 'single':
      return <Select {...props} allowClear options={options} />;
    case 'multi':
      return <Select {...props} mode="multiple" allowClear options={options} />;
    default:
      return <Input {...props} maxLength={2000} />;
  }
};

/** Form items named `custom.<key>`; nothing when the company defined no fields. */
export const CustomFieldsFormSection = () => {
  const { t } = useTranslation();
  const fields = useActiveCustomFields();
  if (fields.length === 0) return null;
  return (
    <Card title={t('customFields.section')} size="small" style={{ marginBottom: 16 }} data-testid="customer-form-custom">
      <Row gutter={16}>
        {fields.map((f) => (
          <Col key={f.key} xs={24} sm={12} xl={8}>
            <Form.Item name={['custom', f.key]} label={f.label} rules={f.required ? [{ required: true, message: `${f.label} ${t('customFields.required')}` }] : []}>
              <CustomInput field={f} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Card>
  );
};

/** The archive page's card of custom values. */
export const CustomFieldsView = ({ custom }: { custom: Record<string, unknown> | undefined }) => {
  const { t } = useTranslation();
  const fields = useActiveCustomFields();
  if (fields.length === 0) return null;
  return (
    <Card size="small" title={t('customFields.section')} style={{ marginBottom: 16 }} data-testid="customer-view-custom">
      <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, xl: 3 }} styles={{ label: { width: 140 } }}
        items={fields.map((f) => ({ key: f.key, label: f.label, children: <span data-testid={`customer-custom-value-${f.key}`}>{formatCustomValue(custom?.[f.key])}</span> }))} />
    </Card>
  );
};
