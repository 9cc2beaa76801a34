/**
 * /sales/contract-templates — 合同范本 (SAL-3, seed 003 9.2): templates with the clauses SAL-3 names,
 * each version reviewed for legal (an approval decided by the general manager) before contracts may use it.
 */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Segmented, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { contractClauseKeys, type ContractClauses, type ContractTemplate, type TemplateVersionState } from '../../../contract/sales.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { FullPageSpin, LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { testId } from '../../ui/test-id.js';
import { useCurrentUser } from '../auth/current-user.js';
import { salesKey } from './receivables-page.js';

const authorRoles = ['marketing_manager', 'marketing_director', 'office_head', 'gm'];
const versionColor: Record<TemplateVersionState, string> = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default', expired: 'default' };
const templatesKey = [...salesKey, 'contract-templates'];

/** The clauses, one text area each, every one required (SAL-3). */
const ClauseFields = () => {
  const { t } = useTranslation();
  return (
    <>
      {contractClauseKeys.map((k) => (
        <Form.Item key={k} name={['clauses', k]} label={t(`sales.templates.clauses.${k}`)} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea maxLength={5000} autoSize={{ minRows: 1, maxRows: 6 }} data-testid={`clause-${k}`} />
        </Form.Item>
      ))}
    </>
  );
};

/** The clauses as read-only text, in the order SAL-3 names them. */
export const ClauseList = ({ clauses }: { clauses: ContractClauses }) => {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered items={contractClauseKeys.map((k) => ({ key: k, label: t(`sales.templates.clauses.${k}`), children: <span style={{ whiteSpace: 'pre-wrap' }}>{clauses[k]}</span> }))} />
  );
};

