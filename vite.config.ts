import { extractStyle } from '@ant-design/static-style-extract';
import { ConfigProvider } from 'antd';
import { createElement } from 'react';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { themeConfig } from './src/web/app/theme.js';

const antdStylesId = 'virtual:antd-styles.css';

/**
 * antd's component styles for the app's theme as a plain stylesheet, rendered once here: the app runs
 * antd in zero-runtime mode (providers.tsx), so no browser generates them again on every page load.
 */
function antdStyles(): Plugin {
  return {
    name: 'antd-styles',
    resolveId: (id) => (id === antdStylesId ? `\0${antdStylesId}` : undefined),
    load: (id) =>
      id === `\0${antdStylesId}`
        ? extractStyle({
            customTheme: (node) => createElement(ConfigProvider, { theme: themeConfig }, node),
            // Its generated CSS does not parse (a selector missing its class), and the app has no tours.
            excludes: ['Tour'],
          })
        : undefined,
  };
}

// The web app lives in src/web and is served by the API server from dist/web.
export default defineConfig({
  root: 'src/web',
  plugins: [antdStyles(), react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
