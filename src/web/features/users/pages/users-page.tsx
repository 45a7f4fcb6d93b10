import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { roleLabels, roles, type Role } from '../../../../domain/access.js';
import { errorText } from '../../../shared/api-client.js';
import { formatDateTime } from '../../../shared/format.js';
import { SearchBox } from '../../../shared/search-box.js';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { affectedBy, userKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { listUsers } from '../api/list-users.js';
import { resetPassword } from '../api/reset-password.js';
import { unlockLogin } from '../api/unlock-login.js';
import { updateUser } from '../api/update-user.js';
import { OneTimePasswordModal } from '../components/one-time-password-modal.js';
import { UserFormModal, type UserFormMode } from '../components/user-form-modal.js';
import { UserRowActions } from '../components/user-row-actions.js';
import type { ListUsersParams, User } from '../../../../contract/users.js';

const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));
const roleColors: Record<Role, string> = {
  admin: 'red',
  organizer: 'volcano',
  secretary: 'blue',
  checker: 'cyan',
  viewer: 'default',
};

interface Secret {
  title: string;
  username: string;
  password: string;
}

export function UsersPage() {
  const me = useCurrentUser();
  const { message, modal } = App.useApp();
  const [params, setParams] = useState<ListUsersParams>({ page: 1, pageSize: 20 });
  const [formOpen, setFormOpen] = useState(false);
  const [formMode, setFormMode] = useState<UserFormMode | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [secretOpen, setSecretOpen] = useState(false);
  const isPhone = useIsPhone();

  const {
    data,
    error,
    isFetching: loading,
    refetch,
  } = useQuery({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => listUsers(params, signal),
    placeholderData: keepPreviousData,
  });

  function filter(patch: Partial<ListUsersParams>) {
    setParams((p) => ({ ...p, ...patch, page: 1 }));
  }

  function showSecret(next: Secret) {
    setSecret(next);
    setSecretOpen(true);
  }

  // Confirm dialogs wait for these (runAsync) and close either way: a failure is a toast.
  const toggleDisabled = useSubmit({
    submit: (user: User) => updateUser(user.id, { disabled: !user.disabled }),
    invalidates: affectedBy.users,
    onSuccess: (_, user) =>
      void message.success(user.disabled ? `已启用 ${user.username}` : `已停用 ${user.username}`),
  });
  const reset = useSubmit({
    submit: (user: User) => resetPassword(user.id),
    invalidates: affectedBy.users,
    onSuccess: ({ password }, user) =>
      showSecret({ title: `已重置 ${user.username} 的密码`, username: user.username, password }),
  });
  const unlock = useSubmit({
    submit: (user: User) => unlockLogin(user.id),
    invalidates: affectedBy.users,
    onSuccess: (_, user) => void message.success(`已解除 ${user.username} 的登录锁定`),
  });
  const settled = (promise: Promise<unknown>) => promise.catch(() => undefined);

  function confirmReset(user: User) {
    modal.confirm({
      title: `重置 ${user.displayName}（${user.username}）的密码？`,
      content: '系统将生成新的随机密码，原密码立即失效；该用户下次登录时必须修改密码。',
      okText: '重置密码',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => settled(reset.runAsync(user)),
    });
  }

  function confirmUnlock(user: User) {
    modal.confirm({
      title: `解除 ${user.displayName}（${user.username}）的登录锁定？`,
      content: '将清除该用户因多次输错密码而产生的登录限制，操作会记入审计日志。',
      okText: '解除锁定',
      cancelText: '取消',
      onOk: () => settled(unlock.runAsync(user)),
    });
  }

  function confirmToggle(user: User) {
    modal.confirm({
      title: user.disabled
        ? `启用 ${user.displayName}（${user.username}）？`
        : `停用 ${user.displayName}（${user.username}）？`,
      content: user.disabled
        ? '启用后该用户可以重新登录。'
        : '停用后该用户将无法登录，已登录的会话也将失效。',
      okText: user.disabled ? '启用' : '停用',
      okButtonProps: { danger: !user.disabled },
      cancelText: '取消',
      onOk: () => settled(toggleDisabled.runAsync(user)),
    });
  }

  function openEdit(user: User) {
    setFormMode({ kind: 'edit', user });
    setFormOpen(true);
  }

  const statusTags = (user: User) => (
    <Space size={4} wrap>
      {user.disabled ? <Tag color="default">已停用</Tag> : <Tag color="success">正常</Tag>}
      {user.mustChangePassword && <Tag color="warning">待改密</Tag>}
    </Space>
  );

  const actionsColumn: TableColumnsType<User>[number] = {
    title: '操作',
    key: 'actions',
    width: isPhone ? 64 : 310,
    fixed: isPhone ? undefined : 'right',
    className: 'no-print',
    render: (_, user) => (
      <UserRowActions
        user={user}
        self={user.id === me.id}
        compact={isPhone}
        busy={toggleDisabled.submitting && toggleDisabled.input?.id === user.id}
        onEdit={() => openEdit(user)}
        onToggle={() => confirmToggle(user)}
        onReset={() => confirmReset(user)}
        onUnlock={() => confirmUnlock(user)}
      />
    ),
  };

  const columns: TableColumnsType<User> = isPhone
    ? [
        {
          title: '用户',
          key: 'user',
          render: (_, user) => (
            <div>
              <div>
                <Typography.Text strong>{user.displayName}</Typography.Text>{' '}
                <Typography.Text type="secondary">{user.username}</Typography.Text>
              </div>
              <Space size={4} wrap style={{ marginTop: 4 }}>
                <Tag color={roleColors[user.role]}>{roleLabels[user.role]}</Tag>
                {statusTags(user)}
              </Space>
              {user.orgName && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
                  {user.orgName}
                </Typography.Text>
              )}
            </div>
          ),
        },
        actionsColumn,
      ]
    : [
        { title: '用户名', dataIndex: 'username', key: 'username', width: 140 },
        { title: '姓名', dataIndex: 'displayName', key: 'displayName', width: 120 },
        {
          title: '角色',
          dataIndex: 'role',
          key: 'role',
          width: 170,
          render: (role: Role) => <Tag color={roleColors[role]}>{roleLabels[role]}</Tag>,
        },
        {
          title: '所属组织',
          dataIndex: 'orgName',
          key: 'orgName',
          ellipsis: true,
          render: (name: string | null) => name ?? <Typography.Text type="secondary">—</Typography.Text>,
        },
        { title: '状态', key: 'status', width: 150, render: (_, user) => statusTags(user) },
        {
          title: '最近登录',
          dataIndex: 'lastLoginAt',
          key: 'lastLoginAt',
          width: 170,
          render: (at: string | null) => (at ? formatDateTime(at) : '从未登录'),
        },
        actionsColumn,
      ];

  return (
    <Card title="用户管理" data-testid="users-page">
      <div className="page-toolbar no-print">
        <SearchBox
          query={params.q}
          onSearch={(q) => filter({ q })}
          placeholder="搜索用户名或姓名"
          label="搜索用户"
          maxLength={100}
          width={260}
        />
        <Select<Role | null>
          className="toolbar-field"
          style={{ width: 190 }}
          placeholder="全部角色"
          aria-label="按角色筛选"
          allowClear
          options={roleOptions}
          value={params.role ?? null}
          onChange={(role) => filter({ role: role ?? undefined })}
        />
        <div className="toolbar-field" style={{ width: 240 }}>
          <OrgPicker
            aria-label="按组织筛选"
            placeholder="全部组织（含下级）"
            value={params.orgId ?? null}
            onChange={(orgId) => filter({ orgId: orgId ?? undefined })}
          />
        </div>
        <div className="toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label="刷新" />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setFormMode({ kind: 'create' });
            setFormOpen(true);
          }}
        >
          新建用户
        </Button>
      </div>
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Table<User>
        data-testid="users-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={isPhone ? undefined : { x: 1000 }}
        locale={{ emptyText: params.q || params.role || params.orgId ? '没有符合条件的用户' : '暂无用户' }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 个用户`,
          onChange: (page, pageSize) =>
            setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
      />
      <UserFormModal
        open={formOpen}
        mode={formMode}
        onClose={() => setFormOpen(false)}
        onCreated={(result) => {
          setFormOpen(false);
          if (result.initialPassword) {
            showSecret({
              title: `已创建用户 ${result.user.username}`,
              username: result.user.username,
              password: result.initialPassword,
            });
          } else {
            void message.success(`已创建用户 ${result.user.username}，首次登录时需修改密码`);
          }
        }}
        onUpdated={(user) => {
          setFormOpen(false);
          void message.success(`已保存 ${user.username}`);
        }}
      />
      <OneTimePasswordModal
        open={secretOpen}
        title={secret?.title ?? ''}
        username={secret?.username ?? ''}
        password={secret?.password ?? null}
        onClose={() => setSecretOpen(false)}
        afterClose={() => setSecret(null)}
      />
    </Card>
  );
}
