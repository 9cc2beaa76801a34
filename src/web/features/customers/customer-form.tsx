/** The archive form, grouped like the 客户档案表; shared by "new" and "edit", plus the value conversions. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { secrecyLevels, type CreateCustomerInput, type Customer } from '../../../contract/customers.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';
import { enumOptions, fieldGroups, fieldLabel, fieldRules, formatValue, isEnumField, moneyRule, yearRule, type FieldKey, type GroupKey } from './customer-fields.js';
import { RegionCascader } from '../../ui/region-cascader.js';
import { IndustryCascader } from '../../ui/industry-cascader.js';
import { CustomFieldsFormSection } from '../custom-fields/custom-field-inputs.js';
import { customBody } from '../custom-fields/use-custom-fields.js';

const dateFields = ['filedOn', 'foundedOn', 'cooperationSince'] as const;
const listFields = ['shareholders', 'relatedCompanies', 'tags'] as const;
const countFields = ['employeeCount', 'domesticStaff', 'foreignStaff'] as const;
const longTextFields = [
  'mainBusiness', 'additionalBusiness', 'mainProducts', 'purchasedVarieties', 'downstreamMarket', 'orgStructure',
  'culture', 'developments', 'advantages', 'disadvantages', 'countermeasures', 'potentialNeeds', 'remarks',
] as const;
/** Shown as text only: generated, derived or set by other modules. */
const readOnlyFields: readonly string[] = ['archiveNo', 'ownerName', 'creditGrade', 'tier', 'abcClass'];

const has = (list: readonly string[], f: string) => list.includes(f);

/** Every field the form edits, in order (server field errors land on these). */
export const editableFields: string[] = Object.values(fieldGroups)
  .flat()
  .filter((f) => !readOnlyFields.includes(f));

export type CustomerFormValues = Record<string, unknown>;
type SalesRow = { year?: string; amount?: string };

export const toFormValues = (c: Customer | undefined): CustomerFormValues => {
  const values: CustomerFormValues = Object.fromEntries(editableFields.map((f) => [f, undefined]));
  if (!c) return { ...values, customerType: 'direct', secrecyLevel: 'none', filedOn: dayjs(), custom: {} };
  const record = c as Record<string, unknown>;
  values.custom = { ...(c.custom ?? {}) }; // ARC-1: the company's own fields
  for (const f of editableFields) {
    const v = record[f];
    if (has(dateFields, f)) values[f] = typeof v === 'string' ? dayjs(v) : undefined;
    else if (f === 'salesLast3Years') values[f] = Object.entries((v ?? {}) as Record<string, string>).map(([year, amount]) => ({ year, amount }));
    else values[f] = v ?? undefined;
  }
  return values;
};

/** Form values → API fields; empty text becomes null, so clearing a field clears it on the server. */
export const toBody = (values: CustomerFormValues): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  for (const f of editableFields) {
    const v = values[f];
    if (has(dateFields, f)) body[f] = v ? (v as Dayjs).format('YYYY-MM-DD') : null;
    else if (has(listFields, f)) body[f] = ((v as string[] | undefined) ?? []).map((s) => s.trim()).filter(Boolean);
    else if (has(countFields, f)) body[f] = typeof v === 'number' ? v : null;
    else if (f === 'salesLast3Years') {
      const rows = ((v as SalesRow[] | undefined) ?? []).filter((r) => r?.year && r.amount);
      body[f] = Object.fromEntries(rows.map((r) => [r.year!.trim(), r.amount!.trim()]));
    } else if (typeof v === 'string') {
      const s = f === 'creditCode' ? v.trim().toUpperCase() : v.trim();
      body[f] = s === '' ? null : s;
    } else body[f] = v ?? null;
  }
  if (values.custom !== undefined) body.custom = customBody(values.custom as Record<string, unknown>);
  return body;
};

/** The body for POST: empty fields are left out (the server applies its defaults). */
export const toCreateBody = (values: CustomerFormValues): CreateCustomerInput => {
  const body = toBody(values);
  if (body.custom) body.custom = Object.fromEntries(Object.entries(body.custom as object).filter(([, v]) => v !== null));
  const kept = Object.entries(body).filter(
    ([, v]) => v !== null && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0),
  );
  return Object.fromEntries(kept) as CreateCustomerInput;
};

/** The body for PATCH: only the fields whose value differs from the archive as loaded. */
export const toChanges = (values: CustomerFormValues, original: Customer): Record<string, unknown> => {
  const before = toBody(toFormValues(original));
  const after = toBody(values);
  // only the custom fields on the form count (a disabled field is not shown, so it is not compared)
  if (after.custom) before.custom = Object.fromEntries(Object.keys(after.custom as object).map((k) => [k, (before.custom as Record<string, unknown> | undefined)?.[k] ?? null]));
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
};

