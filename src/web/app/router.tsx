import { Result } from 'antd';
import { createBrowserRouter, matchPath, Navigate } from 'react-router';
import { AuditPage } from '../features/audit/pages/audit-page.js';
import { BallotRoot } from '../features/ballot/ballot-root.js';
import { BallotEntryPage } from '../features/ballot/pages/ballot-entry-page.js';
import { BallotPage } from '../features/ballot/pages/ballot-page.js';
import { preloadCharts } from '../shared/charts/lazy-echart.js';
import { DashboardPage } from '../features/dashboard/pages/dashboard-page.js';
import { ChangePasswordPage } from '../features/auth/pages/change-password-page.js';
import { CycleDetailPage, type CycleTab } from '../features/cycles/pages/cycle-detail-page.js';
import { CyclesPage } from '../features/cycles/pages/cycles-page.js';
import { EvaluationTab } from '../features/evaluations/components/evaluation-tab.js';
import { SchemePrintPage } from '../features/cycles/pages/scheme-print-page.js';
import { RoutinePrintPage } from '../features/cycles/pages/routine-print-page.js';
import { TargetLetterPrintPage } from '../features/cycles/pages/target-letter-print-page.js';
import { CodesPrintPage } from '../features/meetings/pages/codes-print-page.js';
import { ProtocolPrintPage } from '../features/meetings/pages/protocol-print-page.js';
import { MeetingPage } from '../features/meetings/pages/meeting-page.js';
import { DataPage } from '../features/imports/pages/data-page.js';
import { LoginPage } from '../features/auth/pages/login-page.js';
import { LivePage } from '../features/meetings/live/live-page.js';
import { PresentPage } from '../features/meetings/live/present-page.js';
import { LedgerFormPage } from '../features/ledger/pages/ledger-form-page.js';
import { LedgerPage } from '../features/ledger/pages/ledger-page.js';
import { MemberRosterPage } from '../features/members/pages/member-roster-page.js';
import { MembersPage } from '../features/members/pages/members-page.js';
import { OrgsPage } from '../features/orgs/pages/orgs-page.js';
import { OrgTermsPage } from '../features/orgs/pages/org-terms-page.js';
import { PipelinePage } from '../features/pipeline/pages/pipeline-page.js';
import { BasicsPage } from '../features/statistics/pages/basics-page.js';
import { ReportPage } from '../features/reports/pages/report-page.js';
import { ProblemCandidatesTab } from '../features/rectification/components/candidates-tab.js';
import { ProblemPage } from '../features/rectification/pages/problem-page.js';
import { BoardPage } from '../features/rectification/pages/board-page.js';
import { ProblemsPage } from '../features/rectification/pages/problems-page.js';
import { InboxPage } from '../features/rectification/pages/inbox-page.js';
import { ProfileFiguresPage } from '../features/statistics/pages/profile-figures-page.js';
import { UsersPage } from '../features/users/pages/users-page.js';
import { AreaErrorBoundary, RouteErrorPage } from './error-boundary.js';
import { RequireAuth, RequirePermission } from './guards.js';
import { RootProviders, UiProviders } from './providers.js';

// A dashboard opened by its URL asks for the chart chunk now, with the bundle's first run: asked when
// the page mounts, it queued behind the page's own API requests and was the last thing the page
// waited for.
if (matchPath('/dashboard', window.location.pathname)) preloadCharts();

/** 综合评价 and 问题清单 belong to their own features but show as tabs of the cycle. */
const cycleTabs: CycleTab[] = [
  { key: 'evaluation', label: '综合评价', render: (cycle) => <EvaluationTab cycleId={cycle.id} /> },
  { key: 'problems', label: '问题清单', render: (cycle) => <ProblemCandidatesTab cycle={cycle} /> },
];

export const router = createBrowserRouter([
  // The panelists' ballot: outside the session (no /api/auth/me, no login redirect), since a
  // panelist has no account and the one-time code is the only key.
  {
    element: (
      <UiProviders>
        <BallotRoot />
      </UiProviders>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/ballot', element: <BallotEntryPage /> },
      { path: '/ballot/:code', element: <BallotPage /> },
    ],
  },
  {
    element: <RootProviders />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        // A projector's full window, without the menu.
        element: <RequireAuth bare />,
        children: [
          {
            path: '/meetings/:id/live',
            element: (
              <AreaErrorBoundary area="评议会大屏">
                <LivePage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/meetings/:id/present',
            element: (
              <AreaErrorBoundary area="主持人模式">
                <PresentPage />
              </AreaErrorBoundary>
            ),
          },
        ],
      },
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
            path: '/dashboard',
            element: (
              <AreaErrorBoundary area="数据看板">
                <DashboardPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/members',
            element: (
              <AreaErrorBoundary area="党员管理">
                <RequirePermission permission="member.read">
                  <MembersPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/statistics/basics',
            element: (
              <AreaErrorBoundary area="基本情况">
                <BasicsPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/statistics/profile',
            element: (
              <AreaErrorBoundary area="基本情况填报">
                <ProfileFiguresPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/members/roster',
            element: (
              <AreaErrorBoundary area="党员花名册">
                <RequirePermission permission="member.read">
                  <MemberRosterPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/pipeline',
            element: (
              <AreaErrorBoundary area="发展党员">
                <RequirePermission permission="member.read">
                  <PipelinePage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/cycles',
            element: (
              <AreaErrorBoundary area="考核周期">
                <CyclesPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/cycles/:id',
            element: (
              <AreaErrorBoundary area="考核周期">
                <CycleDetailPage moreTabs={cycleTabs} />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/cycles/:id/schemes/:audience/print',
            element: (
              <AreaErrorBoundary area="考核评分细则">
                <SchemePrintPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/cycles/:id/routine/:orgId/print',
            element: (
              <AreaErrorBoundary area="日常考核评分表">
                <RoutinePrintPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/reports/:id',
            element: (
              <AreaErrorBoundary area="述职报告">
                <ReportPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/problems',
            element: (
              <AreaErrorBoundary area="问题整改">
                <ProblemsPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/inbox',
            element: (
              <AreaErrorBoundary area="我的待办">
                <InboxPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/problems/board',
            element: (
              <AreaErrorBoundary area="晒单">
                <BoardPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/problems/:id',
            element: (
              <AreaErrorBoundary area="整改问题">
                <ProblemPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/target-letters/:id/print',
            element: (
              <AreaErrorBoundary area="目标责任书">
                <TargetLetterPrintPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/meetings/:id',
            element: (
              <AreaErrorBoundary area="述职评议会">
                <MeetingPage />
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/meetings/:id/codes/print',
            element: (
              <AreaErrorBoundary area="测评码">
                <RequirePermission permission="cycle.write">
                  <CodesPrintPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/meetings/:id/protocol/print',
            element: (
              <AreaErrorBoundary area="计票结果">
                <RequirePermission permission="cycle.write">
                  <ProtocolPrintPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/orgs/terms',
            element: (
              <AreaErrorBoundary area="换届提醒">
                <OrgTermsPage />
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
            path: '/ledger',
            element: (
              <AreaErrorBoundary area="工作台账">
                <RequirePermission permission="ledger.read">
                  <LedgerPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/ledger/new',
            element: (
              <AreaErrorBoundary area="记录台账">
                <RequirePermission permission="ledger.write">
                  <LedgerFormPage />
                </RequirePermission>
              </AreaErrorBoundary>
            ),
          },
          {
            path: '/ledger/:id/edit',
            element: (
              <AreaErrorBoundary area="修改台账">
                <RequirePermission permission="ledger.write">
                  <LedgerFormPage />
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
