/**
 * Registers the service worker (vite-plugin-pwa, generateSW, registerType 'autoUpdate'): it
 * precaches the app shell so /usher/ opens with the network gone. A new version takes over at
 * once; the page reloads to it only when no scan is on screen, so an usher is never interrupted
 * mid-answer (queued scans live in IndexedDB and survive the reload anyway).
 */
import { registerSW } from 'virtual:pwa-register';

/** true while a scan answer (or a pending scan) is on screen (set by the scan page) */
let busy = false;
export function setScanBusy(value: boolean): void {
  busy = value;
}

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  registerSW({
    immediate: true,
    onNeedReload() {
      const reloadWhenIdle = () => {
        if (busy) setTimeout(reloadWhenIdle, 2000);
        else window.location.reload();
      };
      reloadWhenIdle();
    },
    onRegisterError(error: unknown) {
      console.warn('The offline app could not be installed:', error);
    },
  });
}
