/** 定期清理 (ARC-9): dormant and invalid archives proposed for review; keep, mark invalid (SEC-8) or ask to destroy (SEC-9). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, Grid, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { reviewReasons, type ReviewReason } from '../../../contract/archive-review.routes.js';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type Item = RouteResult<'listArchiveReview'>['items'][number];
type Decision = 'keep' | 'invalid' | 'destroy';
type Values = { note?: string; reason?: string };

export const ArchiveReviewPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<ReviewReason | undefined>(undefined);
  const [deciding, setDeciding] = useState<{ item: Item; decision: Decision } | null>(null);
  const [form] = Form.useForm<Values>();
  const formErrors = useFormErrors(form, ['note', 'reason'], 'review-error');
  const list = useCursorList(['archive-review', reason], (page) => call('listArchiveReview', { query: { limit: 50, ...(reason ? { reason } : {}), ...page } }));
  const decide = useMutation({
    mutationFn: (v: Values) => call('decideArchiveReview', { params: { id: deciding!.item.id }, body: { decision: deciding!.decision, ...(v.note ? { note: v.note } : {}), ...(v.reason ? { reason: v.reason } : {}) } }),
    onMutate: formErrors.clear,
    onSuccess: (r) => {
      setDeciding(null);
      void message.success(t('security.review.decided', { decision: t(`security.review.${r.decision}`) }));
      void queryClient.invalidateQueries({ queryKey: ['archive-review'] });
    },
    onError: formErrors.onError,
  });
  const open = (item: Item, decision: Decision) => {
    form.resetFields();
    formErrors.clear();
    setDeciding({ item, decision });
  };
  const reasonTags = (r: Item) => [
    ...r.reasons.map((x) => <Tag key={x} color={x === 'dormant' ? 'default' : 'orange'}>{t(`security.review.reason.${x}`)}</Tag>),
    // SEC-4: whether it can be reached is not judged on contacts the reviewer may not read
    ...(r.withheld.includes('contacts') ? [<Tag key="withheld">{t('security.review.reachabilityWithheld')}</Tag>] : []),
  ];
  const actions = (r: Item) => (
    <Space size={4} wrap>
      <Button size="small" onClick={() => open(r, 'keep')} data-testid={`review-keep-${r.archiveNo}`}>{t('security.review.keep')}</Button>
      <Button size="small" onClick={() => open(r, 'invalid')} data-testid={`review-invalid-${r.archiveNo}`}>{t('security.review.invalid')}</Button>
      {r.lifecycle === 'dormant' ? <Button size="small" danger onClick={() => open(r, 'destroy')} data-testid={`review-destroy-${r.archiveNo}`}>{t('security.review.destroy')}</Button> : null}
    </Space>
  );
  const items = list.items as Item[];
  return (
    <>
      <PageHeader title={t('security.review.title')} description={t('security.review.description')} />
      <Card>
        <Select
          allowClear
          placeholder={t('security.review.reasonFilter')}
          value={reason}
          onChange={(v: ReviewReason | undefined) => setReason(v)}
          options={reviewReasons.map((x) => ({ value: x, label: t(`security.review.reason.${x}`) }))}
          style={{ minWidth: 200, marginBottom: 16 }}
          data-testid="review-reason-filter"
        />
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : phone ? (
          <List
            loading={list.isPending}
            dataSource={items}
            locale={{ emptyText: <Empty description={t('security.review.empty')} /> }}
            renderItem={(r) => (
              <Card size="small" style={{ marginBottom: 8 }} data-testid={`review-row-${r.archiveNo}`}>
                <Link to={`/customers/${r.id}`} style={{ fontWeight: 600, wordBreak: 'break-all' }}>{r.name}</Link>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{r.archiveNo} · {r.ownerName ?? '—'}</Typography.Text>
                <div style={{ margin: '6px 0' }}>{reasonTags(r)}</div>
                {actions(r)}
              </Card>
            )}
          />
        ) : (
          <Table<Item>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('security.review.empty')} /> }}
            onRow={(r) => ({ 'data-testid': `review-row-${r.archiveNo}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('customers.fields.archiveNo'), dataIndex: 'archiveNo', width: 150 },
              { title: t('customers.fields.name'), dataIndex: 'name', render: (v: string, r) => <Link to={`/customers/${r.id}`}>{v}</Link> },
              { title: t('security.review.reasons'), key: 'reasons', render: (_, r) => reasonTags(r) },
              { title: t('security.recycle.owner'), dataIndex: 'ownerName', width: 100, render: (v: string | null) => v ?? '—' },
              { title: t('security.review.lastTransaction'), dataIndex: 'lastTransactionOn', width: 120, render: (v: string | null) => v ?? '—' },
              { title: t('common.actions'), key: 'actions', width: 240, render: (_, r) => actions(r) },
            ]}
          />
        )}
        <Flex justify="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('security.list.loaded', { count: items.length })}</Typography.Text>
          {list.hasNextPage ? <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('security.list.loadMore')}</Button> : null}
        </Flex>
      </Card>
      <Modal
        open={deciding !== null}
        title={deciding ? `${t(`security.review.${deciding.decision}`)} · ${deciding.item.archiveNo} ${deciding.item.name}` : ''}
        onCancel={() => setDeciding(null)}
        onOk={() => form.submit()}
        confirmLoading={decide.isPending}
        okButtonProps={{ danger: deciding?.decision === 'destroy', 'data-testid': 'review-confirm' } as never}
        forceRender
      >
        {deciding?.decision === 'keep' ? <Typography.Paragraph type="secondary">{t('security.review.keepHint')}</Typography.Paragraph> : null}
        {formErrors.alert}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => decide.mutate(v)}>
          {deciding && deciding.decision !== 'keep' ? (
            <Form.Item name="reason" label={t('security.review.approvalReason')} rules={[{ max: 500 }]}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} data-testid="review-reason" />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={t('security.review.note')} rules={[{ max: 1000 }]}>
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} data-testid="review-note" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
};
