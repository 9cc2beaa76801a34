/** Setting an owner's targets and the review thread of an owner's period (责任追踪与反馈, REL-11). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Empty, Form, Input, InputNumber, List, Modal, Spin, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { MetricFigure, TargetBoard } from '../../../contract/targets.js';
import { call } from '../../api.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { formatFigure } from './targets-ui.js';

type OwnerRow = TargetBoard['owners'][number];
type Values = { sales: number | null; satisfaction: number | null; retention: number | null };
const targetOf = (o: OwnerRow, m: 'sales' | 'satisfaction' | 'retention') => o.metrics.find((x) => x.metric === m)?.target ?? null;

export const SetTargetsModal = ({ owner, period, onClose }: { owner: OwnerRow; period: string; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const retention = targetOf(owner, 'retention');
  const save = useMutation({
    mutationFn: (v: Values) => call('setTargets', { body: { period, items: [
      { ownerId: owner.ownerId, metric: 'sales', target: v.sales ?? null },
      { ownerId: owner.ownerId, metric: 'satisfaction', target: v.satisfaction ?? null },
      { ownerId: owner.ownerId, metric: 'retention', target: v.retention === null || v.retention === undefined ? null : Math.round(v.retention * 100) / 10_000 },
    ] } }),
    onSuccess: async () => {
      void message.success(t('targets.saved'));
      await queryClient.invalidateQueries({ queryKey: ['targets'] });
      onClose();
    },
  });
  return (
    <Modal open title={t('targets.setTargetsFor', { name: owner.ownerName, period })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} width="min(480px, 100vw)">
      {save.isError ? <Alert type="error" showIcon message={errorLine(save.error, t)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ sales: targetOf(owner, 'sales'), satisfaction: targetOf(owner, 'satisfaction'), retention: retention === null ? null : Math.round(retention * 10_000) / 100 }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="sales" label={`${t('targets.metrics.sales')}（${t('targets.units.sales')}）`}>
          <InputNumber min={0} max={1e15} precision={2} style={{ width: '100%' }} data-testid="targets-input-sales" />
        </Form.Item>
        <Form.Item name="satisfaction" label={`${t('targets.metrics.satisfaction')}（${t('targets.units.satisfaction')}）`}>
          <InputNumber min={1} max={5} step={0.1} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="retention" label={t('targets.metrics.retention')} extra={t('targets.retentionHint')}>
          <InputNumber min={0} max={100} step={1} precision={2} addonAfter="%" style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Text type="secondary">{t('targets.cadenceHint')}</Typography.Text>
      </Form>
    </Modal>
  );
};

const SnapshotTable = ({ rows }: { rows: MetricFigure[] }) => {
  const { t } = useTranslation();
  return (
    <Table<MetricFigure> size="small" pagination={false} rowKey="metric" dataSource={rows} style={{ marginTop: 8 }}
      columns={[
        { title: t('targets.metric'), dataIndex: 'metric', render: (m: MetricFigure['metric']) => t(`targets.metrics.${m}`) },
        { title: t('targets.target'), key: 'target', render: (_: unknown, r) => (r.target === null ? t('targets.noTarget') : formatFigure(r.metric, r.target)) },
        { title: t('targets.actual'), key: 'actual', render: (_: unknown, r) => formatFigure(r.metric, r.actual) },
        { title: t('targets.ratio'), key: 'ratio', render: (_: unknown, r) => (r.ratio === null ? '—' : `${(r.ratio * 100).toFixed(1)}%`) },
      ]}
    />
  );
};

export const CommentsDrawer = ({ owner, period, canWrite, onClose }: { owner: OwnerRow; period: string; canWrite: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ text: string }>();
  const key = ['targets', 'comments', owner.ownerId, period];
  const list = useQuery({ queryKey: key, queryFn: () => call('listTargetComments', { query: { period, ownerId: owner.ownerId } }) });
  const send = useMutation({
    mutationFn: (v: { text: string }) => call('createTargetComment', { body: { period, ownerId: owner.ownerId, text: v.text } }),
    onSuccess: async () => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <Drawer open title={t('targets.commentsFor', { name: owner.ownerName, period })} onClose={onClose} width="min(560px, 100vw)" data-testid="targets-comments">
      {canWrite ? (
        <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)} style={{ marginBottom: 16 }}>
          {send.isError ? <Alert type="error" showIcon message={errorLine(send.error, t)} style={{ marginBottom: 8 }} /> : null}
          <Form.Item name="text" label={t('targets.newComment')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
            <Input.TextArea rows={3} placeholder={t('targets.commentPlaceholder')} data-testid="targets-comment-text" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={send.isPending} data-testid="targets-comment-send">{t('targets.send')}</Button>
        </Form>
      ) : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : !list.data ? <Spin /> : list.data.items.length === 0 ? <Empty description={t('targets.noComments')} /> : (
        <List
          dataSource={list.data.items}
          renderItem={(c) => (
            <List.Item key={c.id} style={{ display: 'block' }}>
              <Typography.Text type="secondary">{t('targets.by', { name: c.authorName, at: dayjs(c.at).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{c.text}</Typography.Paragraph>
              <Typography.Text strong style={{ fontSize: 12 }}>{t('targets.snapshot')}</Typography.Text>
              {c.snapshot ? <SnapshotTable rows={c.snapshot} /> : <div><Typography.Text type="secondary">{t('targets.snapshotWithheld')}</Typography.Text></div>}
            </List.Item>
          )}
        />
      )}
    </Drawer>
  );
};
