import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Permission } from '../../domain/access.js';
import { useAuth } from '../shared/session/auth-context.js';
import { ForcedChangePasswordPage } from '../features/auth/pages/change-password-page.js';
import { AppLayout } from './layout/app-layout.js';

export function FullScreenSpin() {
  return (
    <div className="full-screen-center">
      <Spin size="large" description="加载中…" />
    </div>
  );
}

/**
 * Everything behind login. While the account must change its password, only the bare change-password
 * screen is reachable (no menu), whatever the URL. `bare` pages (a projector's big screen) fill the
 * window without the menu.
 */
export function RequireAuth({ bare = false }: { bare?: boolean }) {
  const { status, user, signedOut } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullScreenSpin />;
  if (!user) {
    const next = location.pathname + location.search;
    if (signedOut || next === '/') return <Navigate to="/login" replace />;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (user.mustChangePassword) {
    if (location.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
    return <ForcedChangePasswordPage />;
  }
  if (bare) return <Outlet />;
  return (
    <AppLayout>
      <Outlet />
    </AppLayout>
  );
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(permission)) {
    return <Result status="403" title="无权访问" subTitle="您的账号没有访问此页面的权限。" />;
  }
  return children;
}
