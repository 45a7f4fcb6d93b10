import { theme, type ThemeConfig } from 'antd';

// Plain data (no JSX), so the build can render antd's styles for exactly this theme (vite.config.ts).

const fontFamily =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

/** 党建红 as the brand colour, as party-building systems conventionally use. */
const brandColor = '#b5222a';

export const themeConfig: ThemeConfig = {
  algorithm: theme.defaultAlgorithm,
  token: { colorPrimary: brandColor, colorLink: brandColor, fontFamily, borderRadius: 6 },
};
