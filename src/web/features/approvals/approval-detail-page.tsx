/** /approvals/:id (SEC-7): what is asked, by whom, who decides by which rule, the comments, and the decision or withdrawal. */
import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Input, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Approval } from '../../../contract/approvals.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { useCurrentUser } from '../auth/current-user.js';
import { approvalTypeLabel, readableSummary, roleLabel } from './approval-labels.js';
import { ApprovalPayload } from './approval-payload.js';
import { ApprovalStateTag } from './approvals-page.js';
import { useApproval, useRefreshAfterDecision } from './use-approvals.js';

/** Where the subject of an approval lives in the app, if anywhere the viewer may go. */
const subjectLinks = (a: Approval, t: TFunction, mine: boolean): ReactNode[] => {
  const links: ReactNode[] = [];
  const customerVisible = a.customerId !== null && a.customerName !== null;
  const evaluationId = a.payload['evaluationId'];
  if (a.type === 'document_delete' && customerVisible) links.push(<Link key="docs" to={`/customers/${a.customerId}?tab=documents`}>{t('security.approval.openDocuments')}</Link>);
  else if (customerVisible && a.type !== 'customer_restore') links.push(<Link key="customer" to={`/customers/${a.customerId}`} data-testid="approval-open-customer">{t('security.approval.openCustomer')}</Link>);
  if ((a.type === 'evaluation_finalise' || a.type === 'grade_override') && typeof evaluationId === 'string') links.push(<Link key="eva" to={`/evaluation/${evaluationId}`}>{t('security.approval.openEvaluation')}</Link>);
  if (a.type === 'customer_restore' || a.type === 'customer_delete') links.push(<Link key="bin" to="/recycle-bin">{t('security.approval.openRecycleBin')}</Link>);
  if (a.type === 'destruction') links.push(<Link key="destr" to="/destructions">{t('security.approval.openDestructions')}</Link>);
  if ((a.type === 'personal_data_export' || a.type === 'personal_data_erasure') && mine) links.push(<Link key="pd" to="/admin/personal-data">{t('security.approval.openPersonalData')}</Link>);
  if (a.type === 'access_request' && mine) links.push(<Link key="ar" to="/access-requests">{t('security.approval.openAccessRequests')}</Link>);
  return links;
};

const Decision = ({ approval }: { approval: Approval }) => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const refresh = useRefreshAfterDecision();
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: (kind: 'approve' | 'reject') =>
      call(kind === 'approve' ? 'approveApproval' : 'rejectApproval', { params: { id: approval.id }, body: comment.trim() ? { comment: comment.trim() } : {} }),
    onSuccess: async (a) => {
      void message.success(t(a.state === 'approved' ? 'security.approval.approved' : 'security.approval.rejected'));
      setComment('');
      await refresh();
    },
    onError: async () => {
      // 409: decided meanwhile — show the current state
      await refresh();
    },
  });
  const ask = (kind: 'approve' | 'reject') =>
    modal.confirm({
      title: t(kind === 'approve' ? 'security.approval.approveConfirm' : 'security.approval.rejectConfirm'),
      okText: t(kind === 'approve' ? 'security.approval.approve' : 'security.approval.reject'),
      okButtonProps: kind === 'reject' ? { danger: true } : {},
      onOk: () => decide.mutateAsync(kind).catch(() => undefined),
    });
  return (
    <Card title={t('security.approval.decide')} size="small" style={{ marginBottom: 16 }} data-testid="approval-decision">
      {decide.isError ? <ProblemAlert error={decide.error} /> : null}
      <Input.TextArea
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('security.approval.decisionPlaceholder')}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={2000}
        style={{ marginBottom: 12 }}
        data-testid="approval-comment-input"
      />
      <Flex gap={8} wrap>
        <Button type="primary" icon={<CheckOutlined />} loading={decide.isPending && decide.variables === 'approve'} onClick={() => ask('approve')} data-testid="approval-approve">
          {t('security.approval.approve')}
        </Button>
        <Button danger icon={<CloseOutlined />} loading={decide.isPending && decide.variables === 'reject'} onClick={() => ask('reject')} data-testid="approval-reject">
          {t('security.approval.reject')}
        </Button>
      </Flex>
    </Card>
  );
};

