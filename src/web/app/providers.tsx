import { App as AntApp, ConfigProvider, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { Outlet } from 'react-router';
import { AuthProvider } from '../features/auth/components/auth-provider.js';
import '../lib/format.js';

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

/** Root route element: UI providers and the session live inside the router so pages can navigate. */
export function RootProviders() {
  return (
    <UiProviders>
      <AuthProvider>
        <Outlet />
      </AuthProvider>
    </UiProviders>
  );
}
