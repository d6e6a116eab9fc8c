/**
 * Configuration from the environment (DESIGN.md "Configuration"). Parsed once; bad values stop
 * the process at start with the variable's name.
 */
import { z } from 'zod';

const emptyAsUnset = (v: unknown) => (v === '' ? undefined : v);

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  /** PGlite data directory when DATABASE_URL is unset */
  PGLITE_DIR: z.string().default('.data/pglite'),
  REDIS_URL: z.string().url().optional(),
  /**
   * Proxies whose X-Forwarded-For is believed (Fastify `trustProxy`): unset → none, so clients
   * cannot pick the IP the rate limits count; `true`, or comma-separated addresses/CIDRs.
   */
  TRUST_PROXY: z.string().optional(),
  /** extra origins allowed for CORS and CSRF, comma-separated */
  CORS_ORIGINS: z
    .string()
    .default(
      'http://localhost:8080,http://localhost:8081,http://localhost:8082,http://localhost:8083,http://localhost:8084',
    ),
  /** minutes an unpaid order holds its tickets */
  HOLD_MINUTES: z.coerce.number().int().min(1).max(120).default(15),
  /** minutes a chosen seat stays held before checkout (pretix's cart reservation time) */
  SEAT_HOLD_MINUTES: z.coerce.number().int().min(1).max(120).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** bearer token that may read /metrics from anywhere (without it: loopback clients only) */
  METRICS_TOKEN: z.preprocess(emptyAsUnset, z.string().min(16).optional()),
  /** in-process cache of the public catalogue (modules/events/catalogue-cache.ts); `off` disables it */
  CACHE: z.enum(['on', 'off']).default('on'),
  /** job worker: a RUNNING job whose worker went silent this long is taken again (ms) */
  JOB_LEASE_MS: z.coerce.number().int().min(100).optional(),
  /** job worker: idle polling interval (ms) */
  JOB_POLL_MS: z.coerce.number().int().min(10).optional(),
  /** seed the demo world at start when the database is empty (default on outside production) */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  /** Google sign-in for customers (auth/google.ts); both set, or neither */
  GOOGLE_CLIENT_ID: z.preprocess(emptyAsUnset, z.string().optional()),
  GOOGLE_CLIENT_SECRET: z.preprocess(emptyAsUnset, z.string().optional()),
  /** the origin browsers reach the server at (OAuth redirect URI); default http://localhost:<PORT> */
  PUBLIC_URL: z.preprocess(emptyAsUnset, z.string().url().optional()),
  /** e-mail notifications through nodemailer, e.g. smtps://user:pass@smtp.example.com:465; unset → outbox */
  SMTP_URL: z.preprocess(emptyAsUnset, z.string().url().optional()),
  /** the From of notification e-mails */
  SMTP_FROM: z.preprocess(emptyAsUnset, z.string().default('Admit <no-reply@admit.local>')),
  /** SMS and WhatsApp notifications through Twilio; unset → outbox (modules/notifications/providers.ts) */
  TWILIO_ACCOUNT_SID: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/)
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: z.preprocess(emptyAsUnset, z.string().optional()),
  /** E.164 sender (or alphanumeric sender id) for SMS; unset → SMS stays in the outbox */
  TWILIO_FROM_SMS: z.preprocess(emptyAsUnset, z.string().optional()),
  /** WhatsApp sender, e.g. +14155238886 (the `whatsapp:` prefix is added); unset → outbox */
  TWILIO_FROM_WHATSAPP: z.preprocess(emptyAsUnset, z.string().optional()),
  /** Stripe secret key (sk_test_…/sk_live_…); unset → the offline payment provider (DESIGN.md "Payments") */
  STRIPE_SECRET_KEY: z.preprocess(emptyAsUnset, z.string().startsWith('sk_').optional()),
  /** signing secret of the `/webhooks/stripe` endpoint (whsec_…); required with STRIPE_SECRET_KEY */
  STRIPE_WEBHOOK_SECRET: z.preprocess(emptyAsUnset, z.string().startsWith('whsec_').optional()),
  /** publishable key (pk_…) handed to the SPAs for the Payment Element */
  STRIPE_PUBLISHABLE_KEY: z.preprocess(emptyAsUnset, z.string().startsWith('pk_').optional()),
  /** Stripe API base for tests against a local stand-in; default https://api.stripe.com */
  STRIPE_API_BASE: z.preprocess(emptyAsUnset, z.string().url().optional()),
  /**
   * drand relay for verifiable raffle draws (modules/raffles/draw; ADR 0017), e.g. the public
   * https://api.drand.sh. Unset or `off` → raffles draw in offline COMMIT_REVEAL mode (the safe
   * default of `npm start` with no network, and of tests unless they set it).
   */
  DRAND_URL: z.preprocess(emptyAsUnset, z.union([z.literal('off'), z.string().url()]).optional()),
  /** ms one drand HTTP request may take before the draw job retries later */
  DRAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** default currency of new events and ledger books */
  CURRENCY: z.preprocess(emptyAsUnset, z.string().length(3).default('EGP')),
  /** fee for a requested NFC card, minor units of CURRENCY (seed 003 Plan 1 "Request card"); 0 = free */
  NFC_CARD_FEE_MINOR: z.coerce.number().int().min(0).max(10_000_000).default(5000),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    throw new Error(`Invalid environment: ${JSON.stringify(fields)}`);
  }
  const e = parsed.data;
  if (!e.GOOGLE_CLIENT_ID !== !e.GOOGLE_CLIENT_SECRET) {
    const missing = e.GOOGLE_CLIENT_ID ? 'GOOGLE_CLIENT_SECRET' : 'GOOGLE_CLIENT_ID';
    throw new Error(`Invalid environment: {"${missing}":["required when the other GOOGLE_CLIENT_* is set"]}`);
  }
  if (!e.TWILIO_ACCOUNT_SID !== !e.TWILIO_AUTH_TOKEN) {
    const missing = e.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID';
    throw new Error(
      `Invalid environment: {"${missing}":["required when the other of TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN is set"]}`,
    );
  }
  if (e.STRIPE_SECRET_KEY && (!e.STRIPE_WEBHOOK_SECRET || !e.STRIPE_PUBLISHABLE_KEY)) {
    const missing = !e.STRIPE_WEBHOOK_SECRET ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_PUBLISHABLE_KEY';
    throw new Error(`Invalid environment: {"${missing}":["required when STRIPE_SECRET_KEY is set"]}`);
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    redisUrl: e.REDIS_URL,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    holdMinutes: e.HOLD_MINUTES,
    seatHoldMinutes: e.SEAT_HOLD_MINUTES,
    trustProxy:
      e.TRUST_PROXY === undefined || e.TRUST_PROXY === 'false'
        ? false
        : e.TRUST_PROXY === 'true'
          ? true
          : e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    cache: e.CACHE === 'on',
    jobs: { leaseMs: e.JOB_LEASE_MS, pollMs: e.JOB_POLL_MS },
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : e.NODE_ENV !== 'production',
    publicUrl,
    google:
      e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
        ? {
            clientId: e.GOOGLE_CLIENT_ID,
            clientSecret: e.GOOGLE_CLIENT_SECRET,
            redirectUri: `${publicUrl}/auth/google/callback`,
          }
        : null,
    /** Stripe when a secret key is configured; null → the offline provider (test mode) */
    stripe: e.STRIPE_SECRET_KEY
      ? {
          secretKey: e.STRIPE_SECRET_KEY,
          webhookSecret: e.STRIPE_WEBHOOK_SECRET!,
          publishableKey: e.STRIPE_PUBLISHABLE_KEY!,
          apiBase: e.STRIPE_API_BASE ?? null,
        }
      : null,
    currency: e.CURRENCY.toUpperCase(),
    /** NFC card fee in minor units of `currency` (modules/nfc) */
    nfcCardFeeMinor: e.NFC_CARD_FEE_MINOR,
    /** drand relay of raffle draws; null → COMMIT_REVEAL mode (DRAND_URL unset or `off`) */
    drand: {
      url: e.DRAND_URL && e.DRAND_URL !== 'off' ? e.DRAND_URL.replace(/\/+$/, '') : null,
      timeoutMs: e.DRAND_TIMEOUT_MS,
    },
    /** channel providers; a channel without one delivers to the outbox */
    notifications: {
      smtpUrl: e.SMTP_URL ?? null,
      mailFrom: e.SMTP_FROM,
      twilio:
        e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
          ? {
              accountSid: e.TWILIO_ACCOUNT_SID,
              authToken: e.TWILIO_AUTH_TOKEN,
              fromSms: e.TWILIO_FROM_SMS ?? null,
              fromWhatsapp: e.TWILIO_FROM_WHATSAPP ?? null,
            }
          : null,
    },
  };
}