const Comments = ({ approval }: { approval: Approval }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshAfterDecision();
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => call('commentApproval', { params: { id: approval.id }, body: { body: body.trim() } }),
    onSuccess: async () => {
      setBody('');
      void message.success(t('security.approval.commented'));
      await refresh();
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  return (
    <Card title={t('security.approval.comments')} size="small" data-testid="approval-comments">
      {approval.comments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('security.approval.noComments')} />
      ) : (
        <Timeline
          items={approval.comments.map((c) => ({
            key: c.id,
            title: (
              <Space size={8} wrap>
                <Typography.Text strong>{c.authorName ?? c.authorId}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(c.at)}
                </Typography.Text>
              </Space>
            ),
            content: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.body}</Typography.Paragraph>,
          }))}
        />
      )}
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder={t('security.approval.commentPlaceholder')}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={2000}
        style={{ marginTop: 8, marginBottom: 8 }}
        data-testid="approval-new-comment"
      />
      <Button onClick={() => add.mutate()} disabled={!body.trim()} loading={add.isPending} data-testid="approval-add-comment">
        {t('security.approval.addComment')}
      </Button>
    </Card>
  );
};

export const ApprovalDetailPage = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const { message, modal } = App.useApp();
  const refresh = useRefreshAfterDecision();
  const q = useApproval(id);
  const withdraw = useMutation({
    mutationFn: () => call('withdrawApproval', { params: { id } }),
    onSuccess: async () => {
      void message.success(t('security.approval.withdrawn'));
      await refresh();
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const a = q.data;
  const mine = a.requesterId === me.id;
  const links = subjectLinks(a, t, mine);

  return (
    <>
      <PageHeader
        title={
          <Space wrap size={8}>
            <span data-testid="approval-title">{approvalTypeLabel(t, a.type)}</span>
            <ApprovalStateTag state={a.state} />
          </Space>
        }
        description={<span data-testid="approval-summary">{readableSummary(t, a.summary)}</span>}
        extra={
          a.canWithdraw ? (
            <Button
              icon={<RollbackOutlined />}
              loading={withdraw.isPending}
              data-testid="approval-withdraw"
              onClick={() => modal.confirm({ title: t('security.approval.withdrawConfirm'), okText: t('security.approval.withdraw'), onOk: () => withdraw.mutateAsync().catch(() => undefined) })}
            >
              {t('security.approval.withdraw')}
            </Button>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" style={{ marginBottom: 16 }} title={t('security.approval.payload')} extra={links.length > 0 ? <Space size={12} wrap>{links}</Space> : null}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              style={{ marginBottom: 16 }}
              items={[
                {
                  key: 'customer',
                  label: t('security.approval.customer'),
                  children:
                    a.customerId === null ? '—' : a.customerName !== null ? (
                      <span data-testid="approval-customer">{a.customerName}</span>
                    ) : (
                      <Typography.Text type="secondary" data-testid="approval-customer">
                        {t('security.approval.customerHidden')}
                      </Typography.Text>
                    ),
                },
                { key: 'requester', label: t('security.approval.requester'), children: a.requesterName ?? a.requesterId },
                { key: 'createdAt', label: t('security.approval.createdAt'), children: formatDateTime(a.createdAt) },
                { key: 'expiresAt', label: t('security.approval.expiresAt'), children: formatDateTime(a.expiresAt) },
                {
                  key: 'approver',
                  label: t('security.approval.approverRole'),
                  children: (
                    <Space size={4} wrap>
                      <span data-testid="approval-approver-role">{roleLabel(t, a.approverRole)}</span>
                      <Tag color="blue" data-testid="approval-rule">
                        {t('security.approval.approverRule')} {a.approverRule}
                      </Tag>
                    </Space>
                  ),
                },
                ...(a.decidedAt
                  ? [
                      { key: 'decidedBy', label: t('security.approval.decidedBy'), children: a.decidedByName ?? '—' },
                      { key: 'decidedAt', label: t('security.approval.decidedAt'), children: formatDateTime(a.decidedAt) },
                    ]
                  : []),
                ...(a.decisionComment ? [{ key: 'decisionComment', label: t('security.approval.decisionComment'), span: 2, children: <span data-testid="approval-decision-comment">{a.decisionComment}</span> }] : []),
              ]}
            />
            <ApprovalPayload approval={a} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          {a.canDecide ? <Decision approval={a} /> : null}
          {!a.canDecide && a.state === 'pending' ? (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={mine ? t('security.approval.ownRequest') : t('security.approval.notYours')} data-testid="approval-cannot-decide" />
          ) : null}
          <Comments approval={a} />
        </Col>
      </Row>
    </>
  );
};
