/** /customers/:id: the archive header and its tabs in the order of the 客户档案表; edit and merge (ARC-10). */
import { EditOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Modal, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Customer } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/form-errors.js';
import { testId } from '../../ui/test-id.js';
import { ContactsTab } from './contacts-tab.js';
import { enumLabel } from './customer-fields.js';
import { CustomerFieldsView } from './customer-fields-view.js';
import { CustomFieldsView } from '../custom-fields/custom-field-inputs.js';
import { ViewersTab } from './viewers-tab.js';
import { CustomerPicker } from './customer-picker.js';
import { GradeTags, SecrecyBadge } from './customer-tags.js';
import { FeedbackTab } from './feedback-tab.js';
import { CustomerComplaintCounts, CustomerComplaintsTab } from '../complaints/customer-complaints-tab.js';
import { HistoryTab } from './history-tab.js';
import { TimelineTab } from './timeline-tab.js';
import { DocumentsTab } from '../documents/documents-tab.js';
import { PrintMenu } from '../documents/print-menu.js';
import { SelfServiceTab } from '../self-service/self-service-tab.js';
import { SendSurveyButton } from '../surveys/send-survey-button.js';
import { TransactionsTab } from './transactions-tab.js';
import { PointsTab } from '../rewards/points-tab.js';
import { customersKey, useCustomer } from './use-customers.js';
import { CustomerEvaluationTab } from '../evaluation/customer-evaluation-tab.js';
import { ArchiveActions } from '../archive-security/archive-actions.js';
import { ShareButton } from '../sharing/share-dialog.js';
import { Watermarked } from '../archive-security/watermark.js';
import { CustomerLoadError, GrantBanner, ViewOnlyAlert, WithheldAlert, WithheldTab } from '../borrowing/withheld.js';

