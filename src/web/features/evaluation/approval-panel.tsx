/**
 * The approval an evaluation waits for (SEC-7), shown on the form itself: who asked, who decides,
 * and — for the approver — approve or send back with a comment. The approval queue lists the
 * same requests; deciding here is the same call.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, isApiError } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';

const stateColors: Record<string, string> = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default', expired: 'default' };

export const ApprovalPanel = ({ approvalId, onDecided, testId = 'approval' }: { approvalId: string; onDecided: () => void; testId?: string }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const q = useQuery({ queryKey: ['approvals', 'one', approvalId], queryFn: () => call('getApproval', { params: { id: approvalId } }), retry: false });
  const decide = useMutation({
    mutationFn: (kind: 'approve' | 'reject' | 'withdraw') =>
      kind === 'withdraw'
        ? call('withdrawApproval', { params: { id: approvalId } })
        : call(kind === 'approve' ? 'approveApproval' : 'rejectApproval', { params: { id: approvalId }, body: comment.trim() ? { comment: comment.trim() } : {} }),
    onSuccess: (a) => {
      void message.success(t(`evaluation.approval.done.${a.state}`, { defaultValue: t('evaluation.form.saved') }));
      setComment('');
      void qc.invalidateQueries({ queryKey: ['approvals'] });
      onDecided();
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  // not a party to the request (404): the state tag on the form says enough
  if (q.isError && isApiError(q.error) && q.error.status === 404) return null;
  const a = q.data;
  if (!a) return null;
  const role = t(`evaluation.approval.roles.${a.approverRole}`, { defaultValue: a.approverRole });
  return (
    <Alert
      type={a.state === 'pending' ? 'warning' : a.state === 'approved' ? 'success' : 'info'}
      showIcon
      data-testid={testId}
      style={{ marginTop: 12 }}
      title={
        <Space wrap size={4}>
          <span>{t('evaluation.approval.title')}</span>
          <Tag color={stateColors[a.state]} data-testid={`${testId}-state`}>{t(`evaluation.approval.states.${a.state}`)}</Tag>
        </Space>
      }
      description={
        <Flex vertical gap={8}>
          <Typography.Text>{t('evaluation.approval.requested', { by: a.requesterName ?? '—', at: formatDateTime(a.createdAt), role })}</Typography.Text>
          {a.decidedAt ? <Typography.Text>{t('evaluation.approval.decided', { by: a.decidedByName ?? '—', at: formatDateTime(a.decidedAt) })}{a.decisionComment ? t('evaluation.approval.withComment', { comment: a.decisionComment }) : ''}</Typography.Text> : null}
          {a.canDecide ? (
            <Flex gap={8} wrap>
              <Input.TextArea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('evaluation.approval.comment')} style={{ flex: '1 1 240px' }} data-testid={`${testId}-comment`} />
              <Space wrap>
                <Button type="primary" loading={decide.isPending && decide.variables === 'approve'} onClick={() => decide.mutate('approve')} data-testid={`${testId}-approve`}>{t('evaluation.approval.approve')}</Button>
                <Button danger loading={decide.isPending && decide.variables === 'reject'} onClick={() => decide.mutate('reject')} data-testid={`${testId}-reject`}>{t('evaluation.approval.reject')}</Button>
              </Space>
            </Flex>
          ) : null}
          {a.canWithdraw ? (
            <div>
              <Button size="small" loading={decide.isPending && decide.variables === 'withdraw'} onClick={() => decide.mutate('withdraw')} data-testid={`${testId}-withdraw`}>{t('evaluation.approval.withdraw')}</Button>
            </div>
          ) : null}
        </Flex>
      }
    />
  );
};
