/** /sales/contracts — 合同管理 (SAL-3): the list, and drafting a contract with its lines and payment schedule. */
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { contractStates, type Contract } from '../../../contract/sales.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { testId } from '../../ui/test-id.js';
import { CustomerPicker } from '../customers/customer-picker.js';
import { salesKey } from './receivables-page.js';

export const contractStateColor: Record<Contract['state'], string> = { draft: 'gold', signed: 'green', completed: 'blue', cancelled: 'default' };
const money = (s: string) => Number(s).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

type Draft = {
  customerId: string;
  title: string;
  amount: number;
  signatory: string;
  templateId?: string;
  lines?: { product: string; spec?: string; quantity: number; unit: string; price: number }[];
  instalments: { dueOn: Dayjs; amount: number }[];
};

const NewContractModal = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Draft>();
  const templates = useQuery({ queryKey: [...salesKey, 'contract-templates', 'true', ''], queryFn: () => call('listContractTemplates', { query: { usable: 'true' } }), enabled: open });
  const create = useMutation({
    mutationFn: (v: Draft) =>
      call('createContract', {
        body: {
          customerId: v.customerId,
          title: v.title,
          amount: v.amount.toFixed(2),
          signatory: v.signatory,
          ...(v.templateId ? { templateId: v.templateId } : {}),
          lines: (v.lines ?? []).map((l) => ({ product: l.product, ...(l.spec ? { spec: l.spec } : {}), quantity: String(l.quantity), unit: l.unit, price: String(l.price) })),
          instalments: v.instalments.map((i) => ({ dueOn: i.dueOn.format('YYYY-MM-DD'), amount: i.amount.toFixed(2) })),
        },
      }),
    onSuccess: async (k) => {
      void message.success(t('sales.contracts.created'));
      await queryClient.invalidateQueries({ queryKey: salesKey });
      onClose();
      void navigate(`/sales/contracts/${k.id}`);
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  return (
    <Modal open={open} width={760} title={t('sales.contracts.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden okButtonProps={testId('contract-submit')}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ instalments: [{}] }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="customerId" label={t('sales.contracts.customer')} rules={[{ required: true }]}>
          <CustomerPicker testId="contract-customer" />
        </Form.Item>
        <Form.Item name="title" label={t('sales.contracts.titleField')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} data-testid="contract-title" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="amount" label={t('sales.contracts.amount')} rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} style={{ width: 200 }} data-testid="contract-amount" />
          </Form.Item>
          <Form.Item name="signatory" label={t('sales.contracts.signatory')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={100} data-testid="contract-signatory" />
          </Form.Item>
        </Flex>
        <Form.Item name="templateId" label={t('sales.templates.pick')} extra={t('sales.templates.pickHint')}>
          <Select
            allowClear
            placeholder={t('sales.templates.none')}
            loading={templates.isLoading}
            options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name}（v${x.approvedVersion?.number ?? ''}）` }))}
            data-testid="contract-template"
          />
        </Form.Item>
        <Typography.Title level={5}>{t('sales.contracts.lines')}</Typography.Title>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap align="start">
                  <Form.Item name={[f.name, 'product']} rules={[{ required: true }]} style={{ flex: 2, minWidth: 140 }}>
                    <Input placeholder={t('sales.contracts.product')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'spec']} style={{ flex: 1, minWidth: 90 }}>
                    <Input placeholder={t('sales.contracts.spec')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quantity']} rules={[{ required: true }]}>
                    <InputNumber min={0.0001} placeholder={t('sales.contracts.quantity')} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']} rules={[{ required: true }]}>
                    <Input placeholder={t('sales.contracts.unit')} style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'price']} rules={[{ required: true }]}>
                    <InputNumber min={0} placeholder={t('sales.contracts.price')} style={{ width: 110 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add()} style={{ marginBottom: 16 }}>
                {t('sales.contracts.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('sales.contracts.instalments')}</Typography.Title>
        <Form.List
          name="instalments"
          rules={[
            {
              validator: async (_, rows: { amount?: number }[] | undefined) => {
                const amount = Number(form.getFieldValue('amount') ?? 0);
                const sum = (rows ?? []).reduce((n, r) => n + Math.round((r?.amount ?? 0) * 100), 0);
                if (sum !== Math.round(amount * 100)) throw new Error(t('sales.contracts.instalmentsMismatch'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} wrap align="start">
                  <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true }]}>
                    <DatePicker placeholder={t('sales.contracts.instalmentDue')} data-testid={`contract-instalment-due-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'amount']} rules={[{ required: true }]}>
                    <InputNumber min={0.01} precision={2} placeholder={t('sales.contracts.instalmentAmount')} style={{ width: 180 }} data-testid={`contract-instalment-amount-${i}`} />
                  </Form.Item>
                  {fields.length > 1 ? <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" /> : null}
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add()}>
                {t('sales.contracts.addInstalment')}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
};

export const ContractsPage = () => {
  const { t } = useTranslation();
  const [state, setState] = useState<Contract['state'] | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const list = useCursorList([...salesKey, 'contracts', state], (page) => call('listContracts', { query: { limit: 50, ...(state === 'all' ? {} : { state }), ...page } }));
  const items = list.items;
  const columns = [
    { header: t('sales.contracts.contractNo'), value: (k: Contract) => k.contractNo },
    { header: t('sales.contracts.customer'), value: (k: Contract) => `${k.customerName} ${k.archiveNo}` },
    { header: t('sales.contracts.titleField'), value: (k: Contract) => k.title },
    { header: t('sales.contracts.amount'), value: (k: Contract) => Number(k.amount) },
    { header: t('sales.contracts.state'), value: (k: Contract) => t(`sales.contracts.states.${k.state}`) },
    { header: t('sales.contracts.signedOn'), value: (k: Contract) => k.signedOn ?? '' },
  ];
  return (
    <>
      <PageHeader
        title={t('sales.contracts.title')}
        description={t('sales.contracts.description')}
        extra={
          <Flex gap={8}>
            <Button icon={<DownloadOutlined />} disabled={items.length === 0} onClick={() => exportRows('xlsx', 'contracts', t('sales.contracts.title'), columns, items)}>
              Excel
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="contract-new">
              {t('sales.contracts.new')}
            </Button>
          </Flex>
        }
      />
      <Card>
        <Segmented
          style={{ marginBottom: 12 }}
          value={state}
          onChange={(v) => setState(v as typeof state)}
          options={[{ value: 'all', label: t('sales.receivables.all') }, ...contractStates.map((s) => ({ value: s, label: t(`sales.contracts.states.${s}`) }))]}
        />
        {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Contract>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 640 }}
          locale={{ emptyText: t('sales.contracts.empty') }}
          columns={[
            { title: t('sales.contracts.contractNo'), dataIndex: 'contractNo', width: 150, render: (v: string, k) => <Link to={`/sales/contracts/${k.id}`}>{v}</Link> },
            { title: t('sales.contracts.customer'), key: 'customer', render: (_: unknown, k) => <Link to={`/customers/${k.customerId}`}>{k.customerName}</Link> },
            { title: t('sales.contracts.titleField'), dataIndex: 'title', responsive: ['md'] },
            { title: t('sales.contracts.amount'), dataIndex: 'amount', align: 'right', width: 130, render: (v: string) => money(v) },
            { title: t('sales.contracts.state'), dataIndex: 'state', width: 90, render: (s: Contract['state']) => <Tag color={contractStateColor[s]}>{t(`sales.contracts.states.${s}`)}</Tag> },
            { title: t('sales.contracts.signedOn'), dataIndex: 'signedOn', width: 110, responsive: ['lg'] },
          ]}
        />
        {list.hasNextPage ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('common.more')}
            </Button>
          </Flex>
        ) : null}
      </Card>
      <NewContractModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
};
