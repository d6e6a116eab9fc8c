import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = 'http://localhost:3000';

/** The usher gate SPA, served by the server under /usher/ (server/src/http/app.ts PORTALS). */
export default defineConfig({
  base: '/usher/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    port: 8084,
    strictPort: true,
    proxy: {
      '/trpc': { target: api },
      '/api': { target: api },
      '/socket.io': { target: api, ws: true },
    },
  },
  preview: { port: 8084 },
});
