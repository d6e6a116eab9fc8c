import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const api = 'http://localhost:3000';

/**
 * The usher gate SPA, served by the server under /usher/ (server/src/http/app.ts PORTALS), and
 * an installable PWA (issue 6): a generated Workbox service worker precaches the app shell so
 * the app opens and scans with the network gone; the data lives in IndexedDB (src/offline/).
 */
export default defineConfig({
  base: '/usher/',
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // registered from src/pwa.ts (virtual:pwa-register); no inline script (the CSP forbids it)
      injectRegister: false,
      base: '/usher/',
      scope: '/usher/',
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/apple-touch-icon.png'],
      manifest: {
        id: '/usher/',
        name: 'Admit Gate',
        short_name: 'Gate',
        description: 'Check tickets and NFC cards at the event entrance, with or without a network.',
        lang: 'en',
        start_url: '/usher/',
        scope: '/usher/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0d1020',
        background_color: '#0d1020',
        categories: ['business', 'productivity'],
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // the app shell: every built file (the QR worker included); the plugin adds the manifest,
        // its icons and includeAssets
        globPatterns: ['**/*.{js,css,html}'],
        // deep links (/usher/scan, /usher/logs?page=2) open the cached shell when offline
        navigateFallback: 'index.html',
        navigateFallbackAllowlist: [/^\/usher(\/|$)/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // API calls (/trpc, /api, /socket.io) are never cached: the app keeps its data in IndexedDB
        runtimeCaching: [],
      },
      devOptions: { enabled: false },
    }),
  ],
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
