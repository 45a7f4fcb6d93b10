import {
  EditOutlined,
  KeyOutlined,
  MoreOutlined,
  StopOutlined,
  CheckCircleOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Space, Tooltip } from 'antd';
import type { User } from '../../../../contract/users.js';

interface Props {
  user: User;
  /** The signed-in user's own row: no disabling, resetting or unlocking oneself. */
  self: boolean;
  /** Phone widths: one menu button instead of four links. */
  compact: boolean;
  busy: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onReset: () => void;
  onUnlock: () => void;
}

export function UserRowActions({ user, self, compact, busy, onEdit, onToggle, onReset, onUnlock }: Props) {
  const toggleLabel = user.disabled ? '启用' : '停用';
  if (compact) {
    return (
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'edit', icon: <EditOutlined />, label: '编辑' },
            {
              key: 'toggle',
              icon: user.disabled ? <CheckCircleOutlined /> : <StopOutlined />,
              label: toggleLabel,
              danger: !user.disabled,
              disabled: self,
            },
            { key: 'reset', icon: <KeyOutlined />, label: '重置密码', disabled: self },
            { key: 'unlock', icon: <UnlockOutlined />, label: '解除登录锁定', disabled: self },
          ],
          onClick: ({ key }) => {
            if (key === 'edit') onEdit();
            if (key === 'toggle') onToggle();
            if (key === 'reset') onReset();
            if (key === 'unlock') onUnlock();
          },
        }}
      >
        <Button icon={<MoreOutlined />} loading={busy} aria-label={`操作 ${user.username}`} />
      </Dropdown>
    );
  }
  return (
    <Space size={0} wrap>
      <Button type="link" size="small" onClick={onEdit}>
        编辑
      </Button>
      <Tooltip title={self ? '不能停用自己的账号' : undefined}>
        <Button
          type="link"
          size="small"
          danger={!user.disabled}
          disabled={self}
          loading={busy}
          onClick={onToggle}
        >
          {toggleLabel}
        </Button>
      </Tooltip>
      <Tooltip title={self ? '请通过“修改密码”修改自己的密码' : undefined}>
        <Button type="link" size="small" icon={<KeyOutlined />} disabled={self} onClick={onReset}>
          重置密码
        </Button>
      </Tooltip>
      <Tooltip title={self ? undefined : '清除该用户的登录失败计数，使其可立即重新尝试登录'}>
        <Button type="link" size="small" icon={<UnlockOutlined />} disabled={self} onClick={onUnlock}>
          解除锁定
        </Button>
      </Tooltip>
    </Space>
  );
}