const TemplateModal = ({ template, onClose }: { template: ContractTemplate | 'new' | null; onClose: (saved?: ContractTemplate) => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; clauses: ContractClauses }>();
  const save = useMutation({
    mutationFn: (v: { name: string; clauses: ContractClauses }) =>
      template === 'new' || template === null
        ? call('createContractTemplate', { body: { name: v.name.trim(), clauses: v.clauses } })
        : call('createContractTemplateVersion', { params: { id: template.id }, body: { version: template.version, clauses: v.clauses } }),
    onSuccess: async (saved) => {
      void message.success(t('sales.templates.submitted'));
      await queryClient.invalidateQueries({ queryKey: templatesKey });
      onClose(saved);
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const base = template && template !== 'new' ? template.versions[0] : null;
  return (
    <Modal open={template !== null} width={720} title={template === 'new' ? t('sales.templates.new') : t('sales.templates.newVersion')} onCancel={() => onClose()} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden okText={t('sales.templates.submit')} okButtonProps={testId('template-submit')}>
      <Typography.Paragraph type="secondary">{t('sales.templates.reviewHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={base ? { clauses: base.clauses } : {}} onFinish={(v) => save.mutate(v)}>
        {template === 'new' ? (
          <Form.Item name="name" label={t('sales.templates.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} data-testid="template-name" />
          </Form.Item>
        ) : null}
        <ClauseFields />
      </Form>
    </Modal>
  );
};

export const ContractTemplatesPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [usable, setUsable] = useState<'all' | 'true' | 'false'>('all');
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<ContractTemplate | 'new' | null>(null);
  const list = useQuery({ queryKey: [...templatesKey, usable, q], queryFn: () => call('listContractTemplates', { query: { ...(usable === 'all' ? {} : { usable }), ...(q.trim() ? { q: q.trim() } : {}) } }) });
  const items = list.data?.items ?? [];
  const mayWrite = me.roles.some((r) => authorRoles.includes(r));
  const stateLabel = (x: ContractTemplate) => (x.disabled ? t('sales.templates.disabled') : x.usable ? t('sales.templates.usable') : t('sales.templates.notUsable'));
  const columns = [
    { header: t('sales.templates.name'), value: (x: ContractTemplate) => x.name },
    { header: t('sales.templates.approvedVersion'), value: (x: ContractTemplate) => (x.approvedVersion ? `v${x.approvedVersion.number}` : '') },
    { header: t('sales.templates.pendingVersion'), value: (x: ContractTemplate) => (x.pendingVersion ? `v${x.pendingVersion.number}` : '') },
    { header: t('sales.templates.state'), value: stateLabel },
  ];
  return (
    <>
      <PageHeader
        title={t('sales.templates.title')}
        description={t('sales.templates.description')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} disabled={items.length === 0} onClick={() => exportRows('xlsx', 'contract-templates', t('sales.templates.title'), columns, items)}>
              Excel
            </Button>
            {mayWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="template-new">
                {t('sales.templates.new')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented value={usable} onChange={(v) => setUsable(v as typeof usable)} options={[{ value: 'all', label: t('sales.receivables.all') }, { value: 'true', label: t('sales.templates.usable') }, { value: 'false', label: t('sales.templates.notUsable') }]} />
          <Input.Search allowClear placeholder={t('sales.templates.name')} style={{ maxWidth: 240 }} onSearch={setQ} />
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<ContractTemplate>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 480 }}
          locale={{ emptyText: t('sales.templates.empty') }}
          columns={[
            { title: t('sales.templates.name'), dataIndex: 'name', render: (v: string, x) => <Link to={`/sales/contract-templates/${x.id}`}>{v}</Link> },
            { title: t('sales.templates.approvedVersion'), key: 'a', width: 110, render: (_: unknown, x) => (x.approvedVersion ? `v${x.approvedVersion.number}` : '—') },
            { title: t('sales.templates.pendingVersion'), key: 'p', width: 110, responsive: ['md'], render: (_: unknown, x) => (x.pendingVersion ? <Tag color="gold">v{x.pendingVersion.number}</Tag> : '—') },
            { title: t('sales.templates.state'), key: 's', width: 110, render: (_: unknown, x) => <Tag color={x.usable ? 'green' : 'default'}>{stateLabel(x)}</Tag> },
          ]}
        />
      </Card>
      <TemplateModal template={editing} onClose={() => setEditing(null)} />
    </>
  );
};

/** /sales/contract-templates/:id — one template: the version in use, the one under review, the history. */
export const ContractTemplatePage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ContractTemplate | null>(null);
  const q = useQuery({ queryKey: [...templatesKey, id], queryFn: () => call('getContractTemplate', { params: { id } }) });
  const toggle = useMutation({
    mutationFn: (v: { version: number; disabled: boolean }) => call('updateContractTemplate', { params: { id }, body: v }),
    onSuccess: (x) => {
      queryClient.setQueryData([...templatesKey, id], x);
      void queryClient.invalidateQueries({ queryKey: templatesKey });
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  if (q.isLoading) return <FullPageSpin />;
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const x = q.data;
  const mayWrite = me.roles.some((r) => authorRoles.includes(r));
  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span>{x.name}</span>
            <Tag color={x.usable ? 'green' : 'default'} data-testid="template-state">
              {x.disabled ? t('sales.templates.disabled') : x.usable ? t('sales.templates.usable') : t('sales.templates.notUsable')}
            </Tag>
          </Flex>
        }
        description={t('sales.templates.reviewHint')}
        extra={
          mayWrite ? (
            <>
              <Flex gap={6} align="center">
                <Switch checked={!x.disabled} loading={toggle.isPending} onChange={(on) => toggle.mutate({ version: x.version, disabled: !on })} />
                {t('sales.templates.enabled')}
              </Flex>
              <Button type="primary" disabled={x.pendingVersion !== null || x.disabled} onClick={() => setEditing(x)} data-testid="template-new-version">
                {t('sales.templates.newVersion')}
              </Button>
            </>
          ) : null
        }
      />
      {x.pendingVersion ? (
        <Card size="small" style={{ marginBottom: 16 }} title={t('sales.templates.underReview', { n: x.pendingVersion.number })} extra={x.pendingVersion.approvalId ? <Link to={`/approvals/${x.pendingVersion.approvalId}`}>{t('sales.templates.openApproval')}</Link> : null}>
          <ClauseList clauses={x.pendingVersion.clauses} />
        </Card>
      ) : null}
      <Card size="small" style={{ marginBottom: 16 }} title={x.approvedVersion ? t('sales.templates.inUse', { n: x.approvedVersion.number, by: x.approvedVersion.decidedByName ?? '', at: x.approvedVersion.decidedAt?.slice(0, 10) ?? '' }) : t('sales.templates.noneApproved')}>
        {x.approvedVersion ? <ClauseList clauses={x.approvedVersion.clauses} /> : <Typography.Text type="secondary">{t('sales.templates.notUsableHint')}</Typography.Text>}
      </Card>
      <Card size="small" title={t('sales.templates.history')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={x.versions}
          columns={[
            { title: t('sales.templates.version'), dataIndex: 'number', width: 70, render: (n: number) => `v${n}` },
            { title: t('sales.templates.state'), dataIndex: 'state', width: 100, render: (s: TemplateVersionState) => <Tag color={versionColor[s]}>{t(`sales.templates.versionStates.${s}`)}</Tag> },
            { title: t('sales.templates.author'), dataIndex: 'createdByName', responsive: ['md'] },
            { title: t('sales.templates.decidedBy'), key: 'd', render: (_: unknown, v) => (v.decidedByName ? `${v.decidedByName} ${v.decidedAt?.slice(0, 10) ?? ''}` : '—') },
          ]}
        />
      </Card>
      <TemplateModal template={editing} onClose={() => setEditing(null)} />
    </>
  );
};
