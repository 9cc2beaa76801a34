/** /sales/contracts/:id — one contract: the pre-signing review (签约前审查), waivers, signing, lines and payment schedule (SAL-3). */
import { PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, List, Modal, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { checklistItems, type ChecklistItem, type Contract } from '../../../contract/sales.js';
import { call, isApiError } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { FullPageSpin, LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { useCurrentUser } from '../auth/current-user.js';
import { ClauseList } from './contract-templates-page.js';
import { printContract } from './contract-print.js';
import { contractStateColor } from './contracts-page.js';
import { salesKey } from './receivables-page.js';

const waiverRoles = ['marketing_manager', 'marketing_director', 'gm'];
const money = (s: string) => Number(s).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const ContractDetailPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const key = [...salesKey, 'contract', id];
  const contract = useQuery({ queryKey: key, queryFn: () => call('getContract', { params: { id } }) });
  const [waiving, setWaiving] = useState<ChecklistItem | null>(null);
  const [signing, setSigning] = useState(false);
  const [refused, setRefused] = useState<string[] | null>(null);
  const [waiveForm] = Form.useForm<{ reason: string }>();
  const [signForm] = Form.useForm<{ signedOn: Dayjs }>();
  const [delivering, setDelivering] = useState<Contract['lines'][number] | null>(null);
  const [deliverForm] = Form.useForm<{ quantity: string; deliveredOn: Dayjs; note?: string }>();
  const deliver = useMutation({
    mutationFn: (v: { lineNo: number; quantity: string; deliveredOn: Dayjs; note?: string }) =>
      call('createContractDelivery', { params: { id }, body: { lineNo: v.lineNo, quantity: v.quantity, deliveredOn: v.deliveredOn.format('YYYY-MM-DD'), ...(v.note ? { note: v.note } : {}) } }),
    onSuccess: (k) => {
      done(k);
      setDelivering(null);
      void message.success(t('sales.contracts.deliveredOk'));
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const done = (k: Contract) => {
    queryClient.setQueryData(key, k);
    void queryClient.invalidateQueries({ queryKey: salesKey });
  };
  const tick = useMutation({
    mutationFn: (v: { item: ChecklistItem; checked: boolean; version: number }) => call('updateContractChecklist', { params: { id }, body: { version: v.version, [v.item]: v.checked } }),
    onSuccess: done,
    onError: (e) => {
      void message.error(errorLine(e, t));
      void contract.refetch();
    },
  });
  const waive = useMutation({
    mutationFn: (v: { item: ChecklistItem; reason: string }) => call('createContractWaiver', { params: { id }, body: v }),
    onSuccess: (k) => {
      done(k);
      setWaiving(null);
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const sign = useMutation({
    mutationFn: (v: { signedOn: Dayjs }) => call('signContract', { params: { id }, body: { signedOn: v.signedOn.format('YYYY-MM-DD') } }),
    onSuccess: (k) => {
      done(k);
      setSigning(false);
      setRefused(null);
      void message.success(t('sales.contracts.signedOk'));
    },
    onError: (e) => {
      setSigning(false);
      if (isApiError(e) && e.status === 409 && e.errors.length > 0) setRefused(e.errors.map((x) => x.path.replace('checklist.', '')));
      else void message.error(errorLine(e, t));
    },
  });
  if (contract.isLoading) return <FullPageSpin />;
  if (contract.error || !contract.data) return <LoadError error={contract.error} onRetry={() => void contract.refetch()} />;
  const k = contract.data;
  const draft = k.state === 'draft';
  const mayWaive = me.roles.some((r) => waiverRoles.includes(r));
  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="contract-no">{k.contractNo}</span>
            <Tag color={contractStateColor[k.state]} data-testid="contract-state">
              {t(`sales.contracts.states.${k.state}`)}
            </Tag>
          </Flex>
        }
        description={k.title}
        extra={
          <>
            <Button icon={<PrinterOutlined />} onClick={() => printContract(k, t)} data-testid="contract-print">
              {t('sales.templates.print')}
            </Button>
            {draft ? (
              <Button type="primary" onClick={() => setSigning(true)} data-testid="contract-sign">
                {t('sales.contracts.sign')}
              </Button>
            ) : null}
          </>
        }
      />
      {refused ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setRefused(null)}
          style={{ marginBottom: 16 }}
          data-testid="contract-refused"
          message={t('sales.contracts.refused', { items: refused.map((i) => t(`sales.contracts.items.${i as ChecklistItem}`).split('：')[0]).join('、') })}
        />
      ) : null}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('sales.contracts.customer')}>
            <Link to={`/customers/${k.customerId}`}>{k.customerName}</Link> {k.archiveNo}
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.contracts.amount')}>¥{money(k.amount)}</Descriptions.Item>
          <Descriptions.Item label={t('sales.contracts.signatory')}>{k.signatory}</Descriptions.Item>
          <Descriptions.Item label={t('sales.contracts.signedOn')}>{k.signedOn ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('sales.contracts.checklist')} style={{ marginBottom: 16 }} data-testid="contract-checklist">
        <List
          dataSource={[...checklistItems]}
          renderItem={(item) => {
            const waiver = k.waivers.find((w) => w.item === item);
            return (
              <List.Item
                actions={
                  draft && !k.checklist[item] && !waiver && mayWaive
                    ? [
                        <Button key="w" size="small" onClick={() => setWaiving(item)} data-testid={`waive-${item}`}>
                          {t('sales.contracts.waive')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Flex vertical>
                  <Checkbox checked={k.checklist[item]} disabled={!draft || tick.isPending} onChange={(e) => tick.mutate({ item, checked: e.target.checked, version: k.version })} data-testid={`check-${item}`}>
                    {t(`sales.contracts.items.${item}`)}
                  </Checkbox>
                  {waiver ? (
                    <Typography.Text type="warning" style={{ marginLeft: 24, fontSize: 12 }}>
                      {t('sales.contracts.waived', { by: waiver.byName ?? '', reason: waiver.reason })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              </List.Item>
            );
          }}
        />
      </Card>
      {k.lines.length > 0 ? (
        <Card title={t('sales.contracts.lines')} style={{ marginBottom: 16 }}>
          <Table
            rowKey="lineNo"
            size="small"
            pagination={false}
            scroll={{ x: 520 }}
            dataSource={k.lines}
            columns={[
              { title: t('sales.contracts.product'), dataIndex: 'product' },
              { title: t('sales.contracts.spec'), dataIndex: 'spec' },
              { title: t('sales.contracts.quantity'), dataIndex: 'quantity', align: 'right' },
              { title: t('sales.contracts.unit'), dataIndex: 'unit' },
              { title: t('sales.contracts.price'), dataIndex: 'price', align: 'right' },
              { title: t('sales.contracts.delivered'), dataIndex: 'delivered', align: 'right' },
              ...(k.state === 'signed'
                ? [{
                    key: 'deliver',
                    render: (_: unknown, l: Contract['lines'][number]) =>
                      Number(l.delivered) < Number(l.quantity) ? (
                        <Button size="small" data-testid={`deliver-${l.lineNo}`} onClick={() => { deliverForm.resetFields(); setDelivering(l); }}>
                          {t('sales.contracts.deliver')}
                        </Button>
                      ) : null,
                  }]
                : []),
            ]}
          />
          <Modal
            open={delivering !== null}
            title={delivering ? `${t('sales.contracts.deliver')}：${delivering.product}` : ''}
            onCancel={() => setDelivering(null)}
            onOk={() => deliverForm.submit()}
            confirmLoading={deliver.isPending}
            destroyOnHidden
          >
            <Form form={deliverForm} layout="vertical" initialValues={{ deliveredOn: dayjs() }} onFinish={(v) => delivering && deliver.mutate({ ...v, lineNo: delivering.lineNo })}>
              <Form.Item name="quantity" label={t('sales.contracts.deliverQuantity')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,4})?$/ }]} extra={delivering ? `${delivering.delivered} / ${delivering.quantity} ${delivering.unit}` : null}>
                <Input inputMode="decimal" data-testid="deliver-quantity" />
              </Form.Item>
              <Form.Item name="deliveredOn" label={t('sales.contracts.deliveredOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item name="note" label={t('sales.contracts.deliverNote')} rules={[{ max: 500 }]}>
                <Input />
              </Form.Item>
            </Form>
          </Modal>
        </Card>
      ) : null}
      {k.clauses ? (
        <Card
          title={t('sales.templates.contractClauses')}
          extra={k.template ? <Link to={`/sales/contract-templates/${k.template.id}`}>{t('sales.templates.fromTemplate', { name: k.template.name, n: k.template.versionNumber })}</Link> : null}
          style={{ marginBottom: 16 }}
          data-testid="contract-clauses"
        >
          <ClauseList clauses={k.clauses} />
        </Card>
      ) : null}
      <Card title={t('sales.contracts.instalments')}>
        <Table
          rowKey="lineNo"
          size="small"
          pagination={false}
          dataSource={k.instalments}
          data-testid="contract-instalments"
          columns={[
            { title: t('sales.contracts.instalmentDue'), dataIndex: 'dueOn' },
            { title: t('sales.contracts.instalmentAmount'), dataIndex: 'amount', align: 'right', render: (v: string) => money(v) },
            { title: t('sales.receivables.state'), key: 's', render: (_: unknown, i) => (i.paidOn ? <Tag color="green">{t('sales.contracts.paid')} {i.paidOn}</Tag> : i.paymentId ? <Tag>{t('sales.contracts.unpaid')}</Tag> : '—') },
          ]}
        />
      </Card>
      <Modal open={waiving !== null} title={t('sales.contracts.waiveTitle')} onCancel={() => setWaiving(null)} onOk={() => waiveForm.submit()} confirmLoading={waive.isPending} destroyOnHidden okButtonProps={testId('waive-submit')}>
        <Form form={waiveForm} layout="vertical" preserve={false} onFinish={(v) => waiving && waive.mutate({ item: waiving, reason: v.reason.trim() })}>
          <Typography.Paragraph>{waiving ? t(`sales.contracts.items.${waiving}`) : null}</Typography.Paragraph>
          <Form.Item name="reason" label={t('sales.contracts.waiveReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} data-testid="waive-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={signing} title={t('sales.contracts.signTitle')} onCancel={() => setSigning(false)} onOk={() => signForm.submit()} confirmLoading={sign.isPending} destroyOnHidden okButtonProps={testId('sign-submit')}>
        <Form form={signForm} layout="vertical" preserve={false} initialValues={{ signedOn: dayjs() }} onFinish={(v) => sign.mutate(v)}>
          <Typography.Paragraph type="secondary">{t('sales.contracts.signHint')}</Typography.Paragraph>
          <Form.Item name="signedOn" label={t('sales.contracts.signedOn')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
};
