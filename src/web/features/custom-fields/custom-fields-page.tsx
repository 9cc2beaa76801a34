/** /admin/custom-fields — 自定义字段 (ARC-1): the administrator adds, renames, requires or disables fields of the archive. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customFieldTypes, type CustomField } from '../../../contract/custom-fields.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCustomFields } from './use-custom-fields.js';

type Values = { key: string; label: string; type: CustomField['type']; options?: string[]; required?: boolean; disabled?: boolean };
const hasOptions = (type: string | undefined) => type === 'single' || type === 'multi';

export const CustomFieldsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const fields = useCustomFields();
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch('type', form);
  const formErrors = useFormErrors(form, ['key', 'label', 'type', 'options', 'required', 'disabled'], 'custom-field-error');

  const save = useMutation({
    mutationFn: (v: Values) =>
      editing === 'new'
        ? call('createCustomField', { body: { key: v.key.trim(), label: v.label.trim(), type: v.type, ...(hasOptions(v.type) ? { options: v.options ?? [] } : {}), required: !!v.required } })
        : call('updateCustomField', { params: { id: (editing as CustomField).id }, body: { version: (editing as CustomField).version, label: v.label.trim(), ...(hasOptions((editing as CustomField).type) ? { options: v.options ?? [] } : {}), required: !!v.required, disabled: !!v.disabled } }),
    onMutate: formErrors.clear,
    onSuccess: (f) => {
      void message.success(editing === 'new' ? t('customFields.created', { label: f.label }) : t('customFields.saved'));
      void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
      setEditing(null);
    },
    onError: formErrors.onError,
  });

  const open = (f: CustomField | 'new') => {
    formErrors.clear();
    form.resetFields();
    form.setFieldsValue(f === 'new' ? { type: 'text', options: [], required: false } : { key: f.key, label: f.label, type: f.type, options: f.options, required: f.required, disabled: f.disabled });
    setEditing(f);
  };

  return (
    <div style={{ maxWidth: 1000 }}>
      <PageHeader
        title={t('customFields.title')}
        description={t('customFields.description')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="custom-field-add">{t('customFields.add')}</Button>}
      />
      <Card>
        {fields.isError ? (
          <LoadError error={fields.error} onRetry={() => void fields.refetch()} />
        ) : (
          <Table<CustomField>
            rowKey="id"
            size="middle"
            loading={fields.isLoading}
            dataSource={fields.data ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('customFields.empty') }}
            data-testid="custom-fields-table"
            onRow={(f) => ({ 'data-testid': `custom-field-row-${f.key}` }) as never}
            columns={[
              { title: t('customFields.label'), dataIndex: 'label', render: (v: string, f) => <Typography.Link onClick={() => open(f)}>{v}</Typography.Link> },
              { title: t('customFields.key'), dataIndex: 'key', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('customFields.type'), dataIndex: 'type', render: (v: CustomField['type']) => t(`customFields.types.${v}`) },
              { title: t('customFields.options'), dataIndex: 'options', render: (v: string[]) => (v.length ? <Space size={4} wrap>{v.map((o) => <Tag key={o}>{o}</Tag>)}</Space> : '—') },
              { title: t('customFields.required'), dataIndex: 'required', render: (v: boolean) => (v ? t('customFields.yes') : t('customFields.no')) },
              { title: t('customFields.state'), dataIndex: 'disabled', render: (v: boolean) => <Tag color={v ? 'default' : 'green'}>{v ? t('customFields.inactive') : t('customFields.active')}</Tag> },
              { title: '', key: 'edit', render: (_: unknown, f) => <Button size="small" onClick={() => open(f)} data-testid={`custom-field-edit-${f.key}`}>{t('customFields.edit')}</Button> },
            ]}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('customFields.add') : t('customFields.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        forceRender
        okButtonProps={{ 'data-testid': 'custom-field-save' } as never}
      >
        {formErrors.alert}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="label" label={t('customFields.label')} rules={[{ required: true, whitespace: true }, { max: 60 }]}>
            <Input maxLength={60} data-testid="custom-field-label" />
          </Form.Item>
          <Form.Item name="key" label={t('customFields.key')} extra={editing === 'new' ? t('customFields.keyHint') : undefined} rules={editing === 'new' ? [{ required: true }, { pattern: /^[a-z][a-zA-Z0-9_]{0,39}$/, message: t('customFields.keyHint') }] : []}>
            <Input disabled={editing !== 'new'} maxLength={40} autoComplete="off" data-testid="custom-field-key" />
          </Form.Item>
          <Form.Item name="type" label={t('customFields.type')} rules={[{ required: true }]}>
            <Select disabled={editing !== 'new'} options={customFieldTypes.map((v) => ({ value: v, label: t(`customFields.types.${v}`) }))} data-testid="custom-field-type" />
          </Form.Item>
          {hasOptions(type) ? (
            <Form.Item name="options" label={t('customFields.options')} extra={t('customFields.optionsHint')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、']} data-testid="custom-field-options" />
            </Form.Item>
          ) : null}
          <Space size="large" wrap>
            <Form.Item name="required" label={t('customFields.required')} valuePropName="checked">
              <Switch data-testid="custom-field-required" />
            </Form.Item>
            {editing !== 'new' ? (
              <Form.Item name="disabled" label={t('customFields.disabled')} valuePropName="checked">
                <Switch data-testid="custom-field-disabled" />
              </Form.Item>
            ) : null}
          </Space>
        </Form>
      </Modal>
    </div>
  );
};
