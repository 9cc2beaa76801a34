/** 交易情况 (ARC-4): transactions, newest first, loaded by cursor; record one with its product lines. Amounts stay decimal strings. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, DatePicker, Empty, Flex, Form, Input, Modal, Row, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { transactionSchema } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { formatMoney, moneyRule, sumMoney } from './customer-fields.js';
import { customersKey } from './use-customers.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type Transaction = z.infer<typeof transactionSchema>;
type Line = { product?: string; spec?: string; quantity?: string; unit?: string; price?: string };
type TxForm = { txNo: string; date: Dayjs; place?: string; amount: string; products?: Line[]; breach?: boolean; breachNote?: string; remarks?: string };
const fields = ['txNo', 'date', 'place', 'amount', 'products', 'breach', 'breachNote', 'remarks'] as const;
const decimal4 = /^\d{1,16}(\.\d{1,4})?$/;
const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

const TransactionModal = ({ customerId, open, onClose }: { customerId: string; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TxForm>();
  const formErrors = useFormErrors(form, fields, 'transaction-form-error');
  const breach = Form.useWatch('breach', form);
  const mutation = useMutation({
    mutationFn: (v: TxForm) =>
      call('createTransaction', {
        params: { id: customerId },
        body: {
          txNo: v.txNo.trim(),
          date: v.date.format('YYYY-MM-DD'),
          place: orNull(v.place),
          amount: v.amount.trim(),
          products: (v.products ?? []).map((l) => ({
            product: (l.product ?? '').trim(),
            spec: orNull(l.spec),
            quantity: (l.quantity ?? '').trim(),
            unit: orNull(l.unit),
            price: (l.price ?? '').trim(),
          })),
          breach: v.breach ?? false,
          breachNote: v.breach ? orNull(v.breachNote) : null,
          remarks: orNull(v.remarks),
        },
      }),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t('customers.transactions.created'));
      await queryClient.invalidateQueries({ queryKey: customersKey });
      onClose();
    },
    onError: formErrors.onError,
  });
  const x = (k: string) => t(`customers.transactions.${k}` as never);
  const qty = { pattern: decimal4, message: t('customers.validation.quantity') };
  return (
    <Modal
      open={open}
      title={x('addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      okButtonProps={testId('transaction-form-submit')}
      destroyOnHidden
      width={760}
    >
      {formErrors.alert}
      <Form<TxForm> form={form} preserve={false} layout="vertical" initialValues={{ date: dayjs(), breach: false, products: [] }} onFinish={(v) => mutation.mutate(v)}>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="txNo" label={x('txNo')} rules={[{ required: true, whitespace: true, message: x('txNoRequired') }]}>
              <Input maxLength={40} data-testid="transaction-txno" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="date" label={x('date')} rules={[{ required: true, message: x('dateRequired') }]}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="amount" label={x('amount')} rules={[{ required: true, message: t('customers.validation.money') }, moneyRule(t)]}>
              <Input prefix="¥" inputMode="decimal" data-testid="transaction-amount" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="place" label={x('place')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{x('products')}</Typography.Text>
        <Form.List name="products">
          {(rows, { add, remove }) => (
            <div style={{ marginTop: 8, marginBottom: 16 }}>
              {rows.map((row) => (
                <Flex key={row.key} gap={6} wrap align="flex-start" style={{ marginBottom: 6 }}>
                  <Form.Item name={[row.name, 'product']} rules={[{ required: true, whitespace: true, message: x('productRequired') }]} style={{ flex: '2 1 140px', marginBottom: 0 }}>
                    <Input placeholder={x('product')} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'spec']} style={{ flex: '1 1 80px', marginBottom: 0 }}>
                    <Input placeholder={x('spec')} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'quantity']} rules={[{ required: true, message: t('customers.validation.quantity') }, qty]} style={{ flex: '1 1 70px', marginBottom: 0 }}>
                    <Input placeholder={x('quantity')} inputMode="decimal" />
                  </Form.Item>
                  <Form.Item name={[row.name, 'unit']} style={{ flex: '0 1 60px', marginBottom: 0 }}>
                    <Input placeholder={x('unit')} maxLength={20} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'price']} rules={[{ required: true, message: t('customers.validation.quantity') }, qty]} style={{ flex: '1 1 80px', marginBottom: 0 }}>
                    <Input placeholder={x('price')} inputMode="decimal" />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(row.name)} aria-label="remove" />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {x('addLine')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="breach" label={x('breach')} valuePropName="checked">
          <Switch checkedChildren={x('yes')} unCheckedChildren={x('no')} />
        </Form.Item>
        {breach ? (
          <Form.Item name="breachNote" label={x('breachNote')}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
        ) : null}
        <Form.Item name="remarks" label={x('remarks')}>
          <Input.TextArea autoSize={{ minRows: 1 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const TransactionsTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const txs = useCursorList([...customersKey, 'transactions', customerId], (page) => call('listTransactions', { params: { id: customerId }, query: { limit: 20, ...page } }));
  if (txs.isError) return <LoadError error={txs.error} onRetry={() => void txs.refetch()} />;
  const items = txs.items;
  const x = (k: string) => t(`customers.transactions.${k}` as never);
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{items.length > 0 ? t('customers.transactions.loaded', { count: items.length, total: formatMoney(sumMoney(items.map((i) => i.amount))) }) : null}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="transaction-create">
          {x('add')}
        </Button>
      </Flex>
      <Table<Transaction>
        rowKey="id"
        size="small"
        loading={txs.isFetching}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={x('empty')} /> }}
        expandable={{
          rowExpandable: (r) => r.products.length > 0,
          expandedRowRender: (r) => (
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={r.products}
              columns={[
                { title: x('product'), dataIndex: 'product' },
                { title: x('spec'), dataIndex: 'spec', render: (v: string | null) => v ?? '—' },
                { title: x('quantity'), dataIndex: 'quantity', align: 'right' },
                { title: x('unit'), dataIndex: 'unit', render: (v: string | null) => v ?? '—' },
                { title: x('price'), dataIndex: 'price', align: 'right' },
              ]}
            />
          ),
        }}
        columns={[
          { title: x('txNo'), dataIndex: 'txNo' },
          { title: x('date'), dataIndex: 'date', width: 110 },
          { title: x('place'), dataIndex: 'place', render: (v: string | null) => v ?? '—' },
          { title: x('amount'), dataIndex: 'amount', align: 'right', render: (v: string) => `¥${formatMoney(v)}` },
          { title: x('breach'), dataIndex: 'breach', render: (b: boolean, r) => (b ? <Tag color="red" title={r.breachNote ?? undefined}>{x('yes')}</Tag> : x('no')) },
          { title: x('remarks'), dataIndex: 'remarks', render: (v: string | null) => v ?? '—' },
        ]}
      />
      {txs.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void txs.fetchNextPage()} loading={txs.isFetchingNextPage}>
            {t('customers.loadMore')}
          </Button>
        </Flex>
      ) : null}
      <TransactionModal customerId={customerId} open={open} onClose={() => setOpen(false)} />
    </>
  );
};
