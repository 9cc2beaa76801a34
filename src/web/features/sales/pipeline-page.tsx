/**
 * /sales/opportunities — 销售机会 (SAL-2): a board by stage; a card dragged to another stage is
 * saved with its version (a stale one reloads the board). Drag and drop by @dnd-kit (pointer,
 * touch and keyboard). Dropping on 丢单 asks for the reason first.
 */
import { PlusOutlined } from '@ant-design/icons';
import { DndContext, KeyboardSensor, PointerSensor, TouchSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { opportunityStages, type Opportunity, type OpportunityStage } from '../../../contract/sales.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { CustomerPicker } from '../customers/customer-picker.js';
import { salesKey } from './receivables-page.js';

const money = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 0 });
const stageColor: Record<OpportunityStage, string> = { initial: '#8c8c8c', needs: '#1677ff', proposal: '#13c2c2', negotiation: '#fa8c16', signing: '#722ed1', won: '#52c41a', lost: '#bfbfbf' };

const OpportunityCard = ({ o }: { o: Opportunity }) => {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: o.id, data: { stage: o.stage } });
  return (
    <div
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      data-testid={`opportunity-${o.id}`}
      style={{ transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined, opacity: isDragging ? 0.6 : 1, cursor: 'grab', touchAction: 'none', marginBottom: 8 }}
    >
      <Card size="small" styles={{ body: { padding: 8 } }}>
        <Typography.Text strong ellipsis style={{ display: 'block' }}>
          {o.title}
        </Typography.Text>
        <Link to={`/customers/${o.customerId}`} onPointerDown={(e) => e.stopPropagation()}>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {o.customerName}
          </Typography.Text>
        </Link>
        <Flex justify="space-between" style={{ marginTop: 4, fontSize: 12 }}>
          <span>¥{money(Number(o.expectedAmount))}</span>
          <span>{o.expectedCloseOn}</span>
        </Flex>
        {o.stage === 'lost' && o.lostReason ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.lostReason}</Typography.Text> : null}
      </Card>
    </div>
  );
};

const StageColumn = ({ stage, items, probability }: { stage: OpportunityStage; items: Opportunity[]; probability: number }) => {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  const total = items.reduce((n, o) => n + Number(o.expectedAmount), 0);
  return (
    <div ref={setNodeRef} data-testid={`stage-${stage}`} style={{ minWidth: 200, flex: '1 0 200px', background: isOver ? '#e6f4ff' : '#fafafa', borderRadius: 8, padding: 8, borderTop: `3px solid ${stageColor[stage]}` }}>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t(`sales.pipeline.stages.${stage}`)}</Typography.Text>
        <Tag>{probability}%</Tag>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 8 }}>
        {t('sales.pipeline.count', { count: items.length })} · ¥{money(total)} · {t('sales.pipeline.weighted')} ¥{money((total * probability) / 100)}
      </Typography.Text>
      {items.length === 0 ? <Typography.Text type="secondary">{t('sales.pipeline.empty')}</Typography.Text> : items.map((o) => <OpportunityCard key={o.id} o={o} />)}
    </div>
  );
};

type NewValues = { customerId: string; title: string; expectedAmount: number; expectedCloseOn: Dayjs; stage?: OpportunityStage };

