import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = 'http://localhost:3000';

/** The organizer portal: built to dist/ and served by the server under /organizer/ (server/src/http/app.ts PORTALS). */
export default defineConfig({
  base: '/organizer/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 8082,
    strictPort: true,
    proxy: {
      '/trpc': { target: backend, changeOrigin: true },
      '/api': { target: backend, changeOrigin: true },
      '/socket.io': { target: backend, changeOrigin: true, ws: true },
    },
  },
  preview: { port: 8082 },
});
