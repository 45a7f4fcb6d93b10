import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';

// ECharts stays out of the main bundle until the dashboard is opened.
const DashboardPage = lazy(() => import('./dashboard-page.js').then((m) => ({ default: m.DashboardPage })));

export function LazyDashboardPage() {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
      <DashboardPage />
    </Suspense>
  );
}
