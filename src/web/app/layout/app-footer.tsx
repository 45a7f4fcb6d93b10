import { Layout } from 'antd';
import { getHealth } from '../../features/health/api/get-health.js';
import { useQuery } from '@tanstack/react-query';
import { healthKeys } from '../../shared/query-keys.js';
import type { Health } from '../../../contract/health.js';

const dbLabels: Record<string, string> = { pglite: 'PGlite（内嵌）', postgres: 'PostgreSQL' };
// A value, not a type: the web app may import only types from the contract.
const healthMetaName = 'shuping-health';

/** The server's answer as index.html carries it; absent only from the Vite dev server's page. */
function servedHealth(): Health | undefined {
  const content = document.querySelector<HTMLMetaElement>(`meta[name="${healthMetaName}"]`)?.content;
  return content ? (JSON.parse(content) as Health) : undefined;
}

export function AppFooter() {
  const served = servedHealth();
  const { data: fetched } = useQuery({
    queryKey: healthKeys.all,
    queryFn: ({ signal }) => getHealth(signal),
    enabled: served === undefined,
  });
  const data = served ?? fetched;
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
