import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Dropdown } from 'antd';
import { useNavigate } from 'react-router';
import { roleLabels } from '../../../domain/access.js';
import { useAuth, useCurrentUser } from '../../shared/session/auth-context.js';

export function UserMenu({ compact }: { compact: boolean }) {
  const user = useCurrentUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const { modal } = App.useApp();

  function confirmLogout() {
    modal.confirm({
      title: '退出登录',
      content: '确定要退出登录吗？',
      okText: '退出',
      cancelText: '取消',
      // Once the session is gone the login guard takes the user to the login page.
      onOk: () => signOut(),
    });
  }

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            type: 'group',
            label: `${user.displayName}（${user.username}）· ${roleLabels[user.role]}${user.orgName ? ' · ' + user.orgName : ''}`,
          },
          { type: 'divider' },
          { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
          { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'password') void navigate('/change-password');
          if (key === 'logout') confirmLogout();
        },
      }}
    >
      <Button type="text" className="header-user" data-testid="user-menu" aria-label="用户菜单">
        <Avatar size="small" icon={<UserOutlined />} />
        {!compact && <span className="header-user-name">{user.displayName}</span>}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
