/** New or edit a board card (REL-6): title, customer, assignee, due date; the card's history below. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { boardColumnKeys, type BoardCard, type BoardColumn } from '../../../contract/boards.js';
import { call, isApiError } from '../../api.js';
import { applyFieldErrors, errorLine } from '../../ui/problem.js';
import { testId } from '../../ui/test-id.js';
import { UserField } from '../archive-security/user-field.js';
import { CustomerPicker } from '../customers/customer-picker.js';

type Values = { title: string; customerId?: string; assigneeId?: string; dueOn?: Dayjs | null; column?: BoardColumn };

export const CardEditor = ({ boardId, card, onClose, onSaved }: { boardId: string; card: BoardCard | null; onClose: () => void; onSaved: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const history = useQuery({ queryKey: ['boards', 'history', card?.id], queryFn: () => call('boardCardHistory', { params: { id: card!.id } }), enabled: card !== null });
  const save = useMutation({
    mutationFn: (v: Values) =>
      card
        ? call('updateBoardCard', {
            params: { id: card.id },
            body: {
              version: card.version,
              title: v.title,
              ...(card.customerWithheld && !v.customerId ? {} : { customerId: v.customerId ?? null }),
              assigneeId: v.assigneeId ?? null,
              dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null,
            },
          })
        : call('createBoardCard', {
            params: { id: boardId },
            body: { title: v.title, ...(v.customerId ? { customerId: v.customerId } : {}), ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}), ...(v.dueOn ? { dueOn: v.dueOn.format('YYYY-MM-DD') } : {}), ...(v.column ? { column: v.column } : {}) },
          }),
    onSuccess: () => {
      void message.success(card ? t('boards.saved') : t('boards.created'));
      onSaved();
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) {
        void message.error(t('boards.stale'));
        onSaved();
        onClose();
        return;
      }
      if (applyFieldErrors(form, e, ['title', 'customerId', 'assigneeId', 'dueOn', 'column']).placed === 0) void message.error(errorLine(e, t));
    },
  });
  const remove = useMutation({
    mutationFn: () => call('removeBoardCard', { params: { id: card!.id } }),
    onSuccess: () => {
      void message.success(t('boards.removed'));
      onSaved();
      onClose();
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  return (
    <Modal open title={card ? t('boards.editCard') : t('boards.newCard')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden okButtonProps={testId('board-card-submit')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={card ? { title: card.title, customerId: card.customerId ?? undefined, assigneeId: card.assigneeId ?? undefined, dueOn: card.dueOn ? dayjs(card.dueOn) : null } : { column: 'todo' }}
        onFinish={(v) => save.mutate({ ...v, title: v.title.trim() })}
      >
        <Form.Item name="title" label={t('boards.cardTitle')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} data-testid="board-card-title-input" />
        </Form.Item>
        <Form.Item name="customerId" label={t('boards.customer')} extra={card?.customerWithheld ? t('boards.customerWithheld') : undefined}>
          <CustomerPicker testId="board-card-customer" />
        </Form.Item>
        <Form.Item name="assigneeId" label={t('boards.assignee')}>
          <UserField />
        </Form.Item>
        <Form.Item name="dueOn" label={t('boards.dueOn')}>
          <DatePicker style={{ width: '100%' }} data-testid="board-card-due" />
        </Form.Item>
        {card ? null : (
          <Form.Item name="column" label={t('boards.column')}>
            <Select options={boardColumnKeys.map((c) => ({ value: c, label: t(`boards.columns.${c}`) }))} />
          </Form.Item>
        )}
      </Form>
      {card ? (
        <Popconfirm title={t('boards.removeConfirm')} onConfirm={() => remove.mutate()} okText={t('boards.remove')} cancelText={t('boards.keep')}>
          <Button danger size="small" loading={remove.isPending} style={{ marginBottom: 16 }} data-testid="board-card-remove">
            {t('boards.remove')}
          </Button>
        </Popconfirm>
      ) : null}
      {card && history.data ? (
        <>
          <Typography.Text strong>{t('boards.cardHistory')}</Typography.Text>
          <Timeline
            style={{ marginTop: 12 }}
            items={history.data.items.map((e) => ({
              children: (
                <Typography.Text style={{ fontSize: 12 }}>
                  {t('boards.eventLine', { at: dayjs(e.at).format('YYYY-MM-DD HH:mm'), by: e.byName ?? '', kind: t(`boards.events.${e.kind}`) })}
                  {e.kind === 'moved' && e.fromColumn && e.toColumn ? `：${t(`boards.columns.${e.fromColumn}`)} → ${t(`boards.columns.${e.toColumn}`)}` : ''}
                  {e.kind === 'carried_over' ? `：${e.fromPeriod} → ${e.toPeriod}` : ''}
                </Typography.Text>
              ),
            }))}
          />
        </>
      ) : null}
    </Modal>
  );
};
