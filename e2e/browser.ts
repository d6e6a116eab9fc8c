/**
 * The Chromium every e2e file drives: where it is, whether the e2e files can run, and how it is
 * launched (playwright-core with the system Chromium; no browser download); `browserSuite` is the
 * database + server + browser setup the files share.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium, type Page, type ViewportSize } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openTestDatabase, startTestServer, testDeps } from '../server/test/harness.ts';

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

type Deps = ReturnType<typeof testDeps>;
type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** What a file's tests get from `browserSuite` (the getters are valid inside hooks and tests). */
export interface BrowserSuite {
  /** the app's dependencies over the suite's own PGlite database (clock, outbox, …) */
  readonly deps: Deps;
  /** the started server (API + built clients) at `server.url` */
  readonly server: TestServer;
  /** the suite's headless Chromium */
  readonly browser: Browser;
  /**
   * A page in a new browser context (a fresh device: no cookies, no storage). `context` is merged
   * over the suite's defaults (its `viewport`), e.g. `{ acceptDownloads: true }`. Uncaught errors
   * in the page are recorded, and the test fails on them (see `browserSuite`).
   */
  newPage(context?: BrowserContextOptions): Promise<Page>;
}

/**
 * The setup every Chromium e2e file shares; call it once at the top of the file's `describe`. It
 * registers the hooks: `beforeAll` opens a PGlite test database, builds `testDeps` over it,
 * starts the server (`startTestServer`) and launches Chromium (`launchChromium`); `afterEach`
 * fails the test if any page from `newPage()` had an uncaught error (`pageerror`), then forgets
 * them; `afterAll` closes the browser, the server and the database. The file's own `beforeAll`
 * (registered after this call) runs once all of that is up; its own `afterAll` runs before it is
 * closed. `viewport` is the default viewport of `newPage()` (Playwright's own when left out).
 */
export function browserSuite(opts: { viewport?: ViewportSize } = {}): BrowserSuite {
  let db: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  let deps: Deps | undefined;
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let pageErrors: Error[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    deps = testDeps(db);
    server = await startTestServer(deps);
    browser = await launchChromium();
  });
  afterEach(() => {
    const errors = pageErrors;
    pageErrors = [];
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`browserSuite: ${name} is set up in beforeAll; use it in hooks and tests`);
    return value;
  };
  return {
    get deps() {
      return ready(deps, 'deps');
    },
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    async newPage(context = {}) {
      const defaults: BrowserContextOptions = opts.viewport ? { viewport: opts.viewport } : {};
      const page = await (await ready(browser, 'browser').newContext({ ...defaults, ...context })).newPage();
      page.on('pageerror', (err) => pageErrors.push(err));
      return page;
    },
  };
}
