/**
 * 客户评估结果的使用 (seed 000 客户关系维护方案 §六): review comments of the marketing director and the
 * marketing manager, feedback of related departments, and the improvement measures the marketing
 * department records against a completed relationship evaluation.
 */
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Flex, Input, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';
import { UserField } from '../archive-security/user-field.js';
import { useEvaluationRoles } from './evaluation-ui.js';

type Relationship = RouteResult<'getRelationshipEvaluation'>;
const roleColors: Record<string, string> = { marketing_director: 'purple', marketing_manager: 'blue', department: 'default' };

export const RelationshipFollowUp = ({ relationship: r, onChange }: { relationship: Relationship; onChange: (next: Relationship) => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roles = useEvaluationRoles();
  const [comment, setComment] = useState('');
  const [measure, setMeasure] = useState('');
  const [ownerId, setOwnerId] = useState<string | undefined>();
  const [dueOn, setDueOn] = useState<Dayjs | null>(null);
  const addComment = useMutation({
    mutationFn: () => call('commentRelationshipEvaluation', { params: { id: r.id }, body: { body: comment.trim() } }),
    onSuccess: (next) => {
      setComment('');
      void message.success(t('evaluation.relationship.commented'));
      onChange(next);
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const addMeasure = useMutation({
    mutationFn: () => call('addRelationshipMeasure', { params: { id: r.id }, body: { measure: measure.trim(), ownerId: ownerId ?? null, dueOn: dueOn ? dueOn.format('YYYY-MM-DD') : null } }),
    onSuccess: (next) => {
      setMeasure('');
      setDueOn(null);
      setOwnerId(undefined);
      void message.success(t('evaluation.relationship.measureAdded'));
      onChange(next);
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  return (
    <>
      <Card title={t('evaluation.relationship.comments')} data-testid="relationship-comments">
        {r.comments.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('evaluation.relationship.noComments')} /> : null}
        <Flex vertical gap={12}>
          {r.comments.map((c) => (
            <Flex vertical key={c.id} data-testid={`relationship-comment-${c.id}`} style={{ borderBottom: '1px solid var(--ant-color-split)', paddingBottom: 8 }}>
              <Flex gap={8} wrap align="center">
                <Typography.Text strong>{c.authorName ?? '—'}</Typography.Text>
                <Tag color={roleColors[c.role] ?? 'default'}>{t(`evaluation.relationship.commentRoles.${c.role as 'department'}`, { defaultValue: c.role })}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(c.at)}</Typography.Text>
              </Flex>
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{c.body}</Typography.Paragraph>
            </Flex>
          ))}
        </Flex>
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          <Input.TextArea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('evaluation.relationship.commentPlaceholder')} style={{ flex: '1 1 260px' }} data-testid="relationship-comment-input" />
          <Button type="primary" disabled={!comment.trim()} loading={addComment.isPending} onClick={() => addComment.mutate()} data-testid="relationship-comment-add">{t('evaluation.relationship.addComment')}</Button>
        </Flex>
      </Card>
      <Card title={t('evaluation.relationship.measures')} data-testid="relationship-measures">
        <Table size="small" rowKey="id" pagination={false} dataSource={r.measures} scroll={{ x: 'max-content' }} locale={{ emptyText: t('evaluation.relationship.noMeasures') }}
          columns={[
            { title: t('evaluation.form.seq'), key: 'n', width: 56, render: (_v, _r, n) => n + 1 },
            { title: t('evaluation.relationship.measure'), dataIndex: 'measure', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
            { title: t('evaluation.relationship.owner'), dataIndex: 'ownerName', render: (v: string | null) => v ?? '—' },
            { title: t('evaluation.relationship.dueOn'), dataIndex: 'dueOn', render: (v: string | null) => v ?? '—' },
            { title: t('evaluation.relationship.createdBy'), dataIndex: 'createdByName' },
            { title: t('evaluation.changes.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          ]} />
        {roles.recordsMeasures ? (
          <Flex gap={8} wrap style={{ marginTop: 12 }} align="flex-start">
            <Input.TextArea rows={2} maxLength={1000} value={measure} onChange={(e) => setMeasure(e.target.value)} placeholder={t('evaluation.relationship.measurePlaceholder')} style={{ flex: '1 1 260px' }} data-testid="relationship-measure-input" />
            <Flex vertical gap={8}>
              <DatePicker value={dueOn} onChange={setDueOn} placeholder={t('evaluation.relationship.dueOn')} data-testid="relationship-measure-due" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('evaluation.relationship.ownerPlaceholder')}</Typography.Text>
              <UserField value={ownerId} onChange={setOwnerId} style={{ width: 220 }} />
            </Flex>
            <Button type="primary" disabled={!measure.trim()} loading={addMeasure.isPending} onClick={() => addMeasure.mutate()} data-testid="relationship-measure-add">{t('evaluation.relationship.addMeasure')}</Button>
          </Flex>
        ) : null}
      </Card>
    </>
  );
};
