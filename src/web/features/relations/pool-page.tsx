/**
 * /relations/pool — 公海客户 (REL-1): customers without an owner, for managers. Claim one, select
 * many and assign them to an owner, or share the customers matching a rule (industry, region,
 * size, class) among several owners in turn after a preview of how many each gets.
 */
import { DownloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, List, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { assignmentPreviewSchema, assignmentResultSchema, poolCustomerSchema } from '../../../contract/relations.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { RegionCascader } from '../../ui/region-cascader.js';
import { regionName, useDivisions } from '../../ui/regions.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { UserField } from '../archive-security/user-field.js';
import { UsersField } from './users-field.js';
import { industryLabel } from '../../../contract/industries.js';
import { currentLanguage } from '../../i18n/index.js';
import { IndustryCascader } from '../../ui/industry-cascader.js';

type PoolCustomer = z.infer<typeof poolCustomerSchema>;
type Result = z.infer<typeof assignmentResultSchema>;
type Rule = { industry?: string; industryCode?: string; region?: string; minEmployees?: number; maxEmployees?: number; abcClass?: 'A' | 'B' | 'C' | 'none' };
type Filters = { region?: string; industry?: string; industryCode?: string; abcClass?: Rule['abcClass'] };
const clean = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;

export const PoolPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  useDivisions();
  const [filters, setFilters] = useState<Filters>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [handOpen, setHandOpen] = useState(false);
  const [ruleOpen, setRuleOpen] = useState(false);
  const list = useCursorList(['customer-pool', filters], (page) => call('listOpenPool', { query: { ...clean(filters), limit: 100, ...page } }));
  const done = async (r: Result) => {
    const n = r.assigned.length;
    void message.success(t('relations.pool.assigned', { count: n }));
    if (r.approvalsRequested.length > 0) void message.info(t('relations.pool.approvals', { count: r.approvalsRequested.length }));
    setSelected([]);
    await Promise.all([queryClient.invalidateQueries({ queryKey: ['customer-pool'] }), queryClient.invalidateQueries({ queryKey: ['contact-overview'] })]);
  };
  const onError = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));
  const claim = useMutation({ mutationFn: (id: string) => call('claimCustomer', { params: { id }, body: {} }), onSuccess: done, onError });
  const forbidden = list.isError && (list.error as { status?: number }).status === 403;
  const columns = [
    { header: t('relations.pool.col.customer'), value: (r: PoolCustomer) => r.name },
    { header: '档案编号', value: (r: PoolCustomer) => r.archiveNo },
    { header: t('relations.pool.col.class'), value: (r: PoolCustomer) => r.abcClass },
    { header: t('relations.pool.col.tier'), value: (r: PoolCustomer) => (r.tier ? t(`customers.tier.${r.tier as 'key'}`) : '') },
    { header: t('customers.fields.industryCode'), value: (r: PoolCustomer) => industryLabel(r.industryCode, currentLanguage()) },
    { header: t('relations.pool.col.industry'), value: (r: PoolCustomer) => r.industry },
    { header: t('relations.pool.col.region'), value: (r: PoolCustomer) => regionName(r.region) },
    { header: t('relations.pool.col.employees'), value: (r: PoolCustomer) => r.employeeCount },
    { header: t('relations.pool.col.filedOn'), value: (r: PoolCustomer) => r.filedOn },
  ];
  return (
    <>
      <PageHeader
        title={t('relations.pool.title')}
        description={t('relations.pool.description')}
        extra={
          <Flex gap={8} wrap>
            <Button type="primary" icon={<UserAddOutlined />} disabled={selected.length === 0} onClick={() => setHandOpen(true)} data-testid="pool-assign-selected">{t('relations.pool.assignSelected', { count: selected.length })}</Button>
            <Button onClick={() => setRuleOpen(true)} data-testid="pool-by-rule">{t('relations.pool.byRule')}</Button>
            <Button icon={<DownloadOutlined />} disabled={list.items.length === 0} onClick={() => exportRows('xlsx', 'customer-pool', t('relations.pool.title'), columns, list.items)} data-testid="pool-export">Excel</Button>
          </Flex>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap align="center">
          <Select allowClear style={{ width: 120 }} placeholder={t('relations.abcClass')} value={filters.abcClass} options={[...(['A', 'B', 'C'] as const).map((c) => ({ value: c, label: c })), { value: 'none' as const, label: t('relations.unclassified') }]} onChange={(v) => setFilters((f) => ({ ...f, abcClass: v }))} />
          <RegionCascader prefix value={filters.region} onChange={(code) => setFilters((f) => ({ ...f, region: code ?? undefined }))} style={{ width: 200 }} data-testid="pool-filter-region" />
          <IndustryCascader section value={filters.industryCode} onChange={(code) => setFilters((f) => ({ ...f, industryCode: code }))} placeholder={t('industry.filterPlaceholder')} style={{ width: 220 }} data-testid="pool-filter-industry-code" />
          <Input.Search allowClear style={{ width: 160 }} placeholder={t('relations.pool.industry')} onSearch={(v) => setFilters((f) => ({ ...f, industry: v.trim() || undefined }))} data-testid="pool-filter-industry" />
        </Flex>
      </Card>
      {forbidden ? <Alert type="warning" showIcon message={t('relations.pool.forbidden')} /> : list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<PoolCustomer>
        data-testid="pool-table"
        rowKey="customerId"
        size="small"
        loading={list.isLoading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('relations.pool.empty') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), getCheckboxProps: (r) => ({ 'data-testid': `pool-select-${r.customerId}` }) as never }}
        onRow={(r) => ({ 'data-testid': `pool-row-${r.customerId}` }) as never}
        columns={[
          { title: t('relations.pool.col.customer'), key: 'name', fixed: 'left', width: 180, render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.name}</Link> },
          { title: t('relations.pool.col.class'), dataIndex: 'abcClass', width: 60, render: (v: string | null) => v ?? '—' },
          { title: t('relations.pool.col.tier'), dataIndex: 'tier', width: 90, render: (v: string | null) => (v ? <Tag>{t(`customers.tier.${v as 'key'}`)}</Tag> : '—') },
          { title: t('customers.fields.industryCode'), dataIndex: 'industryCode', width: 200, render: (v: string | null) => (v ? industryLabel(v, currentLanguage()) : '—') },
          { title: t('relations.pool.col.industry'), dataIndex: 'industry', width: 120, render: (v: string | null) => v ?? '—' },
          { title: t('relations.pool.col.region'), dataIndex: 'region', width: 140, render: (v: string | null) => regionName(v) || '—' },
          { title: t('relations.pool.col.employees'), dataIndex: 'employeeCount', width: 70, render: (v: number | null) => v ?? '—' },
          { title: t('relations.pool.col.filedOn'), dataIndex: 'filedOn', width: 100 },
          { title: '', key: 'claim', width: 80, render: (_, r) => <Button size="small" loading={claim.isPending && claim.variables === r.customerId} onClick={() => claim.mutate(r.customerId)} data-testid={`pool-claim-${r.customerId}`}>{t('relations.pool.claim')}</Button> },
        ]}
      />
      {list.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('relations.loadMore')}</Button>
        </Flex>
      ) : null}
      <AssignByHand open={handOpen} customerIds={selected} onClose={() => setHandOpen(false)} onDone={done} />
      <AssignByRule open={ruleOpen} initial={filters} onClose={() => setRuleOpen(false)} onDone={done} />
    </>
  );
};

