/** The department tree: create, rename, move, disable and enable (PATCH with version). */
import { ApartmentOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../contract/users.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { describeError } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { DepartmentFormModal, type DepartmentDialog } from './department-form-modal.js';
import { buildDepartmentTree, departmentsKey, useDepartments, withoutDisabled, type DepartmentNode } from './use-departments.js';

export const DepartmentsPage = () => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const [dialog, setDialog] = useState<DepartmentDialog | null>(null);
  const [showDisabled, setShowDisabled] = useState(true);
  // Rows start expanded, new parents included; only what the user folds stays folded.
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());

  const tree = useMemo(() => {
    const all = buildDepartmentTree(departments.data ?? []);
    return showDisabled ? all : withoutDisabled(all);
  }, [departments.data, showDisabled]);

  const toggle = useMutation({
    mutationFn: (d: Department) => call('updateDepartment', { params: { id: d.id }, body: { version: d.version, disabled: !d.disabled } }),
    onSuccess: (d) => void message.success(t(d.disabled ? 'departments.disabledOk' : 'departments.enabledOk')),
    onError: (error) => {
      const { title, detail } = describeError(error, t);
      modal.error({ title, content: detail });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: departmentsKey }),
  });

  const confirmToggle = (d: Department) => {
    if (d.disabled) {
      toggle.mutate(d);
      return;
    }
    modal.confirm({
      title: t('departments.disableConfirm', { name: d.name }),
      content: t('departments.disableConfirmContent'),
      okButtonProps: { danger: true },
      okText: t('departments.disable'),
      onOk: () => toggle.mutateAsync(d).catch(() => undefined),
    });
  };

  const total = departments.data?.length ?? 0;
  const expandedRowKeys = useMemo(
    () => [...new Set((departments.data ?? []).flatMap((d) => (d.parentId && !folded.has(d.parentId) ? [d.parentId] : [])))],
    [departments.data, folded],
  );
  const onExpand = (expanded: boolean, d: DepartmentNode) =>
    setFolded((prev) => {
      const next = new Set(prev);
      if (expanded) next.delete(d.id);
      else next.add(d.id);
      return next;
    });

  return (
    <>
      <PageHeader
        title={t('departments.title')}
        description={t('departments.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void departments.refetch()} loading={departments.isFetching}>
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create', parent: null })} data-testid="department-create">
              {t('departments.create')}
            </Button>
          </>
        }
      />
      <Card>
        {departments.isError ? (
          <LoadError error={departments.error} onRetry={() => void departments.refetch()} />
        ) : !departments.isPending && total === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('departments.empty')} data-testid="departments-empty">
            <Typography.Paragraph type="secondary">{t('departments.emptyHint')}</Typography.Paragraph>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create', parent: null })}>
              {t('departments.create')}
            </Button>
          </Empty>
        ) : (
          <>
            <Flex justify="flex-end" style={{ marginBottom: 12 }}>
              <Space>
                <Typography.Text type="secondary">{t('departments.showDisabled')}</Typography.Text>
                <Switch size="small" checked={showDisabled} onChange={setShowDisabled} />
              </Space>
            </Flex>
            <Table<DepartmentNode>
              rowKey="id"
              size="middle"
              loading={departments.isPending}
              dataSource={tree}
              pagination={false}
              expandable={{ expandedRowKeys, onExpand }}
              scroll={{ x: 860 }}
              data-testid="departments-table"
              onRow={(d) => ({ 'data-testid': `department-row-${d.name}` }) as HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t('departments.name'),
                  dataIndex: 'name',
                  render: (name: string, d) => (
                    <Space>
                      <ApartmentOutlined style={{ color: d.disabled ? undefined : '#1677ff' }} />
                      <Typography.Text type={d.disabled ? 'secondary' : undefined}>{name}</Typography.Text>
                    </Space>
                  ),
                },
                {
                  title: t('common.status'),
                  dataIndex: 'disabled',
                  width: 100,
                  render: (disabled: boolean) =>
                    disabled ? <Tag>{t('common.disabled')}</Tag> : <Tag color="green">{t('common.enabled')}</Tag>,
                },
                {
                  title: t('sharing.manager'),
                  dataIndex: 'managerName',
                  width: 140,
                  render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('sharing.noManager')}</Typography.Text>,
                },
                { title: t('departments.createdAt'), dataIndex: 'createdAt', width: 170, render: formatDateTime },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 330,
                  render: (_, d) => (
                    <Space size={0} wrap>
                      <Button type="link" size="small" disabled={d.disabled} onClick={() => setDialog({ kind: 'create', parent: d })} data-testid="department-add-child">
                        {t('departments.createChild')}
                      </Button>
                      <Button type="link" size="small" onClick={() => setDialog({ kind: 'rename', department: d })} data-testid="department-rename">
                        {t('departments.rename')}
                      </Button>
                      <Button type="link" size="small" onClick={() => setDialog({ kind: 'move', department: d })} data-testid="department-move">
                        {t('departments.move')}
                      </Button>
                      <Button type="link" size="small" onClick={() => setDialog({ kind: 'manager', department: d })} data-testid="department-manager">
                        {t('sharing.setManager')}
                      </Button>
                      <Button type="link" size="small" danger={!d.disabled} onClick={() => confirmToggle(d)} data-testid="department-toggle">
                        {d.disabled ? t('departments.enable') : t('departments.disable')}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          </>
        )}
      </Card>
      <DepartmentFormModal dialog={dialog} onClose={() => setDialog(null)} />
    </>
  );
};
