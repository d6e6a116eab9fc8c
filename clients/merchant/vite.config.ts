import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = 'http://localhost:3000';

/** The merchant portal: built to dist/ and served by the server under /merchant/ (server/src/http/app.ts PORTALS). */
export default defineConfig({
  base: '/merchant/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 8083,
    strictPort: true,
    proxy: {
      '/trpc': { target: backend, changeOrigin: true },
      '/api': { target: backend, changeOrigin: true },
      '/socket.io': { target: backend, changeOrigin: true, ws: true },
    },
  },
  preview: { port: 8083 },
});
