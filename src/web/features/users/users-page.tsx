/** Users: filter, page by cursor, create, edit and the account actions. */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { userStatuses, type User } from '../../../contract/users.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { DepartmentTreeSelect } from '../departments/department-tree-select.js';
import { ResetPasswordModal } from './reset-password-modal.js';
import { RoleSelect, RoleTags } from './role-select.js';
import { UserActions } from './user-actions.js';
import { UserFormModal, type UserDialog } from './user-form-modal.js';
import { useUsers, type UserFilters } from './use-users.js';

const pageSize = 20;
const statusColor = { active: 'green', locked: 'orange', disabled: 'default' } as const;

export const UsersPage = () => {
  const { t } = useTranslation();
  const width = useFilterWidth();
  const [filters, setFilters] = useState<UserFilters>({});
  const [qInput, setQInput] = useState('');
  // cursors[i] opens page i; the first page has none.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [dialog, setDialog] = useState<UserDialog | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const pageIndex = cursors.length - 1;
  const users = useUsers(filters, cursors[pageIndex], pageSize);

  const applyFilters = (next: UserFilters) => {
    setFilters(next);
    setCursors([undefined]);
  };
  const nextCursor = users.data?.nextCursor ?? null;
  const items = users.data?.items ?? [];
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void users.refetch()} loading={users.isFetching}>
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
              {t('users.create')}
            </Button>
          </>
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(q) => applyFilters({ ...filters, q: q.trim() || undefined })}
            placeholder={t('users.searchPlaceholder')}
            style={width(240)}
            data-testid="users-filter-q"
          />
          <div style={width(200)}>
            <DepartmentTreeSelect
              allowClear
              selectDisabled
              placeholder={t('users.allDepartments')}
              value={filters.departmentId ?? null}
              onChange={(departmentId) => applyFilters({ ...filters, departmentId: departmentId ?? undefined })}
              testId="users-filter-department"
            />
          </div>
          <div style={width(180)}>
            <RoleSelect
              allowClear
              placeholder={t('users.allRoles')}
              value={filters.role ?? null}
              onChange={(role) => applyFilters({ ...filters, role: (role as User['roles'][number] | null) ?? undefined })}
              testId="users-filter-role"
            />
          </div>
          <Select<User['status']>
            allowClear
            placeholder={t('users.allStatuses')}
            value={filters.status}
            onChange={(status) => applyFilters({ ...filters, status })}
            options={userStatuses.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))}
            style={width(140)}
            data-testid="users-filter-status"
          />
          {filtered ? (
            <Button
              onClick={() => {
                setQInput('');
                applyFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          ) : null}
        </Flex>
        {users.isError ? (
          <LoadError error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            size="middle"
            loading={users.isFetching}
            dataSource={items}
            pagination={false}
            scroll={{ x: 960 }}
            data-testid="users-table"
            onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={t('users.empty')} /> }}
            columns={[
              {
                title: t('users.username'),
                dataIndex: 'username',
                fixed: 'left',
                render: (username: string, u) => (
                  <Space size={4} wrap>
                    <Typography.Text strong>{username}</Typography.Text>
                    {u.mustChangePassword ? <Tag color="purple">{t('users.mustChange')}</Tag> : null}
                  </Space>
                ),
              },
              { title: t('users.displayName'), dataIndex: 'displayName' },
              { title: t('users.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
              { title: t('users.roles'), dataIndex: 'roles', render: (roles: User['roles']) => <RoleTags roles={roles} /> },
              {
                title: t('users.status'),
                dataIndex: 'status',
                width: 100,
                render: (status: User['status'], u) => {
                  const tag = <Tag color={statusColor[status]}>{t(`userStatus.${status}`)}</Tag>;
                  return u.lockedUntil && status === 'locked' ? (
                    <Tooltip title={t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}>{tag}</Tooltip>
                  ) : (
                    tag
                  );
                },
              },
              { title: t('users.createdAt'), dataIndex: 'createdAt', width: 170, render: formatDateTime },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 150,
                render: (_, u) => (
                  <UserActions user={u} onEdit={() => setDialog({ kind: 'edit', user: u })} onResetPassword={() => setResetting(u)} />
                ),
              },
            ]}
          />
        )}
        <Flex justify="flex-end" align="center" gap={8} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('common.pageN', { page: pageIndex + 1 })}</Typography.Text>
          <Button disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="users-prev">
            {t('common.prevPage')}
          </Button>
          <Button
            disabled={!nextCursor || users.isPlaceholderData}
            onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}
            data-testid="users-next"
          >
            {t('common.nextPage')}
          </Button>
        </Flex>
      </Card>
      <UserFormModal dialog={dialog} onClose={() => setDialog(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
};
