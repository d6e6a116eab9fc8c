import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = 'http://localhost:3000';

/** The customer SPA: built to dist/ and served by the server at `/`; `vite` proxies the API in dev. */
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 8080,
    strictPort: true,
    proxy: {
      '/trpc': { target: backend, changeOrigin: true },
      '/api': { target: backend, changeOrigin: true },
      '/socket.io': { target: backend, changeOrigin: true, ws: true },
    },
  },
  preview: { port: 8080 },
});
