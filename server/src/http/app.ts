/**
 * The HTTP server: one Fastify instance on one port (DESIGN.md "Configuration") serving
 *   /trpc/*        tRPC (superjson) for the SPAs
 *   /api/*         the same procedures at the seeds' REST paths (trpc-to-openapi),
 *                  /api/openapi.json and the docs page /api/docs
 *   /socket.io/*   realtime
 *   /auth/google/* Google sign-in for customers (auth/google.ts)
 *   /healthz, /readyz, /metrics, /api/logs/system/export.csv   operations (ops/http.ts)
 *   /webhooks/stripe   signed Stripe events, when Stripe is configured (stripe-webhook.ts)
 *   /api/v1/users/orders/:id/receipt/, /api/organizer/payouts/:id/invoice/   PDFs (documents.ts)
 *   /usher/*, /*   the built SPAs (deep links fall back to each SPA's index.html)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { fastifyTRPCOpenApiPlugin, generateOpenApiDocument } from 'trpc-to-openapi';
import { registerGoogleAuth } from '../auth/google.ts';
import type { AppDeps } from '../deps.ts';
import { appErrorOf } from '../errors.ts';
import { registerPeopleCsvRoutes } from '../modules/backoffice/csv-routes.ts';
import { registerCatalogCsvRoutes } from '../modules/catalog/csv-http.ts';
import { registerCustomerPhotoUpload } from '../modules/customer-extras/photo-upload.ts';
import { registerNfcCsvRoute } from '../modules/nfc/nfc-csv-route.ts';
import { setSeatPublisher } from '../modules/seating/seat-events.ts';
import { isDatabaseUnavailable, oncePer, UNAVAILABLE_MESSAGE } from '../ops/db-errors.ts';
import { installRequestTracking, registerOpsRoutes, requestIdGenerator } from '../ops/http.ts';
import { attachRealtime, type Realtime } from '../realtime/socket.ts';
import { createContextFactory } from '../trpc/context.ts';
import { appRouter, productionRouter } from '../trpc/router.ts';
import { registerDocumentRoutes } from './documents.ts';
import { restError, toSeedErrorBody } from './rest-errors.ts';
import { registerStripeWebhook } from './stripe-webhook.ts';
import { registerTrpc } from './trpc-plugin.ts';
import { registerUploads } from './uploads.ts';

export const CLIENTS_DIR = join(import.meta.dirname, '../../../clients');

/** SPAs served by the server: URL prefix → built directory. Order matters: `/` last. */
export const PORTALS = [
  { name: 'usher', prefix: '/usher/' },
  { name: 'organizer', prefix: '/organizer/' },
  { name: 'merchant', prefix: '/merchant/' },
  { name: 'practitioner', prefix: '/practitioner/' },
  { name: 'admin', prefix: '/admin/' },
  { name: 'webapp', prefix: '/' },
] as const;

