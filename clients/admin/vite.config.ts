import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = 'http://localhost:3000';

/**
 * The admin back office: built to dist/ and served by the server under /admin/
 * (server/src/http/app.ts PORTALS); `vite` proxies the API in dev. The Host header is kept
 * (no changeOrigin) so the server's same-origin CSRF check accepts cookie mutations.
 */
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 8081,
    strictPort: true,
    proxy: {
      '/trpc': { target: backend },
      '/api': { target: backend },
      '/socket.io': { target: backend, ws: true },
    },
  },
  preview: { port: 8081 },
});
