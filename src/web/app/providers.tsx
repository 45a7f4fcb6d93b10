import { App as AntApp, ConfigProvider, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Outlet } from 'react-router';
import { AuthProvider } from '../features/auth/components/auth-provider.js';
import { createQueryClient } from '../shared/query-client.js';
import '../shared/format.js';

const fontFamily =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

/** 党建红 as the brand colour, as party-building systems conventionally use. */
export const brandColor = '#b5222a';

export function UiProviders({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider
      locale={zhCN}
      // "登录", not "登 录": keeps button text as written (and accessible names exact for tests).
      button={{ autoInsertSpace: false }}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: brandColor, colorLink: brandColor, fontFamily, borderRadius: 6 },
      }}
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