export interface BuiltServer {
  app: FastifyInstance;
  realtime: Realtime;
  /** readiness fails from here on; sockets are disconnected and HTTP drains (in-flight requests finish) */
  close(): Promise<void>;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildServer(deps: AppDeps & { log: Logger }): Promise<BuiltServer> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    routerOptions: { maxParamLength: 5000 },
    genReqId: requestIdGenerator(config),
    // Fastify's request lines name the id like every other line: `requestId`
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    trustProxy: config.trustProxy,
  });
  const router = config.isProduction ? productionRouter : appRouter;
  // request id (x-request-id, async scope), latency metrics, draining on shutdown, for every route
  let draining = false;
  installRequestTracking(app, { router, restPaths: () => openApiDocument.paths as never, draining: () => draining });
  // a database outage outside tRPC (OAuth callback, …) is a 503 too, never a 500 with internals
  app.setErrorHandler((err, _req, reply) => {
    if (!isDatabaseUnavailable(err)) throw err;
    return reply
      .code(503)
      .header('retry-after', '5')
      .send({ error: { code: 'UNAVAILABLE', message: UNAVAILABLE_MESSAGE } });
  });

  await app.register(fastifyCookie);
  await app.register(fastifyCors, { origin: config.corsOrigins, credentials: true });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        workerSrc: ["'self'", 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.isProduction,
  });

  // CSRF (DESIGN.md "Sessions"): a state-changing request authenticated by the session cookie
  // must come from our own origin (or an allow-listed portal origin). Bearer requests are exempt:
  // a browser never adds that header cross-site on its own.
  app.addHook('onRequest', async (req, reply) => {
    if (!STATE_CHANGING.has(req.method) || req.headers.authorization || !req.cookies?.admit_session) return;
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const sameHost = origin ? new URL(origin).host === req.headers.host : false;
    const allowed = origin
      ? sameHost || config.corsOrigins.includes(origin)
      : site === undefined || site === 'same-origin' || site === 'none';
    if (!allowed) {
      return reply.code(403).send({ error: { code: 'FORBIDDEN', message: 'Cross-site request refused.' } });
    }
  });

  const realtime = await attachRealtime(app.server, deps, {
    redisUrl: config.redisUrl,
    corsOrigins: config.corsOrigins,
  });
  // seat changes committed outside a request (hold sweep, jobs) are published here (modules/seating)
  setSeatPublisher(realtime.publish);
  const createContext = createContextFactory(deps, { publish: realtime.publish, secureCookies: config.isProduction });
  const warnUnavailable = oncePer(10_000);
  const onError = ({
    error,
    path,
    ctx,
  }: {
    error: { code: string; cause?: unknown };
    path?: string;
    ctx?: { meta: { requestId: string } };
  }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR' && !appErrorOf(error)) {
      deps.log.error({ err: error.cause ?? error, path, requestId: ctx?.meta.requestId }, 'unexpected error');
    } else if (error.code === 'SERVICE_UNAVAILABLE' && warnUnavailable()) {
      deps.log.warn({ path, requestId: ctx?.meta.requestId }, 'database unavailable: answering 503');
    }
  };

  await registerTrpc(app, { prefix: '/trpc', router, createContext, onError });

  const openApiDocument = generateOpenApiDocument(router, {
    title: 'Admit API',
    version: '0.1.0',
    description:
      'REST surface of the Admit procedures, at the seeds’ paths. Authenticate with `Authorization: Bearer <token>` from a sign-in response.',
    baseUrl: '/api',
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
  });
  app.get('/api/openapi.json', async () => openApiDocument);
  await app.register(fastifySwagger, { mode: 'static', specification: { document: openApiDocument as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(async (api) => {
    api.addHook('onSend', async (req, reply, payload) => {
      if (reply.statusCode < 400 || req.url.startsWith('/api/docs')) return payload;
      return toSeedErrorBody(typeof payload === 'string' ? payload : String(payload ?? ''), reply.statusCode);
    });
    await api.register(fastifyTRPCOpenApiPlugin, { basePath: '/api', router, createContext, onError });
  });

  // OAuth 2.0 token endpoint: clients send the grant form-encoded (RFC 6749 §4.3.2), which
  // trpc-to-openapi does not parse; this route takes form or JSON and calls the same procedure.
  await app.register(async (scope) => {
    await scope.register(fastifyFormbody);
    scope.post('/api/token', async (req, reply) => {
      const caller = router.createCaller(await createContext({ req, res: reply }));
      // token responses must not be cached (RFC 6749 §5.1)
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      try {
        return await caller.auth.token(req.body as never);
      } catch (err) {
        const { status, body } = restError(err);
        if (status === 401) reply.header('www-authenticate', 'Bearer');
        return reply.code(status).type('application/json').send(body);
      }
    });
  });

  // Audit log as CSV (issue 3): same filters and permission as `admin.audit.list`.
  app.get('/api/logs/audit/export.csv', async (req, reply) => {
    const ctx = await createContext({ req, res: reply });
    const caller = router.createCaller(ctx);
    try {
      const { csv } = await caller.admin.audit.exportCsv(req.query as never);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    } catch (err) {
      const { status, body } = restError(err);
      return reply.code(status).type('application/json').send(body);
    }
  });

  // PDF receipts and payout statements, through their procedures (http/documents.ts)
  registerDocumentRoutes(app, async (req, reply) => router.createCaller(await createContext({ req, res: reply })));

  // people lists and check-in log as CSV (modules/backoffice/csv-routes.ts, ADR 0022)
  registerPeopleCsvRoutes(app, async (req, reply) => router.createCaller(await createContext({ req, res: reply })));
  // events, tickets, venues as CSV (modules/catalog/csv-http.ts, ADR 0022)
  registerCatalogCsvRoutes(app, async (req, reply) => router.createCaller(await createContext({ req, res: reply })));
  // NFC cards as CSV (modules/nfc/nfc-csv-route.ts)
  registerNfcCsvRoute(app, async (req, reply) => router.createCaller(await createContext({ req, res: reply })));

  // raffle image uploads and the public /uploads/ files (http/uploads.ts)
  await registerUploads(app, deps, (req, reply) => createContext({ req, res: reply }));
  await registerCustomerPhotoUpload(app, deps, (req, reply) => createContext({ req, res: reply }));

  // Stripe's events: raw body, verified signature, one transaction per event (stripe-webhook.ts)
  if (config.stripe) await registerStripeWebhook(app, deps, realtime.publish);

  registerOpsRoutes(app, {
    db: deps.db,
    config,
    redisPing: realtime.ping,
    sockets: () => realtime.io.of('/').sockets.size,
    draining: () => draining,
    systemCsv: async (req, reply) =>
      router.createCaller(await createContext({ req, res: reply })).admin.logs.systemCsv(req.query as never),
  });
  registerGoogleAuth(app, deps);

  registerSpas(app);

  return {
    app,
    realtime,
    async close() {
      draining = true;
      await realtime.close();
      await app.close();
    },
  };
}

function registerSpas(app: FastifyInstance) {
  const built = PORTALS.map((p) => ({ ...p, root: join(CLIENTS_DIR, p.name, 'dist') })).filter((p) =>
    existsSync(join(p.root, 'index.html')),
  );
  built.forEach((p, i) => {
    void app.register(fastifyStatic, {
      root: p.root,
      prefix: p.prefix,
      decorateReply: i === 0,
      wildcard: p.prefix !== '/',
      index: ['index.html'],
      // hashed assets are immutable; index.html must always be revalidated
      setHeaders(res, path) {
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  });
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    const isApi = /^\/(api|trpc|socket\.io|webhooks)(\/|$)/.test(url);
    if (req.method === 'GET' && !isApi && !/\.[a-z0-9]+$/i.test(url)) {
      const spa = built.find((p) => url.startsWith(p.prefix) || `${url}/` === p.prefix);
      if (spa) return reply.header('cache-control', 'no-cache').sendFile('index.html', spa.root);
      return reply.code(404).type('text/plain').send('The portals are not built. Run `pnpm build`.');
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url}` } });
  });
}
