/**
 * 批量操作 on the customer list (issue 17 item 16): with rows selected, assign an owner, set the
 * category, add a tag, share with a colleague or export the selection. Each archive is decided by
 * the server on its own; the result lists every row (done, unchanged, sent for approval, refused).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Dropdown, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bulkCustomerActions, type BulkCustomerResult } from '../../../contract/bulk-actions.routes.js';
import { customerCategories } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { UserField } from '../archive-security/user-field.js';
import { enumLabel, fieldLabel } from '../customers/customer-fields.js';

type Action = (typeof bulkCustomerActions)[number];
type Values = { ownerId?: string; reason?: string; category?: string; tag?: string; userId?: string };
const outcomeColor: Record<BulkCustomerResult['results'][number]['outcome'], string> = { done: 'green', unchanged: 'default', approval_requested: 'blue', refused: 'red', not_found: 'default' };

export const BulkActionBar = ({ selected, onClear, exportUrl }: { selected: string[]; onClear: () => void; exportUrl: (ids: string[]) => string }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const [result, setResult] = useState<BulkCustomerResult | null>(null);
  const [form] = Form.useForm<Values>();
  const formErrors = useFormErrors(form, ['ownerId', 'reason', 'category', 'tag', 'userId'], 'bulk-error');
  const run = useMutation({
    mutationFn: (v: Values) => call('bulkCustomerAction', { body: { customerIds: selected, action: action!, ...v } as never }),
    onMutate: formErrors.clear,
    onSuccess: (r) => {
      setAction(null);
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      if (r.summary.refused === 0 && r.summary.notFound === 0) void message.success(t('bulkActions.summary', r.summary));
    },
    onError: formErrors.onError,
  });
  if (selected.length === 0) return null;
  const open = (a: Action) => {
    form.resetFields();
    formErrors.clear();
    setAction(a);
  };
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} data-testid="bulk-bar">
        <Typography.Text strong>{t('bulkActions.selected', { count: selected.length })}</Typography.Text>
        <Dropdown menu={{ items: bulkCustomerActions.map((a) => ({ key: a, label: <span data-testid={`bulk-${a}`}>{t(`bulkActions.${a}`)}</span> })), onClick: ({ key }) => open(key as Action) }}>
          <Button type="primary" data-testid="bulk-actions">{t('bulkActions.apply')}</Button>
        </Dropdown>
        <Button icon={<DownloadOutlined />} href={exportUrl(selected)} download data-testid="bulk-export">{t('bulkActions.export')}</Button>
        <Button type="link" onClick={onClear}>{t('bulkActions.clear')}</Button>
      </Flex>
      <Modal open={action !== null} title={action ? `${t(`bulkActions.${action}`)} · ${t('bulkActions.selected', { count: selected.length })}` : ''} onCancel={() => setAction(null)} onOk={() => form.submit()} confirmLoading={run.isPending} okText={t('bulkActions.apply')} okButtonProps={{ 'data-testid': 'bulk-apply' } as never} forceRender>
        <Typography.Paragraph type="secondary">{t('bulkActions.note')}</Typography.Paragraph>
        {formErrors.alert}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => run.mutate(v)}>
          {action === 'assign_owner' ? (
            <>
              <Form.Item name="ownerId" label={t('bulkActions.owner')} rules={[{ required: true }]}><UserField /></Form.Item>
              <Form.Item name="reason" label={t('bulkActions.reason')} rules={[{ required: true, whitespace: true }]}><Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} data-testid="bulk-reason" /></Form.Item>
            </>
          ) : null}
          {action === 'set_category' ? (
            <Form.Item name="category" label={t('bulkActions.category')} rules={[{ required: true }]}>
              <Select options={customerCategories.map((c) => ({ value: c, label: enumLabel(t, 'category', c) }))} data-testid="bulk-category" />
            </Form.Item>
          ) : null}
          {action === 'add_tag' ? (
            <Form.Item name="tag" label={t('bulkActions.tag')} rules={[{ required: true, whitespace: true }, { max: 40 }]}><Input maxLength={40} data-testid="bulk-tag" /></Form.Item>
          ) : null}
          {action === 'share' ? (
            <Form.Item name="userId" label={t('bulkActions.colleague')} rules={[{ required: true }]}><UserField /></Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal open={result !== null} title={t('bulkActions.resultTitle')} onCancel={() => { setResult(null); onClear(); }} footer={null} width={720} data-testid="bulk-result">
        {result ? (
          <>
            <Alert type={result.summary.refused + result.summary.notFound > 0 ? 'warning' : 'success'} showIcon title={t('bulkActions.summary', result.summary)} style={{ marginBottom: 12 }} data-testid="bulk-summary" />
            <Table
              size="small"
              rowKey="customerId"
              pagination={false}
              scroll={{ x: 'max-content', y: 400 }}
              dataSource={result.results}
              columns={[
                { title: fieldLabel(t, 'archiveNo'), dataIndex: 'archiveNo', render: (v: string | null) => v ?? t('bulkActions.hidden') },
                { title: fieldLabel(t, 'name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
                { title: '', dataIndex: 'outcome', render: (o: keyof typeof outcomeColor) => <Tag color={outcomeColor[o]}>{t(`bulkActions.outcome.${o}`)}</Tag> },
                { title: '', dataIndex: 'reason', render: (v: string | null, r) => (r.code ? `${t(`errors.${r.code}` as never)}${v ? `：${v}` : ''}` : (v ?? '')) },
              ]}
            />
          </>
        ) : null}
      </Modal>
    </>
  );
};