const SalesYears = () => {
  const { t } = useTranslation();
  return (
    <Form.List name="salesLast3Years">
      {(rows, { add, remove }) => (
        <>
          {rows.map((row) => (
            <Flex key={row.key} gap={8} align="flex-start" style={{ marginBottom: 8 }}>
              <Form.Item name={[row.name, 'year']} rules={[{ required: true, message: t('customers.validation.year') }, yearRule(t)]} style={{ marginBottom: 0, width: 96 }}>
                <Input placeholder={t('customers.form.year')} maxLength={4} />
              </Form.Item>
              <Form.Item name={[row.name, 'amount']} rules={[{ required: true, message: t('customers.validation.money') }, moneyRule(t)]} style={{ marginBottom: 0, flex: 1 }}>
                <Input placeholder={t('customers.form.amount')} prefix="¥" />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(row.name)} aria-label="remove" />
            </Flex>
          ))}
          {rows.length < 3 ? (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ year: String(new Date().getFullYear() - 1 - rows.length) })}>
              {t('customers.form.addYear')}
            </Button>
          ) : null}
        </>
      )}
    </Form.List>
  );
};

/**
 * One field's input. Form.Item hands its direct child `value`, `onChange`, `id` and the
 * validation status: they must reach the antd input, or the form never sees what was typed.
 */
const FieldInput = ({ field, ...control }: { field: string } & Record<string, unknown>): ReactNode => {
  const { t } = useTranslation();
  const secrecy = useSecrecyLabel();
  const props = { ...control, 'data-testid': `customer-field-${field}` };
  if (field === 'secrecyLevel') return <Select {...props} options={secrecyLevels.map((l) => ({ value: l, label: secrecy(l) }))} />;
  if (isEnumField(field)) {
    const optional = field !== 'customerType';
    return <Select {...props} allowClear={optional} options={enumOptions(t, field)} />;
  }
  if (has(dateFields, field)) return <DatePicker {...props} style={{ width: '100%' }} format="YYYY-MM-DD" />;
  if (has(listFields, field)) return <Select {...props} mode="tags" open={false} suffixIcon={null} placeholder={t('customers.form.listHint')} />;
  if (has(countFields, field)) return <InputNumber {...props} min={0} max={100_000_000} precision={0} style={{ width: '100%' }} />;
  if (has(longTextFields, field)) return <Input.TextArea {...props} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />;
  if (field === 'registeredCapital') return <Input {...props} prefix="¥" inputMode="decimal" />;
  if (field === 'region') return <RegionCascader {...(props as object)} />;
  if (field === 'industryCode') return <IndustryCascader {...(props as object)} />;
  return <Input {...props} maxLength={field === 'address' || field === 'website' ? 300 : 200} autoComplete="off" />;
};

const wide = (f: string) => has(longTextFields, f) || f === 'salesLast3Years' || f === 'address' || f === 'name';

export const CustomerFormSections = ({ customer }: { customer: Customer | undefined }) => {
  const { t } = useTranslation();
  const rules = fieldRules(t);
  const section = (group: GroupKey) => (
    <Card key={group} title={t(`customers.groups.${group}`)} size="small" style={{ marginBottom: 16 }} data-testid={`customer-form-${group}`}>
      <Row gutter={16}>
        {fieldGroups[group].map((f: FieldKey) => {
          const span = wide(f) ? { xs: 24, md: 24, xl: has(longTextFields, f) ? 12 : 16 } : { xs: 24, sm: 12, xl: 8 };
          if (readOnlyFields.includes(f)) {
            if (!customer && f !== 'ownerName') return null;
            const value = customer ? formatValue(t, f, (customer as Record<string, unknown>)[f]) : undefined;
            return (
              <Col key={f} {...span}>
                <Form.Item label={fieldLabel(t, f)} extra={!customer ? t('customers.ownerReadonly') : undefined}>
                  <Typography.Text data-testid={`customer-field-${f}`}>{value ?? t('customers.none')}</Typography.Text>
                </Form.Item>
              </Col>
            );
          }
          return (
            <Col key={f} {...span}>
              {f === 'salesLast3Years' ? (
                <Form.Item label={fieldLabel(t, f)}>
                  <SalesYears />
                </Form.Item>
              ) : (
                <Form.Item name={f} label={fieldLabel(t, f)} rules={rules[f] ?? []} extra={customer && f === 'secrecyLevel' ? t('security.protected.raiseHint') : f === 'industryCode' ? t('industry.hint') : undefined}>
                  <FieldInput field={f} />
                </Form.Item>
              )}
            </Col>
          );
        })}
      </Row>
    </Card>
  );
  return (
    <>
      {(Object.keys(fieldGroups) as GroupKey[]).map(section)}
      <CustomFieldsFormSection />
    </>
  );
};
