import {
  EditOutlined,
  KeyOutlined,
  MoreOutlined,
  StopOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Space, Tooltip } from 'antd';
import type { User } from '../types.js';

interface Props {
  user: User;
  /** The signed-in user's own row: no disabling or resetting oneself. */
  self: boolean;
  /** Phone widths: one menu button instead of three links. */
  compact: boolean;
  busy: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onReset: () => void;
}

export function UserRowActions({ user, self, compact, busy, onEdit, onToggle, onReset }: Props) {
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
          ],
          onClick: ({ key }) => {
            if (key === 'edit') onEdit();
            if (key === 'toggle') onToggle();
            if (key === 'reset') onReset();
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
    </Space>
  );
}
