import { Result } from 'antd';
import { createBrowserRouter, Navigate } from 'react-router';
import { AuditPage } from '../features/audit/pages/audit-page.js';
import { ChangePasswordPage } from '../features/auth/pages/change-password-page.js';
import { DataPage } from '../features/imports/pages/data-page.js';
import { LoginPage } from '../features/auth/pages/login-page.js';
import { OrgsPage } from '../features/orgs/pages/orgs-page.js';
import { UsersPage } from '../features/users/pages/users-page.js';
import { AreaErrorBoundary, RouteErrorPage } from './error-boundary.js';
import { RequireAuth, RequirePermission } from './guards.js';
import { RootProviders } from './providers.js';

export const router = createBrowserRouter([
  {
    element: <RootProviders />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        element: <RequireAuth />,
        children: [
          { index: true, element: <Navigate to="/orgs" replace /> },
          {
            path: '/orgs',
            element: (
              <AreaErrorBoundary area="组织架构">
                <OrgsPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/users',
            element: (
              <AreaErrorBoundary area="用户管理">
                <RequirePermission permission="user.write">
                  <UsersPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/audit',
            element: (
              <AreaErrorBoundary area="审计日志">
                <RequirePermission permission="audit.read">
                  <AuditPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/data',
            element: (
              <AreaErrorBoundary area="数据导入导出">
                <RequirePermission permission="member.read">
                  <DataPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/change-password',
            element: (
              <AreaErrorBoundary area="修改密码">
                <ChangePasswordPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '*',
            element: <Result status="404" title="页面不存在" subTitle="您访问的页面不存在或已被移除。" />,
          },
        ],
      },
    ],
  },
]);
