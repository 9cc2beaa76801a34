/**
 * 批量操作 on the customer list (issue 17 item 16): with rows selected, assign an owner, set the
 * category, add a tag, share with a colleague or export the selection. Each archive is decided by
 * the server on its own; the result lists every row (done, unchanged, sent for approval, refused).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Dropdown, Flex, Form, Input, Modal, Progress, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bulkCustomerActions, type BulkCustomerResult, type BulkRun } from '../../../contract/bulk-actions.routes.js';
import { customerCategories } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { UserField } from '../archive-security/user-field.js';
import { enumLabel, fieldLabel } from '../customers/customer-fields.js';

type Action = (typeof bulkCustomerActions)[number];
type Values = { ownerId?: string; reason?: string; category?: string; tag?: string; userId?: string };
const outcomeColor: Record<BulkCustomerResult['results'][number]['outcome'], string> = { done: 'green', unchanged: 'default', approval_requested: 'blue', refused: 'red', not_found: 'default' };

type Filter = Record<string, string | undefined>;
type Props = {
  selected: string[];
  onClear: () => void;
  exportUrl: (ids: string[]) => string;
  /** "All matching the filter": the list's filters; the server resolves the archives (issue 17 item 16). */
  filter?: Filter | null;
  onSelectAllMatching?: () => void;
};

export const BulkActionBar = ({ selected, onClear, exportUrl, filter, onSelectAllMatching }: Props) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const [result, setResult] = useState<BulkCustomerResult | null>(null);
  const [form] = Form.useForm<Values>();
  const formErrors = useFormErrors(form, ['ownerId', 'reason', 'category', 'tag', 'userId', 'filter', 'expectedCount'], 'bulk-error');
  const cleanFilter = filter ? (Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as Filter) : null;
  const preview = useQuery({
    queryKey: ['bulk-preview', cleanFilter, action],
    enabled: cleanFilter !== null && action !== null,
    queryFn: () => call('bulkCustomerAction', { body: { filter: cleanFilter, preview: true, action: action! } as never }),
    staleTime: 0,
  });
  const matched = preview.data?.matched;
  const [runId, setRunId] = useState<string | null>(null);
  const progress = useQuery({
    queryKey: ['bulk-run', runId],
    enabled: runId !== null,
    queryFn: () => call('getBulkCustomerRun', { params: { id: runId! } }),
    refetchInterval: (q) => ((q.state.data as BulkRun | undefined)?.status === 'running' || !q.state.data ? 1000 : false),
  });
  const runState = progress.data;
  const shown: BulkCustomerResult | null = runState && runState.status !== 'running' ? { results: runState.results, summary: runState.summary } : result;
  const run = useMutation({
    mutationFn: (v: Values) =>
      call('bulkCustomerAction', { body: (cleanFilter ? { filter: cleanFilter, expectedCount: matched?.count, action: action!, ...v } : { customerIds: selected, action: action!, ...v }) as never }),
    onMutate: formErrors.clear,
    onSuccess: (r) => {
      setAction(null);
      if (r.run) {
        setRunId(r.run.id);
        return;
      }
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      if (r.summary.refused === 0 && r.summary.notFound === 0) void message.success(t('bulkActions.summary', r.summary));
    },
    onError: formErrors.onError,
  });
  if (selected.length === 0 && !cleanFilter) return null;
  const scope = cleanFilter ? t('bulkActions.allMatching') : t('bulkActions.selected', { count: selected.length });
  const open = (a: Action) => {
    form.resetFields();
    formErrors.clear();
    setAction(a);
  };
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} data-testid="bulk-bar">
        <Typography.Text strong data-testid="bulk-scope">{scope}</Typography.Text>
        {!cleanFilter && onSelectAllMatching ? (
          <Button type="link" onClick={onSelectAllMatching} data-testid="bulk-select-all-matching">{t('bulkActions.selectAllMatching')}</Button>
        ) : null}
        <Dropdown menu={{ items: bulkCustomerActions.map((a) => ({ key: a, label: <span data-testid={`bulk-${a}`}>{t(`bulkActions.${a}`)}</span> })), onClick: ({ key }) => open(key as Action) }}>
          <Button type="primary" data-testid="bulk-actions">{t('bulkActions.apply')}</Button>
        </Dropdown>
        {cleanFilter ? null : <Button icon={<DownloadOutlined />} href={exportUrl(selected)} download data-testid="bulk-export">{t('bulkActions.export')}</Button>}
        <Button type="link" onClick={onClear}>{t('bulkActions.clear')}</Button>
      </Flex>
      <Modal open={action !== null} title={action ? `${t(`bulkActions.${action}`)} · ${scope}` : ''} onCancel={() => setAction(null)} onOk={() => form.submit()} confirmLoading={run.isPending} okText={t('bulkActions.apply')} okButtonProps={{ 'data-testid': 'bulk-apply', disabled: cleanFilter !== null && (!matched || matched.overCap || matched.count === 0) } as never} forceRender>
        <Typography.Paragraph type="secondary">{t('bulkActions.note')}</Typography.Paragraph>
        {cleanFilter && matched ? (
          matched.overCap ? (
            <Alert type="error" showIcon title={t('bulkActions.overCap', { cap: matched.cap })} style={{ marginBottom: 12 }} data-testid="bulk-over-cap" />
          ) : (
            <Alert type="info" showIcon title={t('bulkActions.matching', { count: matched.count })} style={{ marginBottom: 12 }} data-testid="bulk-matching" />
          )
        ) : null}
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
      <Modal open={result !== null || runId !== null} title={t('bulkActions.resultTitle')} onCancel={() => { setResult(null); setRunId(null); onClear(); }} footer={null} width={720} data-testid="bulk-result">
        {runState?.status === 'running' ? (
          <>
            <Progress percent={Math.floor((100 * runState.processed) / Math.max(1, runState.total))} data-testid="bulk-progress" />
            <Typography.Text type="secondary">{t('bulkActions.running', { processed: runState.processed, total: runState.total })}</Typography.Text>
          </>
        ) : null}
        {runState?.status === 'interrupted' ? <Alert type="error" showIcon title={t('bulkActions.interrupted')} style={{ marginBottom: 12 }} /> : null}
        {shown ? (
          <>
            <Alert type={shown.summary.refused + shown.summary.notFound > 0 ? 'warning' : 'success'} showIcon title={t('bulkActions.summary', shown.summary)} style={{ marginBottom: 12 }} data-testid="bulk-summary" />
            <Table
              size="small"
              rowKey="customerId"
              pagination={false}
              scroll={{ x: 'max-content', y: 400 }}
              dataSource={shown.results}
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
