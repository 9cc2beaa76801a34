/** /tasks — 我的任务 (ARC-8): archive-update tasks by urgency; the customer-service manager sees everyone's. */
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Modal, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task } from '../../../contract/tasks.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { useCurrentUser } from '../auth/current-user.js';
import { tasksKey } from './use-tasks.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { escapeCell, saveFile } from '../../ui/table-export.js';
import { CSV_BOM, csvLines } from '../../../contract/csv.js';

const watcherRoles = ['cs_manager', 'gm'];
const stateColor = { open: 'blue', overdue: 'red', done: 'green' } as const;


/** CSV of the rows shown, through the one CSV writer (table-export.ts: formula cells escaped, BOM for Excel). */
function downloadCsv(rows: string[][], name: string) {
  saveFile(name, CSV_BOM + csvLines(rows.map((r) => r.map(escapeCell))), 'text/csv;charset=utf-8');
}

const CompleteModal = ({ task, onClose }: { task: Task | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note?: string }>();
  const mutation = useMutation({
    mutationFn: (v: { note?: string }) => call('completeTask', { params: { id: task!.id }, body: { version: task!.version, ...(v.note?.trim() ? { note: v.note.trim() } : {}) } }),
    onSuccess: async () => {
      void message.success(t('tasks.completed'));
      await queryClient.invalidateQueries({ queryKey: tasksKey });
      onClose();
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  if (!task) return null;
  return (
    <Modal open title={t('tasks.completeTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} okButtonProps={testId('task-complete-submit')} destroyOnHidden>
      <Typography.Paragraph>{task.title}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="note" label={t('tasks.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const TasksPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const watcher = me.roles.some((r) => watcherRoles.includes(r));
  const [state, setState] = useState<'pending' | 'overdue' | 'done'>('pending');
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const [completing, setCompleting] = useState<Task | null>(null);
  const list = useCursorList([...tasksKey, scope, state], (page) => call('listTasks', { query: { scope, state, limit: 50, ...page } }));
  const items = list.items;
  const exportRows = () =>
    downloadCsv(
      [[t('tasks.customer'), t('tasks.task'), t('tasks.owner'), t('tasks.receivedOn'), t('tasks.dueOn'), t('tasks.state')], ...items.map((x) => [x.customerId ? `${x.customerName} ${x.archiveNo}` : '', x.title, x.ownerName ?? '', x.receivedOn, x.dueOn, t(`tasks.states.${x.state}`)])],
      `tasks-${state}.csv`,
    );
  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        description={t('tasks.description')}
        extra={
          <Button icon={<DownloadOutlined />} onClick={exportRows} disabled={items.length === 0}>
            CSV
          </Button>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={state}
            onChange={(v) => setState(v as typeof state)}
            options={[
              { value: 'pending', label: <span data-testid="tasks-filter-pending">{t('tasks.pending')}</span> },
              { value: 'overdue', label: <span data-testid="tasks-filter-overdue">{t('tasks.overdue')}</span> },
              { value: 'done', label: <span data-testid="tasks-filter-done">{t('tasks.done')}</span> },
            ]}
          />
          {watcher ? <Segmented value={scope} onChange={(v) => setScope(v as typeof scope)} options={[{ value: 'mine', label: t('tasks.mine') }, { value: 'all', label: t('tasks.all') }]} /> : null}
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Task>
            data-testid="tasks-table"
            rowKey="id"
            size="small"
            loading={list.isLoading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 640 }}
            locale={{ emptyText: t('tasks.empty') }}
            columns={[
              { title: t('tasks.customer'), key: 'customer', render: (_: unknown, x) => (x.customerId ? <Link to={`/customers/${x.customerId}`}>{x.customerName}</Link> : x.refType === 'complaint' && x.refId ? <Link to={`/complaints/${x.refId}`}>{t('nav.complaints')}</Link> : '—') },
              { title: t('tasks.task'), key: 'task', responsive: ['md'], render: (_: unknown, x) => <><Tag>{x.source ? t(`tasks.sources.${x.source}`) : t(`tasks.kinds.${x.kind}`)}</Tag>{x.title}</> },
              ...(scope === 'all' ? [{ title: t('tasks.owner'), dataIndex: 'ownerName', width: 100 }] : []),
              { title: t('tasks.receivedOn'), dataIndex: 'receivedOn', width: 110, responsive: ['lg'] as const },
              { title: t('tasks.dueOn'), dataIndex: 'dueOn', width: 110 },
              { title: t('tasks.state'), dataIndex: 'state', width: 110, render: (s: Task['state'], x) => <Tag color={stateColor[s]} data-testid="task-state">{x.completion ? t(`tasks.completion.${x.completion}`) : t(`tasks.states.${s}`)}</Tag> },
              {
                title: '',
                key: 'a',
                width: 100,
                render: (_: unknown, x) =>
                  x.state === 'done' ? null : (
                    <Button size="small" type="link" onClick={() => setCompleting(x)} data-testid="task-complete">
                      {t('tasks.complete')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
        {list.hasNextPage ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('customers.loadMore')}
            </Button>
          </Flex>
        ) : null}
      </Card>
      <CompleteModal task={completing} onClose={() => setCompleting(null)} />
    </>
  );
};