export const PipelinePage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [losing, setLosing] = useState<Opportunity | null>(null);
  const [form] = Form.useForm<NewValues>();
  const [lostForm] = Form.useForm<{ lostReason: string }>();
  const listKey = [...salesKey, 'opportunities'];
  const list = useQuery({ queryKey: listKey, queryFn: () => call('listOpportunities', { query: { limit: 500 } }) });
  const probabilities = useQuery({ queryKey: [...salesKey, 'stages'], queryFn: () => call('getStageProbabilities') });
  const move = useMutation({
    mutationFn: (v: { o: Opportunity; stage: OpportunityStage; lostReason?: string }) =>
      call('updateOpportunity', { params: { id: v.o.id }, body: { version: v.o.version, stage: v.stage, ...(v.lostReason ? { lostReason: v.lostReason } : {}) } }),
    onMutate: async (v) => {
      await queryClient.cancelQueries({ queryKey: listKey });
      const before = queryClient.getQueryData<{ items: Opportunity[]; nextCursor: string | null }>(listKey);
      if (before) queryClient.setQueryData(listKey, { ...before, items: before.items.map((x) => (x.id === v.o.id ? { ...x, stage: v.stage } : x)) });
      return { before };
    },
    onSuccess: (o) => void message.success(t('sales.pipeline.moved', { stage: t(`sales.pipeline.stages.${o.stage}`) })),
    onError: (e, _v, ctx) => {
      if (ctx?.before) queryClient.setQueryData(listKey, ctx.before);
      void message.error(errorLine(e, t));
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: listKey }),
  });
  const create = useMutation({
    mutationFn: (v: NewValues) => call('createOpportunity', { body: { customerId: v.customerId, title: v.title, expectedAmount: v.expectedAmount.toFixed(2), expectedCloseOn: v.expectedCloseOn.format('YYYY-MM-DD'), ...(v.stage ? { stage: v.stage } : {}) } }),
    onSuccess: async () => {
      void message.success(t('sales.pipeline.created'));
      setCreating(false);
      await queryClient.invalidateQueries({ queryKey: listKey });
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 5 } }), useSensor(KeyboardSensor));
  const items = list.data?.items ?? [];
  const onDragEnd = (e: DragEndEvent) => {
    const o = items.find((x) => x.id === e.active.id);
    const stage = e.over?.id as OpportunityStage | undefined;
    if (!o || !stage || stage === o.stage) return;
    if (stage === 'lost') setLosing(o);
    else move.mutate({ o, stage });
  };
  return (
    <>
      <PageHeader
        title={t('sales.pipeline.title')}
        description={t('sales.pipeline.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="opportunity-new">
            {t('sales.pipeline.new')}
          </Button>
        }
      />
      {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('sales.pipeline.dragHint')}
      </Typography.Paragraph>
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <Flex gap={8} style={{ overflowX: 'auto', paddingBottom: 8 }} data-testid="pipeline-board">
          {opportunityStages.map((s) => (
            <StageColumn key={s} stage={s} probability={probabilities.data?.[s] ?? 0} items={items.filter((o) => o.stage === s)} />
          ))}
        </Flex>
      </DndContext>
      <Modal open={creating} title={t('sales.pipeline.new')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden okButtonProps={testId('opportunity-submit')}>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="customerId" label={t('sales.pipeline.customer')} rules={[{ required: true }]}>
            <CustomerPicker testId="opportunity-customer" />
          </Form.Item>
          <Form.Item name="title" label={t('sales.pipeline.titleField')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} data-testid="opportunity-title" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="expectedAmount" label={t('sales.pipeline.expectedAmount')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} style={{ width: 180 }} data-testid="opportunity-amount" />
            </Form.Item>
            <Form.Item name="expectedCloseOn" label={t('sales.pipeline.expectedCloseOn')} rules={[{ required: true }]}>
              <DatePicker data-testid="opportunity-close" />
            </Form.Item>
          </Flex>
          <Form.Item name="stage" label={t('sales.pipeline.stage')}>
            <Select allowClear options={opportunityStages.filter((s) => s !== 'lost').map((s) => ({ value: s, label: t(`sales.pipeline.stages.${s}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={losing !== null} title={t('sales.pipeline.lostTitle')} onCancel={() => setLosing(null)} onOk={() => lostForm.submit()} destroyOnHidden okButtonProps={testId('opportunity-lost-submit')}>
        <Form
          form={lostForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => {
            if (losing) move.mutate({ o: losing, stage: 'lost', lostReason: v.lostReason.trim() });
            setLosing(null);
          }}
        >
          <Typography.Paragraph>{losing?.title}</Typography.Paragraph>
          <Form.Item name="lostReason" label={t('sales.pipeline.lostReason')} rules={[{ required: true, whitespace: true, message: t('sales.pipeline.lostRequired') }]}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} data-testid="opportunity-lost-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
};