const AssignByHand = ({ open, customerIds, onClose, onDone }: { open: boolean; customerIds: string[]; onClose: () => void; onDone: (r: Result) => Promise<void> }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ownerId: string; reason: string }>();
  const m = useMutation({
    mutationFn: (v: { ownerId: string; reason: string }) => call('assignOwners', { body: { customerIds, ownerId: v.ownerId, reason: v.reason } }),
    onSuccess: async (r) => {
      onClose();
      form.resetFields();
      await onDone(r);
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  return (
    <Modal open={open} title={t('relations.pool.assignSelected', { count: customerIds.length })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okButtonProps={{ 'data-testid': 'pool-assign-ok' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ reason: t('relations.pool.reasonDefault') }} onFinish={(v) => m.mutate(v)}>
        <Form.Item name="ownerId" label={t('relations.pool.owner')} rules={[{ required: true, message: t('relations.form.required') }]}>
          <UserField />
        </Form.Item>
        <Form.Item name="reason" label={t('relations.pool.reason')} rules={[{ required: true, whitespace: true, message: t('relations.form.required') }]}>
          <Input maxLength={500} data-testid="pool-assign-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

type RuleValues = Rule & { ownerIds: string[]; reason: string };
const AssignByRule = ({ open, initial, onClose, onDone }: { open: boolean; initial: Filters; onClose: () => void; onDone: (r: Result) => Promise<void> }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleValues>();
  const [preview, setPreview] = useState<z.infer<typeof assignmentPreviewSchema> | null>(null);
  const body = (v: RuleValues) => ({ rule: clean({ industryCode: v.industryCode, industry: v.industry, region: v.region, minEmployees: v.minEmployees, maxEmployees: v.maxEmployees, abcClass: v.abcClass }), ownerIds: v.ownerIds, reason: v.reason, max: 1000 });
  const onError = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));
  const previewM = useMutation({ mutationFn: (v: RuleValues) => call('previewRuleAssignment', { body: body(v) }), onSuccess: setPreview, onError });
  const assignM = useMutation({
    mutationFn: (v: RuleValues) => call('assignByRule', { body: body(v) }),
    onSuccess: async (r) => {
      onClose();
      setPreview(null);
      await onDone(r);
    },
    onError,
  });
  const run = async (what: 'preview' | 'assign') => {
    const v = await form.validateFields();
    if (what === 'preview') previewM.mutate(v);
    else assignM.mutate(v);
  };
  return (
    <Modal
      open={open}
      title={t('relations.pool.byRule')}
      onCancel={() => { setPreview(null); onClose(); }}
      destroyOnHidden
      footer={[
        <Button key="preview" onClick={() => void run('preview')} loading={previewM.isPending} data-testid="rule-preview">{t('relations.pool.preview')}</Button>,
        <Button key="ok" type="primary" disabled={!preview || preview.total === 0} onClick={() => void run('assign')} loading={assignM.isPending} data-testid="rule-assign">{t('relations.pool.byRule')}</Button>,
      ]}
    >
      <Form form={form} layout="vertical" initialValues={{ ...initial, reason: t('relations.pool.reasonDefault') }} onValuesChange={() => setPreview(null)}>
        <Flex gap={8} wrap>
          <Form.Item name="industry" label={t('relations.pool.industry')} style={{ flex: '1 1 140px' }}><Input maxLength={100} data-testid="rule-industry" /></Form.Item>
          <Form.Item name="abcClass" label={t('relations.abcClass')} style={{ flex: '1 1 100px' }}>
            <Select allowClear options={[...(['A', 'B', 'C'] as const).map((c) => ({ value: c, label: c })), { value: 'none' as const, label: t('relations.unclassified') }]} />
          </Form.Item>
        </Flex>
        <Form.Item name="industryCode" label={t('customers.fields.industryCode')} extra={t('industry.hint')}><IndustryCascader section placeholder={t('industry.filterPlaceholder')} data-testid="rule-industry-code" /></Form.Item>
        <Form.Item name="region" label={t('relations.region')}><RegionCascader prefix style={{ width: '100%' }} /></Form.Item>
        <Flex gap={8}>
          <Form.Item name="minEmployees" label={t('relations.pool.minEmployees')} style={{ flex: 1 }}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="maxEmployees" label={t('relations.pool.maxEmployees')} style={{ flex: 1 }}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
        </Flex>
        <Form.Item name="ownerIds" label={t('relations.pool.owners')} rules={[{ required: true, message: t('relations.form.required') }]}><UsersField testId="rule-owners" /></Form.Item>
        <Form.Item name="reason" label={t('relations.pool.reason')} rules={[{ required: true, whitespace: true, message: t('relations.form.required') }]}><Input maxLength={500} /></Form.Item>
      </Form>
      {preview ? (
        <Alert
          type={preview.total > 0 ? 'info' : 'warning'}
          data-testid="rule-preview-result"
          message={t('relations.pool.previewResult', { total: preview.total })}
          description={<List size="small" dataSource={preview.perOwner} renderItem={(o) => <List.Item>{t('relations.pool.perOwner', { name: o.ownerName ?? o.ownerId, count: o.count })}</List.Item>} />}
        />
      ) : null}
    </Modal>
  );
};
