import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, type MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { InboxBell } from '../../features/rectification/components/inbox-bell.js';
import { useAuth } from '../../shared/session/auth-context.js';
import { AppFooter } from './app-footer.js';
import { navItems } from './nav-items.js';
import { UserMenu } from './user-menu.js';

function Brand({ compact }: { compact: boolean }) {
  return (
    <Link to="/" className="brand" aria-label="述评 首页">
      <span className="brand-mark" aria-hidden>
        述
      </span>
      <span className="brand-name">述评</span>
      {!compact && <span className="brand-sub">党组织书记抓基层党建工作述职评议考核</span>}
    </Link>
  );
}

export function AppLayout({ children }: { children: ReactNode }) {
  const { can } = useAuth();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined; treat that as desktop.
  const isPhone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const items: MenuProps['items'] = navItems
    .filter((item) => can(item.permission))
    .map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{item.label}</Link> }));
  const selected = navItems.find((item) => location.pathname.startsWith(item.path))?.path;

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      onClick={() => setDrawerOpen(false)}
      aria-label="主菜单"
      data-testid="main-menu"
      style={{ borderInlineEnd: 'none' }}
    />
  );

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        {isPhone && (
          <Button
            type="text"
            className="header-icon-button"
            icon={<MenuOutlined />}
            aria-label="打开菜单"
            data-testid="menu-toggle"
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Brand compact={isPhone} />
        <div style={{ flex: 1 }} />
        <InboxBell />
        <UserMenu compact={isPhone} />
      </Layout.Header>
      <Layout>
        {!isPhone && (
          <Layout.Sider
            className="app-sider"
            theme="light"
            width={208}
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
          >
            {menu}
          </Layout.Sider>
        )}
        <Layout className="app-main">
          <Layout.Content className="app-content">{children}</Layout.Content>
          <AppFooter />
        </Layout>
      </Layout>
      {isPhone && (
        <Drawer
          className="app-drawer"
          placement="left"
          size={240}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title="述评"
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      )}
    </Layout>
  );
}