const MergeModal = ({ customer, open, onClose }: { customer: Customer; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [intoId, setIntoId] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: (id: string) => call('mergeCustomer', { params: { id: customer.id }, body: { intoId: id, version: customer.version } }),
    onSuccess: async (survivor) => {
      void message.success(t('customers.merge.merged'));
      await queryClient.invalidateQueries({ queryKey: customersKey });
      onClose();
      void navigate(`/customers/${survivor.id}`);
    },
  });
  const confirm = () => {
    if (!intoId) return;
    modal.confirm({
      title: t('customers.merge.confirm'),
      content: t('customers.merge.hint'),
      okButtonProps: { danger: true },
      onOk: () => mutation.mutateAsync(intoId).catch(() => undefined),
    });
  };
  return (
    <Modal
      open={open}
      title={t('customers.merge.title', { name: customer.name })}
      onCancel={onClose}
      onOk={confirm}
      okText={t('customers.merge.confirm')}
      okButtonProps={{ danger: true, disabled: !intoId, ...testId('customer-merge-submit') }}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      {mutation.isError ? <ProblemAlert error={mutation.error} /> : null}
      <Alert type="warning" showIcon title={t('customers.merge.hint')} style={{ marginBottom: 16 }} />
      <Form layout="vertical">
        <Form.Item label={t('customers.merge.target')}>
          <CustomerPicker value={intoId} onChange={setIntoId} excludeId={customer.id} placeholder={t('customers.merge.pickPlaceholder')} testId="customer-merge-target" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

const tabKeys = ['basic', 'contacts', 'profile', 'transactions', 'feedback', 'complaints', 'documents', 'evaluation', 'history', 'timeline', 'selfService', 'points', 'viewers'] as const;
type TabKey = (typeof tabKeys)[number];
/** The field group (SEC-4) each tab's data belongs to. */
const tabGroups: Partial<Record<TabKey, 'contacts' | 'financial' | 'documents' | 'evaluation'>> = { contacts: 'contacts', transactions: 'financial', documents: 'documents', evaluation: 'evaluation' };

const Header = ({ customer, onMerge, onComplaints }: { customer: Customer; onMerge: () => void; onComplaints: () => void }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const borrowed = customer.accessVia === 'grant';
  return (
    <Card style={{ marginBottom: 16 }} data-testid="customer-header">
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Space wrap size={8} align="center">
            <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-all' }} data-testid="customer-name">
              {customer.name}
            </Typography.Title>
            <SecrecyBadge level={customer.secrecyLevel} />
            {customer.lifecycle !== 'active' ? <Tag color="default">{enumLabel(t, 'lifecycle', customer.lifecycle)}</Tag> : null}
          </Space>
          <div style={{ marginTop: 6 }}>
            <Space wrap size={[12, 4]}>
              <Typography.Text copyable data-testid="customer-archive-no">
                {customer.archiveNo}
              </Typography.Text>
              <span>
                <GradeTags customer={customer} />
              </span>
              <Typography.Text type="secondary">{t('customers.detail.owner', { name: customer.ownerName ?? '—' })}</Typography.Text>
              <Typography.Text type="secondary" data-testid="customer-revisions">
                {t('customers.detail.revisions', { count: customer.revisionCount })}
              </Typography.Text>
              <Typography.Text type="secondary">{t('customers.detail.lastChanged', { time: formatDateTime(customer.updatedAt) })}</Typography.Text>
              <CustomerComplaintCounts customerId={customer.id} onOpen={onComplaints} />
            </Space>
          </div>
        </div>
        <Space wrap>
          {/* a borrowing grant is for reading only (SEC-6): no edit, merge or protected changes */}
          {borrowed ? null : (
            <Button type="primary" icon={<EditOutlined />} onClick={() => void navigate(`/customers/${customer.id}/edit`)} data-testid="customer-edit">
              {t('customers.detail.edit')}
            </Button>
          )}
          {/* view-only levels (SEC-5): no print, export or download actions at all */}
          {customer.viewOnly ? null : <PrintMenu customer={customer} />}
          {borrowed ? null : (
            <Button icon={<MergeCellsOutlined />} onClick={onMerge} data-testid="customer-merge">
              {t('customers.detail.merge')}
            </Button>
          )}
          {borrowed ? null : <ShareButton customer={customer} />}
          {borrowed ? null : <SendSurveyButton customerId={customer.id} />}
          {borrowed ? null : <ArchiveActions customer={customer} />}
        </Space>
      </Flex>
      <ViewOnlyAlert customer={customer} />
      <GrantBanner customer={customer} />
      <WithheldAlert customer={customer} />
    </Card>
  );
};

export const CustomerDetailPage = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const [merging, setMerging] = useState(false);
  const customer = useCustomer(id);
  const requested = searchParams.get('tab');
  const tab: TabKey = tabKeys.includes(requested as TabKey) ? (requested as TabKey) : 'basic';

  if (customer.isError) return <CustomerLoadError customerId={id} error={customer.error} onRetry={() => void customer.refetch()} />;
  if (!customer.data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const c = customer.data;
  const render = (key: TabKey) => {
    // a tab whose field group is withheld answers 403: say so, and offer the request (SEC-4, SEC-6)
    const group = tabGroups[key];
    if (group && c.withheld.includes(group)) return <WithheldTab customer={c} group={group} />;
    switch (key) {
      case 'basic':
        return (
          <>
            <CustomerFieldsView customer={c} groups={['basic', 'contact', 'daily']} />
            <CustomFieldsView custom={c.custom ?? undefined} />
          </>
        );
      case 'contacts':
        return <ContactsTab customerId={c.id} readOnly={c.accessVia === 'grant'} />;
      case 'profile':
        return <CustomerFieldsView customer={c} groups={['profile']} />;
      case 'transactions':
        return (
          <>
            <TransactionsTab customerId={c.id} />
            <div style={{ marginTop: 16 }}>
              <CustomerFieldsView customer={c} groups={['position']} />
            </div>
          </>
        );
      case 'feedback':
        return <FeedbackTab customerId={c.id} />;
      case 'complaints':
        return <CustomerComplaintsTab customerId={c.id} />;
      case 'history':
        return <HistoryTab customerId={c.id} />;
      case 'evaluation':
        return <CustomerEvaluationTab customerId={c.id} />;
      case 'timeline':
        return <TimelineTab customerId={c.id} />;
      case 'documents':
        return <DocumentsTab customerId={c.id} />;
      case 'selfService':
        return <SelfServiceTab customer={c} />;
      case 'points':
        return <PointsTab customerId={c.id} ownerId={c.ownerId} customerType={c.customerType} />;
      case 'viewers':
        return <ViewersTab customerId={c.id} />;
    }
  };

  return (
    <Watermarked enabled={c.watermark === true}>
      <Header customer={c} onMerge={() => setMerging(true)} onComplaints={() => setSearchParams({ tab: 'complaints' }, { replace: true })} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearchParams(key === 'basic' ? {} : { tab: key }, { replace: true })}
          destroyOnHidden
          items={tabKeys.map((key) => ({
            key,
            label: <span data-testid={`customer-tab-${key}`}>{t(`customers.detail.tabs.${key}`)}</span>,
            children: render(key),
          }))}
        />
      </Card>
      <MergeModal customer={c} open={merging} onClose={() => setMerging(false)} />
    </Watermarked>
  );
};
