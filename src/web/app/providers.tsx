import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Outlet } from 'react-router';
import { AuthProvider } from '../features/auth/components/auth-provider.js';
import { createQueryClient } from '../shared/query-client.js';
import '../shared/format.js';
import { themeConfig } from './theme.js';

export function UiProviders({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider
      locale={zhCN}
      // "登录", not "登 录": keeps button text as written (and accessible names exact for tests).
      button={{ autoInsertSpace: false }}
      // The styles for this theme are built into the CSS (vite.config.ts): generating them in the
      // browser took a third of a second on every page load.
      theme={{ ...themeConfig, zeroRuntime: true }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/**
 * Root route element: UI providers, the query cache and the session live inside the router so pages
 * can navigate. The session sits inside the cache because signing in or out empties it.
 */
export function RootProviders() {
  const [queryClient] = useState(createQueryClient);
  return (
    <UiProviders>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <Outlet />
        </AuthProvider>
      </QueryClientProvider>
    </UiProviders>
  );
}
