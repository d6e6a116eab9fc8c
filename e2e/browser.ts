/**
 * The Chromium every e2e file drives: where it is, whether the e2e files can run, and how it is
 * launched (playwright-core with the system Chromium; no browser download).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The Chromium binary: `CHROMIUM_PATH`, else the Debian package's /usr/bin/chromium. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * True when Chromium is installed and every one of `builtFiles` (paths from the repository root,
 * e.g. `clients/admin/dist/index.html`) exists. Otherwise warns `[skip] e2e: <why>` and returns
 * false, so the file's suite is skipped; with `CI=true` it throws instead, because e2e is required
 * in CI. `notBuilt` is the reason given when a built file is missing.
 */
export function e2eReady(builtFiles: string[], notBuilt: string): boolean {
  const built = builtFiles.every((file) => existsSync(new URL(`../${file}`, import.meta.url)));
  const chromiumThere = existsSync(CHROMIUM);
  if (!chromiumThere || !built) {
    const why = !built ? notBuilt : `no Chromium at ${CHROMIUM}`;
    if (process.env.CI === 'true') throw new Error(`e2e is required in CI: ${why}`);
    console.warn(`[skip] e2e: ${why}`);
  }
  return chromiumThere && built;
}

/** `clients/<name>/dist/index.html` for each named client: the usual `builtFiles` of `e2eReady`. */
export const builtClients = (...names: string[]) => names.map((name) => `clients/${name}/dist/index.html`);

/** A headless Chromium with the background traffic (updates, sync, networking) switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
