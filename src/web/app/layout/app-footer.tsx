import { Layout } from 'antd';
import { getHealth } from '../../features/health/api/get-health.js';
import { useQuery } from '@tanstack/react-query';
import { healthKeys } from '../../shared/query-keys.js';

const dbLabels: Record<string, string> = { pglite: 'PGlite（内嵌）', postgres: 'PostgreSQL' };

export function AppFooter() {
  const { data } = useQuery({ queryKey: healthKeys.all, queryFn: ({ signal }) => getHealth(signal) });
  return (
    <Layout.Footer className="app-footer" data-testid="app-footer">
      述评 Shuping
      {data && (
        <>
          {' '}
          · 版本 {data.version} · 数据库 {dbLabels[data.db] ?? data.db}
        </>
      )}
    </Layout.Footer>
  );
}
